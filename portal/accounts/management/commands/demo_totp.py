"""Print the current two-factor code of a demo account (DEMO_MODE only)."""

import time

from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from portal.accounts.models import User


class Command(BaseCommand):
    help = "Print the current 6-digit authenticator code of a demo account (DEMO_MODE only)."

    def add_arguments(self, parser):
        parser.add_argument("email", help="The demo account's e-mail address.")

    def handle(self, *args, email, **options):
        if not settings.DEMO_MODE:
            raise CommandError(
                "demo_totp only runs on a demonstration site (DEMO_MODE=1): on a real site it "
                "would defeat two-factor sign-in."
            )
        user = User.objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(f"No account has the e-mail address {email}.")
        authenticator = Authenticator.objects.filter(
            user=user, type=Authenticator.Type.TOTP
        ).first()
        if authenticator is None:
            raise CommandError(f"{user.email} has no authenticator app set up.")
        secret = decrypt(authenticator.data["secret"])
        code = format_hotp_value(hotp_value(secret, int(time.time()) // mfa_settings.TOTP_PERIOD))
        self.stdout.write(code)
