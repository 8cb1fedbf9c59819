from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from handbook.actions import DEMO_PASSWORD, DEMO_USERS, HandbookDataError, load_handbook
from portal.accounts.actions import (
    DEMO_TOTP_COMMAND,
    DEMO_TOTP_SECRET,
    activate_two_factor_with_secret,
)


class Command(BaseCommand):
    help = (
        "Load the regional handbook, its glossary and the country profiles under the default "
        "Site's root page, and give the Editors and Moderators groups their permissions and "
        "workflow. Creates only what is missing (matched by slug) and brings pages and terms "
        "no editor has changed up to date: safe to run again. With DEMO_MODE on it also "
        "creates a demo editor and a demo moderator."
    )

    def handle(self, *args, **options):
        try:
            created = load_handbook(demo_users=settings.DEMO_MODE)
        except HandbookDataError as error:
            raise CommandError(str(error)) from error
        made = {kind: n for kind, n in created.items() if n and not kind.endswith(" updated")}
        updated = {kind: n for kind, n in created.items() if n and kind.endswith(" updated")}
        if made:
            summary = ", ".join(f"{count} {kind}" for kind, count in made.items())
            self.stdout.write(self.style.SUCCESS(f"Handbook loaded: created {summary}."))
        if updated:
            # Pages and terms still as shipped, brought up to date with corrected data.
            summary = ", ".join(f"{count} {kind}" for kind, count in updated.items())
            self.stdout.write(self.style.SUCCESS(f"Handbook brought up to date: {summary}."))
        if not made and not updated:
            self.stdout.write("Handbook already loaded: nothing to create.")
        if settings.DEMO_MODE:
            # Editors and moderators reach the Wagtail admin, so they need two-factor sign-in:
            # the demo ones share the demo accounts' authenticator secret.
            users = get_user_model().objects.filter(email__in=[email for email, *_ in DEMO_USERS])
            for user in users:
                if not is_mfa_enabled(user):
                    activate_two_factor_with_secret(user=user, secret=DEMO_TOTP_SECRET)
            for email, name, group in DEMO_USERS:
                self.stdout.write(
                    f"  {name} ({group}): {email} / {DEMO_PASSWORD}, two-factor secret "
                    f"{DEMO_TOTP_SECRET} (or: `{DEMO_TOTP_COMMAND.format(email=email)}`)"
                )
