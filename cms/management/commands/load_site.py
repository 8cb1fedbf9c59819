from django.core.management.base import BaseCommand

from cms.actions import load_site


class Command(BaseCommand):
    help = (
        "Make the site's home page the default Site's root and add the awareness pages, news, "
        "events, FAQ and contact page it lacks (from cms/data/site.json), and bring the pages "
        "no one has saved since they were loaded up to date with the data. Safe to run again."
    )

    def handle(self, *args, **options):
        created = load_site()
        for page in created:
            self.stdout.write(f"created {page.url_path} ({page._meta.verbose_name})")
        self.stdout.write(self.style.SUCCESS(f"Site loaded: {len(created)} page(s) created."))
