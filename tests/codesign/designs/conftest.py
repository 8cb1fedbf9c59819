"""Fixtures for the design editor's tests, built by calling actions: a workspace with a lead,
a co-author and a commenter, a design for the Mauritius framework in it, and a stranger's
workspace beside it."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.test import Client

from codesign.actions.designs import create_design
from codesign.actions.workspaces import open_workspace
from codesign.models import CredentialType, WorkspaceRole
from portal.accounts import actions as accounts
from portal.accounts.models import OrganisationKind
from portal.frameworks.models import Country, FrameworkLevel, QualificationFramework

PASSWORD = "a-long-test-passphrase-42"


@pytest.fixture
def make_user(db):
    def make(email, **extra):
        return accounts.create_user_with_verified_email(email=email, password=PASSWORD, **extra)

    return make


@pytest.fixture
def staff(make_user):
    person = make_user("staff@portal.example", is_staff=True)
    # Staff must have a second factor before any portal page opens to them.
    TOTP.activate(person, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    return person


@pytest.fixture
def make_organisation(staff):
    def make(name, admin, kind, country_code="MU"):
        country = Country.objects.get(code=country_code)
        organisation = accounts.register_organisation(
            name=name, kind=kind, country=country, by=admin
        )
        accounts.verify_organisation(organisation=organisation, by=staff)
        organisation.refresh_from_db()
        return organisation

    return make


@pytest.fixture
def lead(make_user):
    return make_user("lead@sugar.example", display_name="Lina Lead")


@pytest.fixture
def coauthor(make_user):
    return make_user("coauthor@uom.example", display_name="Cole Author")


@pytest.fixture
def commenter(make_user):
    return make_user("commenter@uom.example", display_name="Cami Commenter")


@pytest.fixture
def stranger(make_user):
    return make_user("stranger@elsewhere.example", display_name="Sam Stranger")


@pytest.fixture
def industry(make_organisation, lead):
    return make_organisation("Island Sugar Estates", lead, OrganisationKind.INDUSTRY)


@pytest.fixture
def university(make_organisation, coauthor):
    return make_organisation("University of Mauritius", coauthor, OrganisationKind.UNIVERSITY)


@pytest.fixture
def workspace(lead, coauthor, commenter, industry, university):
    return open_workspace(
        title="Solar technicians for the sugar estates",
        members=[
            (lead, industry, WorkspaceRole.LEAD),
            (coauthor, university, WorkspaceRole.CO_AUTHOR),
            (commenter, university, WorkspaceRole.COMMENTER),
        ],
        by=lead,
    )


@pytest.fixture
def mu_nqf(db):
    return QualificationFramework.objects.get(code="MU-NQF")


@pytest.fixture
def design(workspace, lead, mu_nqf):
    return create_design(
        workspace=workspace,
        title="Installing rooftop solar panels",
        framework=mu_nqf,
        level=FrameworkLevel.objects.get(framework=mu_nqf, number=5),
        credential_type=CredentialType.INDUSTRY_LED,
        by=lead,
    )


@pytest.fixture
def other_design(make_organisation, stranger, mu_nqf):
    """A design in a workspace none of the people above belongs to."""
    college = make_organisation("Other College", stranger, OrganisationKind.TVET)
    workspace = open_workspace(
        title="Someone else's workspace",
        members=[(stranger, college, WorkspaceRole.LEAD)],
        by=stranger,
    )
    return create_design(
        workspace=workspace,
        title="Someone else's design",
        framework=mu_nqf,
        level=FrameworkLevel.objects.get(framework=mu_nqf, number=4),
        credential_type=CredentialType.STAND_ALONE,
        by=stranger,
    )


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def as_lead(lead):
    return signed_in(lead)


@pytest.fixture
def as_coauthor(coauthor):
    return signed_in(coauthor)


@pytest.fixture
def as_commenter(commenter):
    return signed_in(commenter)


@pytest.fixture
def as_stranger(stranger):
    return signed_in(stranger)


@pytest.fixture
def as_staff(staff):
    return signed_in(staff)


FILLED = {
    "need": {"text": "The estates are installing solar panels and need technicians."},
    "learning_outcomes": {
        "outcomes": [
            {
                "statement": "Install a rooftop solar panel to the maker's instructions",
                "domain": "skills",
                "assessment": "Observed installation",
            },
            {
                "statement": "Explain the electrical risks of working on a roof",
                "domain": "knowledge",
                "assessment": "Short written test",
            },
        ]
    },
    "workload": {
        "guided_learning": "20",
        "self_study": "20",
        "work_based": "16",
        "assessment": "4",
    },
    "structure": {"text": "Three units: safety, mounting, wiring."},
    "entry_requirements": {"text": "An electrician's trade certificate."},
    "delivery": {"modes": ["blended"], "text": "Two weekends on an estate."},
    "assessment": {
        "text": "Observed installation and a short test.",
        "supervision": "onsite_verified",
    },
    "quality_assurance": {"text": "The university's programme approval."},
    "stackability": {"integration": "stand_alone", "towards": "", "rpl": ""},
    "resources": {"text": "A training roof and two instructors."},
    "review": {"text": "Reviewed each year with the estates."},
}


@pytest.fixture
def fill(university):
    """Save content in every section the design has (leaving out `leave_out`), as `by`."""
    from codesign.actions.designs import save_section
    from codesign.models import DesignSection

    def fill(design, by, leave_out=(), **overrides):
        contents = {
            **FILLED,
            "awarding_bodies": {"bodies": [university.pk], "others": ""},
            **overrides,
        }
        for section in DesignSection.objects.filter(design=design).exclude(key="basics"):
            if section.key in leave_out or section.key not in contents:
                continue
            save_section(
                design=design,
                key=section.key,
                content=contents[section.key],
                base_version=section.version,
                by=by,
            )
        design.refresh_from_db()
        return design

    return fill


def page_text(response):
    """The text of the page's main element, tags dropped and whitespace collapsed."""
    import html
    import re

    body = response.content.decode()
    main = body[body.index("<main") : body.index("</main>")]
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", main))).strip()
