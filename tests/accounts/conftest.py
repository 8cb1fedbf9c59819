import pytest

from portal.accounts import actions
from portal.accounts.models import MembershipRole, OrganisationKind
from portal.frameworks.models import Country, Sector

PASSWORD = "a-long-test-passphrase-42"


@pytest.fixture
def mauritius(db):
    return Country.objects.get_or_create(
        code="MU", defaults={"name": "Mauritius", "region": "SADC", "is_partner": True}
    )[0]


@pytest.fixture
def south_africa(db):
    return Country.objects.get_or_create(
        code="ZA", defaults={"name": "South Africa", "region": "SADC", "is_partner": True}
    )[0]


@pytest.fixture
def ict(db):
    return Sector.objects.get_or_create(
        key="ict_digital", defaults={"label": "ICT and digital skills"}
    )[0]


@pytest.fixture
def make_user(db):
    def make(email, **extra):
        return actions.create_user_with_verified_email(email=email, password=PASSWORD, **extra)

    return make


@pytest.fixture
def staff(make_user):
    return make_user("staff@test.example", is_staff=True)


@pytest.fixture
def make_organisation(staff, mauritius):
    def make(name, admin, kind=OrganisationKind.UNIVERSITY, country=None, verified=True):
        organisation = actions.register_organisation(
            name=name, kind=kind, country=country or mauritius, by=admin
        )
        if verified:
            actions.verify_organisation(organisation=organisation, by=staff)
        organisation.refresh_from_db()
        return organisation

    return make


@pytest.fixture
def admin_user(make_user):
    return make_user("admin@uni.example", display_name="Ada Admin")


@pytest.fixture
def member_user(make_user):
    return make_user("member@uni.example")


@pytest.fixture
def stranger(make_user):
    return make_user("stranger@elsewhere.example")


@pytest.fixture
def organisation(make_organisation, admin_user, member_user, staff):
    organisation = make_organisation("University of Testing", admin_user)
    actions.add_member(
        organisation=organisation, user=member_user, role=MembershipRole.MEMBER, by=staff
    )
    return organisation


@pytest.fixture
def other_organisation(make_organisation, stranger):
    return make_organisation("Other College", stranger, kind=OrganisationKind.TVET)
