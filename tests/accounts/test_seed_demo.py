from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import validate_totp_code
from django.core.management import CommandError, call_command

from portal.accounts.actions import DEMO_TOTP_SECRET
from portal.accounts.management.commands.seed_demo import DEMO_PASSWORD
from portal.accounts.models import Membership, Organisation, OrganisationKind, Role, User
from portal.audit.models import AuditEntry
from portal.frameworks.models import Country

COUNTED = [User, Organisation, Membership, EmailAddress, Authenticator, Country, AuditEntry]


def counts():
    return {model.__name__: model.objects.count() for model in COUNTED}


def seed():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def test_refuses_without_demo_mode(db, settings):
    settings.DEMO_MODE = False
    with pytest.raises(CommandError, match="DEMO_MODE"):
        call_command("seed_demo")
    with pytest.raises(CommandError, match="DEMO_MODE"):
        call_command("demo_totp", "staff@portal.example")
    assert not User.objects.exists()


def test_seeds_every_role_and_kind_once(db, settings):
    settings.DEMO_MODE = True
    output = seed()
    first = counts()
    output_again = seed()
    assert counts() == first, "running it twice creates nothing twice"
    assert output == output_again

    assert set(Organisation.objects.values_list("kind", flat=True)) == set(OrganisationKind.values)
    assert set(Organisation.objects.values_list("country__code", flat=True)) == {
        "MU",
        "ZA",
        "LS",
        "NA",
        "IE",
        "BE",
        "EE",
    }
    assert not Organisation.objects.unverified().exists()

    roles = set()
    for user in User.objects.all():
        assert user.check_password(DEMO_PASSWORD)
        address = EmailAddress.objects.get(user=user)
        assert address.verified and address.primary and address.email == user.email
        roles |= user.roles
        if user.requires_two_factor:
            assert Authenticator.objects.filter(user=user, type="totp").exists()
            assert Authenticator.objects.filter(user=user, type="recovery_codes").exists()
            assert user.email in output
    assert roles == set(Role.values)
    staff = User.objects.get(email="staff@portal.example")
    assert staff.is_superuser
    assert Membership.objects.filter(role="admin", user__email="orgadmin@portal.example").exists()
    assert DEMO_PASSWORD in output and DEMO_TOTP_SECRET in output


def test_demo_totp_prints_a_code_allauth_accepts(db, settings):
    settings.DEMO_MODE = True
    seed()
    out = StringIO()
    call_command("demo_totp", "reviewer@portal.example", stdout=out)
    code = out.getvalue().strip()
    assert len(code) == 6 and code.isdigit()
    assert validate_totp_code(DEMO_TOTP_SECRET, code)
    with pytest.raises(CommandError, match="no authenticator"):
        call_command("demo_totp", "industry@portal.example")
    with pytest.raises(CommandError, match="No account"):
        call_command("demo_totp", "nobody@portal.example")
