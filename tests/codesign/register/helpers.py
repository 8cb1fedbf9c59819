"""Building register entries the way the portal does: a design written, filled and marked
ready through the co-design actions, submitted to a quality authority, and approved.

Until the review actions exist on this branch, `approve` makes the submission and its round
directly (the rows the review helper's submit action makes) and calls enter_in_register as
its approve decision does.
"""

import html
import re

from allauth.mfa.totp.internal.auth import TOTP
from django.utils import timezone

from codesign.actions.designs import create_design, mark_design_ready, save_section
from codesign.actions.register import enter_in_register
from codesign.actions.workspaces import open_workspace
from codesign.models import (
    CredentialType,
    Decision,
    DesignSection,
    ReviewRound,
    Submission,
    SubmissionStatus,
    WorkspaceRole,
)
from portal.accounts import actions as accounts
from portal.accounts.models import MembershipRole, OrganisationKind
from portal.frameworks.models import Country, FrameworkLevel, QualificationFramework

PASSWORD = "a-long-test-passphrase-42"
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"

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
    "further_information": {"text": "Run twice a year."},
}


def make_user(email, **extra):
    return accounts.create_user_with_verified_email(email=email, password=PASSWORD, **extra)


class People:
    """The cast: staff, a quality authority of Mauritius (its admin and a reviewer), and a
    workspace of an industry partner and a university (a lead, a co-author); a stranger."""

    def __init__(self):
        self.staff = make_user("staff@portal.example", is_staff=True)
        self.lead = make_user("lead@sugar.example", display_name="Lina Lead")
        self.coauthor = make_user("coauthor@uom.example", display_name="Cole Author")
        self.authority_admin = make_user("admin@hec.example", display_name="Ada Admin")
        self.reviewer = make_user("reviewer@hec.example", display_name="Rui Reviewer")
        self.stranger = make_user("stranger@elsewhere.example")
        for user in (self.staff, self.authority_admin, self.reviewer):
            TOTP.activate(user, TOTP_SECRET)
        country = Country.objects.get(code="MU")

        def organisation(name, admin, kind):
            made = accounts.register_organisation(name=name, kind=kind, country=country, by=admin)
            accounts.verify_organisation(organisation=made, by=self.staff)
            made.refresh_from_db()
            return made

        self.industry = organisation("Island Sugar Estates", self.lead, OrganisationKind.INDUSTRY)
        self.university = organisation(
            "University of Mauritius", self.coauthor, OrganisationKind.UNIVERSITY
        )
        self.authority = organisation(
            "Higher Education Commission", self.authority_admin, OrganisationKind.QUALITY_AUTHORITY
        )
        accounts.add_member(
            organisation=self.authority,
            user=self.reviewer,
            role=MembershipRole.MEMBER,
            by=self.staff,
        )
        self.workspace = open_workspace(
            title="Solar technicians for the sugar estates",
            members=[
                (self.lead, self.industry, WorkspaceRole.LEAD),
                (self.coauthor, self.university, WorkspaceRole.CO_AUTHOR),
            ],
            by=self.lead,
        )


def write_design(
    people,
    *,
    title="Installing rooftop solar panels",
    framework="MU-NQF",
    level=5,
    credential_type=CredentialType.INDUSTRY_LED,
    **overrides,
):
    """A design written in every section and marked ready, through the co-design actions."""
    framework = QualificationFramework.objects.get(code=framework)
    design = create_design(
        workspace=people.workspace,
        title=title,
        framework=framework,
        level=FrameworkLevel.objects.get(framework=framework, number=level),
        credential_type=credential_type,
        by=people.lead,
    )
    contents = {
        **FILLED,
        "awarding_bodies": {"bodies": [people.university.pk], "others": "Sugar Industry Board"},
        **overrides,
    }
    for section in DesignSection.objects.filter(design=design).exclude(key="basics"):
        if section.key in contents:
            save_section(
                design=design,
                key=section.key,
                content=contents[section.key],
                base_version=section.version,
                by=people.lead,
            )
    mark_design_ready(design=design, by=people.lead)
    design.refresh_from_db()
    return design


def approve(people, design, *, rereview_of=None):
    """Submit the design's latest revision to the authority and approve it: the rows the
    review actions make, then enter_in_register as the approve decision calls it."""
    now = timezone.now()
    submission = Submission.objects.create(
        design=design,
        authority=people.authority,
        status=SubmissionStatus.IN_REVIEW,
        rereview_of=rereview_of,
        submitted_by=people.lead,
    )
    round = ReviewRound.objects.create(
        submission=submission,
        number=1,
        revision=design.revisions.order_by("-number").first(),
        submitted_by=people.lead,
    )
    round.decision, round.decided_at, round.decided_by = Decision.APPROVE, now, people.reviewer
    round.save()
    submission.status, submission.closed_at = SubmissionStatus.APPROVED, now
    submission.save()
    return enter_in_register(submission=submission, round=round, by=people.reviewer)


def text(response):
    """The page's visible words, tags stripped and spaces collapsed."""
    page = response.content.decode()
    page = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", page, flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))
