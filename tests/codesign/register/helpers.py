"""Building register entries the way the portal does: a design written, filled and marked
ready through the co-design actions, submitted to a quality authority, and approved.

`approve` goes through the review actions (codesign.actions.reviews): submit, assign, judge
the rubric, decide; the approve decision calls enter_in_register in its transaction.
"""

import datetime
import html
import re
from unittest import mock

from allauth.mfa.totp.internal.auth import TOTP
from django.utils import timezone

from codesign.actions import needs, reviews
from codesign.actions.designs import (
    create_design,
    mark_design_ready,
    reopen_design,
    save_section,
)
from codesign.actions.workspaces import open_workspace
from codesign.models import (
    CredentialType,
    Decision,
    Delivery,
    DesignSection,
    DesignStatus,
    Judgement,
    RegisterEntry,
    Urgency,
    Visibility,
    WorkspaceRole,
)
from codesign.rubric import rubric_for_round
from portal.accounts import actions as accounts
from portal.accounts.models import MembershipRole, OrganisationKind
from portal.frameworks.models import Country, FrameworkLevel, QualificationFramework, Sector

PASSWORD = "a-long-test-passphrase-42"
YEAR = datetime.timedelta(days=365)
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


def need_fields(**overrides):
    fields = {
        "title": "Solar technicians for the estates",
        "region": "North",
        "problem": "The estates are installing solar panels.",
        "skills": ["Installing solar panels"],
        "target_group": "Electricians on the estates.",
        "trainee_count": 20,
        "urgency": Urgency.WEEKS,
        "delivery": Delivery.BLENDED,
        "visibility": Visibility.PUBLIC,
        "sector": Sector.objects.get(key="energy"),
        "country": Country.objects.get(code="MU"),
    }
    fields.update(overrides)
    return fields


class People:
    """The cast: staff; quality authorities of Mauritius (its admin and a reviewer) and of
    Ireland; an industry partner and a university of Mauritius, whose lead and co-author share
    a workspace answering an energy sector need (and `open_workspace` opens more); a
    stranger."""

    def __init__(self):
        self.staff = make_user("staff@portal.example", is_staff=True)
        self.lead = make_user("lead@sugar.example", display_name="Lina Lead")
        self.coauthor = make_user("coauthor@uom.example", display_name="Cole Author")
        self.authority_admin = make_user("admin@hec.example", display_name="Ada Admin")
        self.reviewer = make_user("reviewer@hec.example", display_name="Rui Reviewer")
        self.irish_admin = make_user("admin@qqi.example", display_name="Ines Irish")
        self.stranger = make_user("stranger@elsewhere.example")
        for user in (self.staff, self.authority_admin, self.reviewer, self.irish_admin):
            TOTP.activate(user, TOTP_SECRET)

        def organisation(name, admin, kind, country="MU"):
            made = accounts.register_organisation(
                name=name, kind=kind, country=Country.objects.get(code=country), by=admin
            )
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
        self.irish_authority = organisation(
            "Quality and Qualifications Ireland",
            self.irish_admin,
            OrganisationKind.QUALITY_AUTHORITY,
            country="IE",
        )
        accounts.add_member(
            organisation=self.authority,
            user=self.reviewer,
            role=MembershipRole.MEMBER,
            by=self.staff,
        )
        self.workspace = self.open_workspace()

    def open_workspace(self, title="Solar technicians for the sugar estates", sector="energy"):
        need = needs.post_need(
            organisation=self.industry,
            by=self.lead,
            **need_fields(title=title, sector=Sector.objects.get(key=sector)),
        )
        return open_workspace(
            title=title,
            need=need,
            members=[
                (self.lead, self.industry, WorkspaceRole.LEAD),
                (self.coauthor, self.university, WorkspaceRole.CO_AUTHOR),
            ],
            by=self.lead,
        )


def write_design(
    people,
    *,
    workspace=None,
    title="Installing rooftop solar panels",
    framework="MU-NQF",
    level=5,
    credential_type=CredentialType.INDUSTRY_LED,
    **overrides,
):
    """A design written in every section and marked ready, through the co-design actions."""
    framework = QualificationFramework.objects.get(code=framework)
    design = create_design(
        workspace=workspace or people.workspace,
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


def approve(people, design, *, rereview_of=None, authority=None):
    """Submit the design to the authority (or start a re-review of an entry), have its admin
    assign a reviewer, judge every criterion met and approve: the review actions, whose
    approve decision calls enter_in_register. Returns the register entry."""
    return approve_submission(
        people, submit(people, design, rereview_of=rereview_of, authority=authority)
    )


def submit(people, design, *, rereview_of=None, authority=None):
    authority = authority or people.authority
    if rereview_of is not None:
        return reviews.start_rereview(entry=rereview_of, authority=authority, by=people.lead)
    return reviews.submit_design(design=design, authority=authority, by=people.lead)


def approve_submission(people, submission):
    admin, reviewer = (
        (people.authority_admin, people.reviewer)
        if submission.authority == people.authority
        else (people.irish_admin, people.irish_admin)
    )
    reviews.assign_reviewer(submission=submission, reviewer=reviewer, by=admin)
    round = submission.rounds.get()
    reviews.save_rubric(
        round=round,
        judgements={criterion.key: (Judgement.MET, "") for criterion in rubric_for_round(round)},
        by=reviewer,
    )
    reviews.decide(round=round, decision=Decision.APPROVE, reasons="", by=reviewer)
    return RegisterEntry.objects.get(versions__submission=submission)


def redraft(people, design, key, content):
    """Save a section of a design that went back to draft when it was submitted."""
    design.refresh_from_db()
    if design.status == DesignStatus.READY:
        reopen_design(design=design, by=people.lead)
    section = DesignSection.objects.get(design=design, key=key)
    save_section(
        design=design, key=key, content=content, base_version=section.version, by=people.lead
    )
    design.refresh_from_db()
    return design


def text(response):
    """The page's visible words, tags stripped and spaces collapsed."""
    page = response.content.decode()
    page = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", page, flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))


class Register:
    """Four entries in every state, for the read-only tests (lists, exports, API):

    - solar: MU-NQF level 5 (SADCQF 5), industry-led, energy, 60 h = 3 credits = 2.4 ECTS,
      awarded by the University of Mauritius and the Sugar Industry Board; recognised.
    - bookkeeping: IE-NFQ level 6 (EQF 5), stackable, ICT, 125 h = 5 ECTS, awarded by the
      university, approved by QQI; recognised.
    - inverters: MU-NQF level 4, stand-alone, energy, 30 h, awarded by Island Sugar Estates;
      withdrawn by the authority.
    - knitwear: MU-NQF level 5, ICT, lapsed on its review date.
    """

    def __init__(self):
        from codesign.actions.register import lapse_due_entries, withdraw_entry

        people = self.people = People()
        digital = people.open_workspace("Digital skills for small firms", sector="ict_digital")
        self.solar = approve(people, write_design(people))
        self.bookkeeping = approve(
            people,
            write_design(
                people,
                workspace=digital,
                title="Digital bookkeeping for small firms",
                framework="IE-NFQ",
                level=6,
                credential_type=CredentialType.STACKABLE,
                workload={
                    "guided_learning": "50",
                    "self_study": "50",
                    "work_based": "20",
                    "assessment": "5",
                },
                learning_outcomes={
                    "outcomes": [
                        {
                            "statement": "Record a month of sales in bookkeeping software",
                            "domain": "skills",
                            "assessment": "Practical test",
                        }
                    ]
                },
                awarding_bodies={"bodies": [people.university.pk], "others": ""},
            ),
            authority=people.irish_authority,
        )
        self.inverters = approve(
            people,
            write_design(
                people,
                title="Maintaining solar inverters",
                level=4,
                credential_type=CredentialType.STAND_ALONE,
                workload={
                    "guided_learning": "10",
                    "self_study": "10",
                    "work_based": "8",
                    "assessment": "2",
                },
                awarding_bodies={"bodies": [people.industry.pk], "others": ""},
            ),
        )
        withdraw_entry(
            entry=self.inverters,
            reason="The estates no longer use these inverters.",
            by=people.authority_admin,
        )
        knitwear = write_design(people, workspace=digital, title="Pattern cutting for knitwear")
        # Approved a year earlier than the others, so it reaches its review date first.
        with mock.patch("django.utils.timezone.now", return_value=timezone.now() - YEAR):
            self.knitwear = approve(people, knitwear)
        lapse_due_entries(today=self.knitwear.review_date)
        for entry in (self.solar, self.bookkeeping, self.inverters, self.knitwear):
            entry.refresh_from_db()
