from django.core.management.base import BaseCommand

from portal.documents.style import REFERENCE_PATH, check_house_style, make_reference


class Command(BaseCommand):
    help = "Write the reference house style (portal/documents/data/house_style.docx) again."

    def add_arguments(self, parser):
        parser.add_argument("--output", default=str(REFERENCE_PATH), help="Where to write it.")

    def handle(self, *args, output, **options):
        path = make_reference(output)
        problems = check_house_style(path)
        if problems:
            raise SystemExit("\n".join(problems))
        self.stdout.write(f"Wrote {path}")
