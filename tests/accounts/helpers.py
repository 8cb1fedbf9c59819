from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret


def enable_totp(user):
    """An authenticator app through allauth's own API; returns its secret."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret
