"""Fixtures of the skill needs tests, built by calling the actions: an industry partner with
an owner and a colleague, a university and a TVET college that offer, and a stranger."""

import pytest

from codesign.actions import needs as actions
from codesign.models import Delivery, Urgency, Visibility
from portal.accounts import actions as accounts
from portal.accounts.models import MembershipRole, OrganisationKind
from portal.frameworks.models import Country, FrameworkLevel, QualificationFramework, Sector
from tests.accounts.helpers import enable_totp

PASSWORD = "a-long-test-passphrase-42"


@pytest.fixture
def needs_make_user(db):
    def make(email, **extra):
        return accounts.create_user_with_verified_email(email=email, password=PASSWORD, **extra)

    return make


@pytest.fixture
def needs_staff(needs_make_user):
    """Project staff, with the two-factor sign-in their role requires."""
    user = needs_make_user("staff@project.example", is_staff=True)
    enable_totp(user)
    return user


@pytest.fixture
def mauritius(db):
    return Country.objects.get(code="MU")


@pytest.fixture
def lesotho(db):
    return Country.objects.get(code="LS")


@pytest.fixture
def ict(db):
    return Sector.objects.get(key="ict_digital")


@pytest.fixture
def textiles(db):
    return Sector.objects.get(key="textiles_apparel")


@pytest.fixture
def mu_framework(db):
    return QualificationFramework.objects.get(code="MU-NQF")


@pytest.fixture
def mu_level_5(mu_framework):
    return FrameworkLevel.objects.get(framework=mu_framework, number=5)


@pytest.fixture
def ls_level_4(db):
    return FrameworkLevel.objects.get(framework__code="LS-LQF", number=4)


@pytest.fixture
def needs_make_organisation(needs_staff, mauritius):
    def make(name, admin, kind, country=None, verified=True):
        organisation = accounts.register_organisation(
            name=name, kind=kind, country=country or mauritius, by=admin
        )
        if verified:
            accounts.verify_organisation(organisation=organisation, by=needs_staff)
        organisation.refresh_from_db()
        return organisation

    return make


@pytest.fixture
def industry_admin(needs_make_user):
    return needs_make_user("admin@textiles.example", display_name="Ines Admin")


@pytest.fixture
def poster(needs_make_user):
    return needs_make_user("poster@textiles.example", display_name="Paul Poster")


@pytest.fixture
def industry_member(needs_make_user):
    return needs_make_user("member@textiles.example", display_name="Mo Member")


@pytest.fixture
def industry(needs_make_organisation, industry_admin, poster, industry_member, needs_staff):
    organisation = needs_make_organisation(
        "Island Textiles", industry_admin, OrganisationKind.INDUSTRY
    )
    for user in (poster, industry_member):
        accounts.add_member(
            organisation=organisation, user=user, role=MembershipRole.MEMBER, by=needs_staff
        )
    return organisation


@pytest.fixture
def academic(needs_make_user):
    return needs_make_user("academic@uni.example", display_name="Amal Academic")


@pytest.fixture
def university(needs_make_organisation, academic):
    return needs_make_organisation(
        "University of the Island", academic, OrganisationKind.UNIVERSITY
    )


@pytest.fixture
def lecturer(needs_make_user):
    return needs_make_user("lecturer@tvet.example", display_name="Lea Lecturer")


@pytest.fixture
def college(needs_make_organisation, lecturer):
    return needs_make_organisation("Island TVET College", lecturer, OrganisationKind.TVET)


@pytest.fixture
def stranger(needs_make_user):
    """Signed in, and a member of a verified organisation that has nothing to do with the
    need (an NGO): sees public and members-only needs, nothing else."""
    return needs_make_user("stranger@elsewhere.example")


@pytest.fixture
def stranger_organisation(needs_make_organisation, stranger):
    return needs_make_organisation("Elsewhere Foundation", stranger, OrganisationKind.NGO)


def need_fields(**overrides):
    fields = {
        "title": "Pattern cutting for knitwear technicians",
        "region": "Port Louis",
        "problem": "Our technicians cut patterns by hand.\n\nWaste is high and orders are late.",
        "skills": ["Computer-aided pattern cutting", "Grading knitwear sizes"],
        "target_group": "Technicians on the factory floor, most with a school certificate.",
        "trainee_count": 40,
        "urgency": Urgency.WEEKS,
        "delivery": Delivery.BLENDED,
        "visibility": Visibility.PUBLIC,
    }
    fields.update(overrides)
    return fields


@pytest.fixture
def post(industry, poster, textiles, mauritius):
    """Post a need as `poster` of Island Textiles; keyword arguments override the fields."""

    def make(by=None, organisation=None, **overrides):
        fields = need_fields(**overrides)
        fields.setdefault("sector", textiles)
        fields.setdefault("country", mauritius)
        return actions.post_need(organisation=organisation or industry, by=by or poster, **fields)

    return make


@pytest.fixture
def need(post):
    return post()


@pytest.fixture
def offer_from(mu_framework, mu_level_5):
    def make(need, by, organisation, text="We teach CAD pattern cutting at level 5."):
        return actions.make_offer(
            need=need,
            organisation=organisation,
            text=text,
            framework=mu_framework,
            level=mu_level_5,
            by=by,
        )

    return make
