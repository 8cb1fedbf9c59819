from django.core.management.base import BaseCommand, CommandError

from portal.audit.actions import verify_chain


class Command(BaseCommand):
    help = "Walk the audit trail's hash chain and name the first entry that was altered or removed."

    def handle(self, *args, **options):
        checked, broken, why = verify_chain()
        if broken is not None:
            raise CommandError(
                f"Audit trail broken at entry #{broken.pk} ({broken.created_at:%Y-%m-%d %H:%M:%S}, "
                f"{broken.action}): {why}. {checked} entries before it are intact."
            )
        self.stdout.write(self.style.SUCCESS(f"Audit trail intact: {checked} entries verified."))
