"""A workspace with a lead, a co-author and a commenter from industry and a university, and a
design for the Mauritius framework, all made by the actions. The comments tests use these too."""

import pytest

from codesign.actions.designs import create_design, save_section
from codesign.actions.workspaces import open_workspace
from codesign.models import DesignSection, WorkspaceRole
from portal.accounts import actions as accounts
from portal.accounts.models import OrganisationKind
from portal.frameworks.actions import sync_reference_data
from portal.frameworks.models import Country, FrameworkLevel, QualificationFramework

PASSWORD = "a-long-test-passphrase-42"


@pytest.fixture
def make_person(db):
    def make(email, name=""):
        return accounts.create_user_with_verified_email(
            email=email, password=PASSWORD, display_name=name
        )

    return make


@pytest.fixture
def reviews_people(make_person):
    return {
        "lead": make_person("thandi@solarworks.example", "Thandi Lead"),
        "coauthor": make_person("amina@uom.example", "Amina Author"),
        "commenter": make_person("cas@uom.example", "Cas Commenter"),
        "stranger": make_person("eve@elsewhere.example", "Eve Stranger"),
    }


@pytest.fixture
def reviews_workspace(reviews_people):
    mauritius = Country.objects.get_or_create(
        code="MU", defaults={"name": "Mauritius", "region": "SADC", "is_partner": True}
    )[0]
    industry = accounts.register_organisation(
        name="Solar Works Ltd",
        kind=OrganisationKind.INDUSTRY,
        country=mauritius,
        by=reviews_people["lead"],
    )
    university = accounts.register_organisation(
        name="University of Mauritius Test",
        kind=OrganisationKind.UNIVERSITY,
        country=mauritius,
        by=reviews_people["coauthor"],
    )
    return open_workspace(
        title="Solar PV installers",
        members=[
            (reviews_people["lead"], industry, WorkspaceRole.LEAD),
            (reviews_people["coauthor"], university, WorkspaceRole.CO_AUTHOR),
            (reviews_people["commenter"], university, WorkspaceRole.COMMENTER),
        ],
        by=reviews_people["lead"],
    )


@pytest.fixture
def make_design(reviews_workspace, reviews_people):
    def make(title="Solar PV installation", workspace=None, by=None):
        if not QualificationFramework.objects.filter(code="MU-NQF").exists():
            # Transactional tests empty every table afterwards, migration data included.
            sync_reference_data()
        framework = QualificationFramework.objects.get(code="MU-NQF")
        return create_design(
            workspace=workspace or reviews_workspace,
            title=title,
            framework=framework,
            level=FrameworkLevel.objects.get(framework=framework, number=5),
            credential_type="industry_led",
            by=by or reviews_people["lead"],
        )

    return make


@pytest.fixture
def design(make_design):
    return make_design()


def save(design, key, content, by):
    """Save a section from the version stored now, as the section editor would."""
    version = DesignSection.objects.get(design=design, key=key).version
    return save_section(design=design, key=key, content=content, base_version=version, by=by)


def outcomes(count, word="install"):
    return {
        "outcomes": [
            {
                "statement": f"{word.capitalize()} solar panel array number {n} safely",
                "domain": "skills",
                "assessment": "Practical test on site",
            }
            for n in range(1, count + 1)
        ]
    }


@pytest.fixture
def other_design(make_person, make_design):
    """A design in a workspace of other people, for forged ids."""
    owner = make_person("owner@other.example", "Olu Other")
    workspace = open_workspace(
        title="Someone else's workspace",
        members=[(owner, None, WorkspaceRole.LEAD)],
        by=owner,
    )
    design = make_design(title="Another design", workspace=workspace, by=owner)
    save(design, "need", {"text": "Their need."}, owner)
    return design
