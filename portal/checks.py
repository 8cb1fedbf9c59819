"""System checks for a production deploy (`manage.py check --deploy`)."""

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security, deploy=True)
def demo_mode_is_off(app_configs, **kwargs):
    """Demo mode lets anyone sign in with the printed demo passwords and read the demo
    authenticator codes: a deploy with it on is open to all."""
    if not settings.DEMO_MODE:
        return []
    return [
        checks.Error(
            "DEMO_MODE is on: the demo accounts and demo_totp work on this deploy.",
            hint="Unset DEMO_MODE (or set it to 0) in the production environment.",
            id="portal.E001",
        )
    ]


@checks.register(checks.Tags.security, deploy=True)
def rate_limits_see_through_the_proxy(app_configs, **kwargs):
    """Behind a reverse proxy every request comes from the proxy's address: unless the
    rate limits are told which X-Forwarded-For entry to believe, every visitor shares one."""
    behind_a_proxy = settings.SECURE_PROXY_SSL_HEADER is not None
    if (
        not behind_a_proxy
        or settings.ALLAUTH_TRUSTED_PROXY_COUNT
        or settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER
    ):
        return []
    return [
        checks.Warning(
            "The portal trusts a reverse proxy's X-Forwarded-Proto (PORTAL_HTTPS), but rate "
            "limits count the proxy's own address: every visitor shares one sign-in and "
            "contact-form limit.",
            hint="Set TRUSTED_PROXY_COUNT to the number of proxies in front of gunicorn (1 "
            "behind one nginx), or TRUSTED_CLIENT_IP_HEADER to the header your proxy sets.",
            id="portal.W001",
        )
    ]
