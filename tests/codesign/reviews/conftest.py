"""Fixtures of the quality review tests, built by calling actions: the design editor's
workspace (a lead, a co-author, a commenter) with its design filled in completely; the
Higher Education Commission with an admin and two reviewers; another Mauritian authority and
a South African one with reviewers of their own; and helpers to submit, assign and judge."""

import pytest
from django.test import Client

from codesign.actions import reviews as actions
from codesign.models import Judgement
from codesign.rubric import rubric_for_round
from portal.accounts import actions as accounts
from portal.accounts.models import MembershipRole, OrganisationKind
from tests.accounts.helpers import enable_totp
from tests.codesign.designs import conftest as designs
from tests.codesign.designs.conftest import FILLED, PASSWORD, page_text  # noqa: F401

# The design editor's fixtures: its workspace of three, its design, `fill`, and strangers.
make_user = designs.make_user
staff = designs.staff
make_organisation = designs.make_organisation
lead = designs.lead
coauthor = designs.coauthor
commenter = designs.commenter
stranger = designs.stranger
industry = designs.industry
university = designs.university
workspace = designs.workspace
mu_nqf = designs.mu_nqf
design = designs.design
fill = designs.fill


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def make_qa_person(make_user):
    """A person who will be a member of an authority: their role needs two-factor sign-in."""

    def make(email, name):
        person = make_user(email, display_name=name)
        enable_totp(person)
        return person

    return make


@pytest.fixture
def hec_admin(make_qa_person):
    return make_qa_person("admin@hec.example", "Hema Admin")


@pytest.fixture
def reviewer(make_qa_person):
    return make_qa_person("anjali@hec.example", "Anjali Reviewer")


@pytest.fixture
def second_reviewer(make_qa_person):
    return make_qa_person("bruno@hec.example", "Bruno Reviewer")


@pytest.fixture
def hec(make_organisation, hec_admin, reviewer, second_reviewer, staff):
    authority = make_organisation(
        "Higher Education Commission", hec_admin, OrganisationKind.QUALITY_AUTHORITY
    )
    for person in (reviewer, second_reviewer):
        accounts.add_member(
            organisation=authority, user=person, role=MembershipRole.MEMBER, by=staff
        )
    return authority


@pytest.fixture
def mqa_reviewer(make_qa_person):
    return make_qa_person("omar@mqa.example", "Omar Other")


@pytest.fixture
def mqa(make_organisation, mqa_reviewer):
    """Another quality authority of Mauritius: its admin reviews nothing sent to the HEC."""
    return make_organisation(
        "Mauritius Qualifications Authority", mqa_reviewer, OrganisationKind.QUALITY_AUTHORITY
    )


@pytest.fixture
def saqa(make_organisation, make_qa_person):
    return make_organisation(
        "South African Qualifications Authority",
        make_qa_person("sipho@saqa.example", "Sipho Saqa"),
        OrganisationKind.QUALITY_AUTHORITY,
        country_code="ZA",
    )


@pytest.fixture
def complete_design(design, lead, fill):
    return fill(design, lead)


@pytest.fixture
def submission(complete_design, hec, lead):
    return actions.submit_design(
        design=complete_design, authority=hec, cover_note="For the HEC's June meeting.", by=lead
    )


@pytest.fixture
def assigned(submission, hec_admin, reviewer, second_reviewer):
    """The submission with both HEC reviewers assigned."""
    for person in (reviewer, second_reviewer):
        actions.assign_reviewer(submission=submission, reviewer=person, by=hec_admin)
    return submission


def current_round(submission):
    return submission.rounds.order_by("-number").first()


def judge_all(submission, by, judgement=Judgement.MET, **overrides):
    """Judge every criterion of the current round `judgement` (comment where one is needed);
    `overrides` maps a criterion key to (judgement, comment)."""
    round = current_round(submission)
    judgements = {
        criterion.key: (
            judgement,
            "" if judgement == Judgement.MET else f"Why {criterion.label} falls short.",
        )
        for criterion in rubric_for_round(round)
    }
    judgements.update(overrides)
    actions.save_rubric(round=round, judgements=judgements, by=by)
    return round


@pytest.fixture
def as_reviewer(reviewer):
    return signed_in(reviewer)


@pytest.fixture
def as_hec_admin(hec_admin):
    return signed_in(hec_admin)


@pytest.fixture
def as_mqa_reviewer(mqa_reviewer):
    return signed_in(mqa_reviewer)
