from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.contrib.sites.shortcuts import get_current_site

from portal.mail import send_after_commit


class PortalAccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix, email, context_data):
        """allauth's own, except that the message leaves after the commit, from a worker
        (portal.mail): a failing mail server never answers 500 or leaves an account
        half-made, and sign-up takes as long whether or not the address has an account."""
        request = context.request
        ctx = {"request": request, "email": email, "current_site": get_current_site(request)}
        ctx.update(context_data)
        send_after_commit(self.render_mail(template_prefix, email, ctx))


class PortalMFAAdapter(DefaultMFAAdapter):
    def can_delete_authenticator(self, authenticator):
        """Staff, QA reviewers and ministry officials keep their authenticator app: their role
        requires two-factor sign-in (see RequireTwoFactorMiddleware)."""
        if authenticator.type == Authenticator.Type.TOTP and authenticator.user.requires_two_factor:
            return False
        return super().can_delete_authenticator(authenticator)
