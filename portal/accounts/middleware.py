from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse

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
                "Your role needs two-factor sign-in. Set up an authenticator app to continue.",
            )
            return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)
