"""System checks for a production deploy (`manage.py check --deploy`)."""

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def demo_mode_is_off(app_configs, **kwargs):
    """Demo mode lets anyone sign in with the printed demo passwords and read the demo
    authenticator codes: a deploy with it on is open to all."""
    if not settings.DEMO_MODE:
        return []
    return [
        Error(
            "DEMO_MODE is on: the demo accounts and demo_totp work on this deploy.",
            hint="Unset DEMO_MODE (or set it to 0) in the production environment.",
            id="portal.E001",
        )
    ]
