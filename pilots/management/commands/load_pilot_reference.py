from django.core.management.base import BaseCommand

from pilots.actions.reference import sync_pilot_reference


class Command(BaseCommand):
    help = (
        "Load the shipped pilot reference data (each partner country's districts, regions, "
        "counties or provinces, and its youth definition). Creates only what is missing, so "
        "values staff changed in the admin survive; --overwrite puts the shipped values back."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--overwrite",
            action="store_true",
            help="Also restore the shipped values on rows that differ (undoes staff edits).",
        )

    def handle(self, *args, overwrite=False, **options):
        report = sync_pilot_reference(overwrite=overwrite)
        if not report:
            self.stdout.write(
                self.style.SUCCESS("Pilot reference data already complete: nothing to do.")
            )
            return
        for model, counts in sorted(report.items()):
            self.stdout.write(f"{model}: {counts['created']} created, {counts['updated']} updated")
        self.stdout.write(self.style.SUCCESS("Pilot reference data loaded."))
