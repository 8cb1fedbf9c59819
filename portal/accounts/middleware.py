from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

# Where someone who still has to set up two-factor sign-in may go: the set-up itself, the
# allauth pages it needs (re-authentication, e-mail confirmation), sign-out and the assets.
ALLOWED_PREFIXES = ("/accounts/", "/static/", "/media/", "/healthz")


class RequireTwoFactorMiddleware:
    """The one place that makes two-factor sign-in compulsory for staff, QA reviewers and
    ministry officials (allauth has no per-role switch). Until they have an authenticator,
    every other page sends them to set one up."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.path.startswith(ALLOWED_PREFIXES)
            and user.requires_two_factor
            and not is_mfa_enabled(user)
        ):
            messages.warning(
                request,
                _("Your role needs two-factor sign-in. Set up an authenticator app to continue."),
            )
            return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)


# When the person signed in, and when the session was last used (seconds since the epoch).
SIGNED_IN_AT = "portal_signed_in_at"
LAST_USED_AT = "portal_last_used_at"
# Last use is written at most once a minute, so a busy session is not saved on every request.
LAST_USED_PRECISION = 60


def session_limits(user):
    """(idle, lifetime) in seconds: shorter for the roles that need two-factor sign-in."""
    if user.requires_two_factor:
        return settings.TWO_FACTOR_SESSION_IDLE_SECONDS, settings.TWO_FACTOR_SESSION_SECONDS
    return settings.SESSION_IDLE_SECONDS, settings.SESSION_SECONDS


def _duration(seconds):
    if seconds % 86400 == 0:
        days = seconds // 86400
        return ngettext("%(count)d day", "%(count)d days", days) % {"count": days}
    if seconds % 3600 == 0:
        hours = seconds // 3600
        return ngettext("%(count)d hour", "%(count)d hours", hours) % {"count": hours}
    minutes = max(1, seconds // 60)
    return ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}


class SessionLifetimeMiddleware:
    """Signs a person out once their session has gone unused too long, or has lasted too long
    since they signed in however much it is used. Django's own session lasts
    SESSION_COOKIE_AGE from its last change, whether used or not."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            ended = self._why_ended(request)
            if ended:
                logout(request)
                messages.info(request, ended)
        response = self.get_response(request)
        if request.user.is_authenticated:  # signed in before or during this request
            self._note_use(request)
        return response

    def _why_ended(self, request):
        idle, lifetime = session_limits(request.user)
        now = timezone.now().timestamp()
        last_used_at = request.session.get(LAST_USED_AT, now)
        signed_in_at = request.session.get(SIGNED_IN_AT, now)
        if now - last_used_at > idle:
            return _("You were signed out after %(duration)s without using the portal.") % {
                "duration": _duration(idle)
            }
        if now - signed_in_at > lifetime:
            return _("You were signed out %(duration)s after signing in.") % {
                "duration": _duration(lifetime)
            }
        return None

    def _note_use(self, request):
        now = timezone.now().timestamp()
        request.session.setdefault(SIGNED_IN_AT, now)
        if now - request.session.get(LAST_USED_AT, 0) >= LAST_USED_PRECISION:
            request.session[LAST_USED_AT] = now
