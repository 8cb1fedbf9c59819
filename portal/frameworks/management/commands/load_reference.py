from django.core.management.base import BaseCommand

from portal.frameworks.actions import sync_reference_data


class Command(BaseCommand):
    help = (
        "Load the shipped reference data (countries, sectors, frameworks, levels, mappings, "
        "rules, approval criteria). Creates only what is missing, so values staff changed in "
        "the admin survive; --overwrite puts the shipped values back."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--overwrite",
            action="store_true",
            help="Also restore the shipped values on rows that differ (undoes staff edits).",
        )

    def handle(self, *args, overwrite=False, **options):
        report = sync_reference_data(overwrite=overwrite)
        if not report:
            self.stdout.write(self.style.SUCCESS("Reference data already complete: nothing to do."))
            return
        for model, counts in sorted(report.items()):
            self.stdout.write(f"{model}: {counts['created']} created, {counts['updated']} updated")
        self.stdout.write(self.style.SUCCESS("Reference data loaded."))
