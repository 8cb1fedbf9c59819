from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator


class PortalAccountAdapter(DefaultAccountAdapter):
    pass


class PortalMFAAdapter(DefaultMFAAdapter):
    def can_delete_authenticator(self, authenticator):
        """Staff, QA reviewers and ministry officials keep their authenticator app: their role
        requires two-factor sign-in (see RequireTwoFactorMiddleware)."""
        if authenticator.type == Authenticator.Type.TOTP and authenticator.user.requires_two_factor:
            return False
        return super().can_delete_authenticator(authenticator)
