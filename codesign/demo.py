"""Co-design demo data for `seed_demo`: skill needs, offers, workspaces and designs, and the
complete Mauritius design submitted to the HEC with the demo reviewer assigned.

Drawn from the PoMiSA 2025 conference report: the sectors the partner countries named, industry's
call for training "within weeks rather than months", and Mauritius' industry-led pilots. The
organisations and people are made up (portal/accounts/management/commands/seed_demo.py). Every
row is made through the co-design actions, so the demo is a state the portal can reach; running
it again changes nothing.
"""

import contextlib

from allauth.mfa.models import Authenticator
from django.core.exceptions import ValidationError
from django.urls import reverse

from portal.accounts import actions as account_actions
from portal.accounts.models import MembershipRole, User
from portal.frameworks.models import Country, FrameworkLevel, QualificationFramework, Sector

from .actions import comments as comment_actions
from .actions import designs as design_actions
from .actions import needs as need_actions
from .actions import reviews as review_actions
from .models import (
    ACTIVE_STATUSES,
    Design,
    DesignSection,
    Offer,
    SkillNeed,
    Submission,
    Urgency,
    Visibility,
)

DEMO_PASSWORD = "demo-portal-2025"  # noqa: S105 (the demo accounts' published password)

# People who post the needs the printed demo accounts do not.
POSTERS = {
    "Cape Winelands Agri-Tech Co-operative": ("farm.ops@portal.example", "Pieter van Wyk"),
    "Erongo Green Hydrogen Partners": ("hse@portal.example", "Ndinelago Amukoto"),
    "Shannon MedTech Skillnet": ("skills@portal.example", "Orla Keane"),
}

NEEDS = [
    {
        "organisation": "Ebène Digital Services Ltd",
        "poster": "industry@portal.example",
        "title": "Using generative AI tools safely in customer service",
        "sector": "ict_digital",
        "country": "MU",
        "region": "Ebène Cybercity",
        "problem": (
            "Our contact-centre agents started using generative AI assistants to draft replies "
            "to customers. Some replies were wrong, and some agents pasted customers' personal "
            "data into public tools.\n\nWe need team leaders who can set safe ways of working, "
            "check AI-drafted replies before they go out, and coach their teams."
        ),
        "skills": [
            "Writing and checking prompts for customer replies",
            "Spotting wrong or invented answers",
            "Keeping personal data out of AI tools",
            "Coaching agents on safe use",
        ],
        "target_group": "Team leaders and senior agents in contact centres, most without a degree.",
        "trainee_count": 40,
        "urgency": Urgency.WEEKS,
        "delivery": "blended",
        "visibility": Visibility.PUBLIC,
    },
    {
        "organisation": "Maseru Textiles and Apparel Ltd",
        "poster": "industry.ls@portal.example",
        "title": "Digital pattern making for garment line supervisors",
        "sector": "textiles_apparel",
        "country": "LS",
        "region": "Maseru and Maputsoe",
        "problem": (
            "New buyers send their patterns as digital files. Our supervisors grade and cut "
            "from paper, so orders wait while patterns are redrawn by hand."
        ),
        "skills": [
            "Reading digital pattern files",
            "Grading patterns for a size range",
            "Planning a cutting lay to reduce waste",
        ],
        "target_group": "Line supervisors in garment factories, many from rural districts.",
        "trainee_count": 25,
        "urgency": Urgency.MONTHS,
        "delivery": "on_site",
        "visibility": Visibility.PUBLIC,
    },
    {
        "organisation": "Cape Winelands Agri-Tech Co-operative",
        "title": "Irrigation scheduling with soil-moisture sensors",
        "sector": "agriculture",
        "country": "ZA",
        "region": "Western Cape",
        "problem": (
            "Members installed soil-moisture sensors but still irrigate by the calendar. Water "
            "is scarce and tariffs rise every year."
        ),
        "skills": [
            "Installing and checking soil-moisture sensors",
            "Reading sensor dashboards",
            "Setting irrigation schedules from the readings",
        ],
        "target_group": "Farm workers and irrigation foremen on member farms.",
        "trainee_count": 60,
        "urgency": Urgency.HALF_YEAR,
        "delivery": "work_based",
        "visibility": Visibility.PUBLIC,
    },
    {
        "organisation": "Erongo Green Hydrogen Partners",
        "title": "Hydrogen safety for electrolyser technicians",
        "sector": "energy",
        "country": "NA",
        "region": "Erongo",
        "problem": (
            "The first electrolysers arrive next year. Electricians and fitters hired locally "
            "have never worked with hydrogen."
        ),
        "skills": [
            "Hydrogen properties and hazards",
            "Leak detection",
            "Permit-to-work and isolation",
        ],
        "target_group": "Qualified electricians and fitters from Walvis Bay and Swakopmund.",
        "trainee_count": 30,
        "urgency": Urgency.YEAR,
        "delivery": "blended",
        "visibility": Visibility.MEMBERS,
    },
    {
        "organisation": "Shannon MedTech Skillnet",
        "title": "Cleanroom practice for medical device operators",
        "sector": "health",
        "country": "IE",
        "region": "Mid-West",
        "problem": "Member companies lose weeks training each new operator in cleanroom practice.",
        "skills": ["Gowning", "Contamination control", "Good documentation practice"],
        "target_group": "New production operators in medical device plants.",
        "trainee_count": 80,
        "urgency": Urgency.MONTHS,
        "delivery": "on_site",
        "visibility": Visibility.PUBLIC,
    },
]

MU_OFFER = (
    "We run a certificate in digital customer service and can build a short blended "
    "micro-credential with your team leaders: four evening workshops, tasks done at work, and "
    "a practical assessment on your own replies."
)
LS_OFFER = (
    "Our clothing production department has pattern-grading software and can train "
    "supervisors on site in Maseru and Maputsoe, with short blocks between shifts."
)
ZA_OFFER = (
    "Our agricultural engineering group runs sensor trials on two farms and can offer a "
    "work-based micro-credential assessed on each farm."
)

# The complete design for the Mauritius framework: every section it requires.
MU_SECTIONS = {
    "need": {
        "text": (
            "Ebène Digital Services asked for this micro-credential after agents began using "
            "generative AI assistants without guidance: some replies were wrong and some "
            "exposed customers' personal data.\n\nIt answers the skill need posted on the "
            "portal and the conference's call for training within weeks rather than months."
        )
    },
    "learning_outcomes": {
        "outcomes": [
            {
                "statement": "Explain how generative AI tools produce text and why they can "
                "invent facts.",
                "domain": "knowledge",
                "assessment": "Short written explanation",
            },
            {
                "statement": "Identify customer data that must never be entered into a public "
                "AI tool.",
                "domain": "knowledge",
                "assessment": "Scenario quiz",
            },
            {
                "statement": "Write prompts that draft accurate, polite replies to common "
                "customer requests.",
                "domain": "skills",
                "assessment": "Portfolio of ten prompts and replies",
            },
            {
                "statement": "Check an AI-drafted reply against the customer record and "
                "correct it before it is sent.",
                "domain": "skills",
                "assessment": "Observed practical task",
            },
            {
                "statement": "Coach a team of agents to follow the safe-use rules and record "
                "incidents.",
                "domain": "responsibility_autonomy",
                "assessment": "Supervisor's report on a coaching session",
            },
        ]
    },
    "workload": {
        "guided_learning": "24",
        "self_study": "18",
        "work_based": "12",
        "assessment": "6",
    },
    "structure": {
        "text": (
            "1. How generative AI works, and where it fails (8 hours)\n"
            "2. Personal data and the Data Protection Act (8 hours)\n"
            "3. Prompting for customer service (20 hours)\n"
            "4. Checking and correcting replies (12 hours)\n"
            "5. Coaching and incident reporting (12 hours)"
        )
    },
    "entry_requirements": {
        "text": "At least one year in a customer-facing role. Prior learning is recognised: "
        "team leaders who already coach agents may be exempted from unit 5 by portfolio."
    },
    "delivery": {
        "modes": ["blended", "work_based"],
        "text": "Four evening workshops at the institute, online self-study, and tasks "
        "carried out at work with the supervisor's agreement.",
    },
    "assessment": {
        "text": "A portfolio of prompts and corrected replies, an observed practical task and a "
        "supervisor's report. Each outcome is assessed once; a second marker moderates a sample "
        "of ten per cent.",
        "supervision": "onsite_verified",
    },
    "quality_assurance": {
        "text": "Approved under the institute's internal quality procedures and submitted to "
        "the Higher Education Commission for approval against its criteria."
    },
    "stackability": {
        "integration": "stackable",
        "towards": "Credit towards the institute's Certificate in Digital Customer Service.",
        "rpl": "Portfolio route for experienced team leaders (see entry requirements).",
    },
    "resources": {
        "text": "A computer room with licensed AI tools that keep data private, two lecturers "
        "with industry experience, and anonymised customer cases from Ebène Digital Services."
    },
    "review": {
        "text": "Reviewed every year with the employer's feedback and learners' results, and in "
        "full before the end of its three-year shelf life."
    },
}

# The quality authority the Mauritius design is submitted to, and the admin who assigns its
# reviewers (the demo reviewer, reviewer@portal.example, is a member of it).
REVIEW_AUTHORITY = "Higher Education Commission (HEC)"
REVIEW_ADMIN = ("qa.admin@portal.example", "Kavita Ramsamy")
REVIEWER = "reviewer@portal.example"
MU_COVER_NOTE = (
    "Designed with Ebène Digital Services for its contact-centre team leaders. The proposal "
    "for approval is attached; the first cohort could start next term."
)

# The Lesotho design: filled in, with warnings left open for its authors.
LS_SECTIONS = {
    "need": {
        "text": "Maseru Textiles and Apparel needs supervisors who can work from buyers' "
        "digital patterns, so that orders no longer wait for patterns to be redrawn by hand."
    },
    "learning_outcomes": {
        "outcomes": [
            {
                "statement": "Understand the parts of a digital pattern file.",
                "domain": "knowledge",
                "assessment": "Oral questions at the workstation",
            },
            {
                "statement": "Grade a pattern across a size range with the software.",
                "domain": "skills",
                "assessment": "Practical task",
            },
            {
                "statement": "Plan a cutting lay that keeps fabric waste under the target.",
                "domain": "skills",
                "assessment": "Practical task with a waste calculation",
            },
        ]
    },
    "workload": {
        "guided_learning": "30",
        "self_study": "10",
        "work_based": "16",
        "assessment": "4",
    },
    "structure": {
        "text": "Three blocks of two days on site, with practice between blocks on the line."
    },
    "delivery": {"modes": ["on_site"], "text": "On site at the factories in Maseru and Maputsoe."},
    "assessment": {
        "text": "Practical tasks observed by the college's lecturer and the factory's "
        "production manager.",
        "supervision": "onsite_verified",
    },
    "quality_assurance": {
        "text": "The college's internal quality procedures; recognition by the Council on "
        "Higher Education to be discussed."
    },
    "stackability": {"integration": "stand_alone", "towards": "", "rpl": ""},
}


def _person(world, email, name, organisation):
    user = world.people.get(email) or User.objects.filter(email__iexact=email).first()
    if user is None:
        user = account_actions.create_user_with_verified_email(
            email=email, password=DEMO_PASSWORD, display_name=name, by=world.staff
        )
    if not organisation.memberships.filter(user=user).exists():
        account_actions.add_member(
            organisation=organisation, user=user, role=MembershipRole.MEMBER, by=world.staff
        )
    return user


def _poster(world, spec):
    organisation = world.organisations[spec["organisation"]]
    if "poster" in spec:
        return world.people[spec["poster"]], organisation
    email, name = POSTERS[spec["organisation"]]
    return _person(world, email, name, organisation), organisation


def _need(world, spec):
    poster, organisation = _poster(world, spec)
    existing = SkillNeed.objects.filter(organisation=organisation, title=spec["title"]).first()
    if existing is not None:
        return existing
    fields = {key: value for key, value in spec.items() if key not in ("organisation", "poster")}
    fields["sector"] = Sector.objects.get(key=fields["sector"])
    fields["country"] = Country.objects.get(code=fields["country"])
    return need_actions.post_need(organisation=organisation, by=poster, **fields)


def _offer(need, *, author, organisation, text, framework, level):
    existing = Offer.objects.filter(need=need, organisation=organisation).first()
    if existing is not None:
        return existing
    framework = QualificationFramework.objects.get(code=framework)
    return need_actions.make_offer(
        need=need,
        organisation=organisation,
        text=text,
        framework=framework,
        level=FrameworkLevel.objects.get(framework=framework, number=level),
        by=author,
    )


def _fill(design, sections, by):
    """Write each section that is still empty (so a second run writes nothing)."""
    for key, content in sections.items():
        if key == "awarding_bodies":
            continue
        section = DesignSection.objects.get(design=design, key=key)
        if section.version == 0:
            design_actions.save_section(
                design=design, key=key, content=content, base_version=0, by=by
            )


def _award_by(design, organisation, by):
    section = DesignSection.objects.get(design=design, key="awarding_bodies")
    if section.version == 0:
        design_actions.save_section(
            design=design,
            key="awarding_bodies",
            content={"bodies": [{"organisation": organisation.pk, "name": organisation.name}]},
            base_version=0,
            by=by,
        )


def _accepted(need, offer, owner):
    if offer.status == "accepted":
        return offer.workspace
    return need_actions.accept_offer(offer=offer, by=owner)


def _authority_admin(world, authority):
    """The demo authority's admin: made once, with the demo accounts' two-factor secret."""
    email, name = REVIEW_ADMIN
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = account_actions.create_user_with_verified_email(
            email=email, password=DEMO_PASSWORD, display_name=name, by=world.staff
        )
    if not authority.memberships.filter(user=user).exists():
        account_actions.add_member(
            organisation=authority, user=user, role=MembershipRole.ADMIN, by=world.staff
        )
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        account_actions.activate_two_factor_with_secret(
            user=user, secret=account_actions.DEMO_TOTP_SECRET, by=world.staff
        )
    return user


def _submitted(world, design, lead):
    """The design submitted to the HEC with the demo reviewer assigned, so the review queue
    has something in it; None if someone trying the demo left the design incomplete."""
    authority = world.organisations[REVIEW_AUTHORITY]
    admin = _authority_admin(world, authority)
    reviewer = world.people[REVIEWER]
    submission = Submission.objects.filter(design=design).order_by("pk").first()
    if submission is None:
        try:
            submission = review_actions.submit_design(
                design=design, authority=authority, cover_note=MU_COVER_NOTE, by=lead
            )
        except ValidationError:
            return None
    if (
        submission.status in ACTIVE_STATUSES
        and not submission.assignments.filter(reviewer=reviewer).exists()
    ):
        review_actions.assign_reviewer(submission=submission, reviewer=reviewer, by=admin)
    return submission


def seed_codesign(world):
    needs = {spec["title"]: _need(world, spec) for spec in NEEDS}
    people = world.people
    organisations = world.organisations

    # Mauritius: an accepted offer, a workspace, and a complete design.
    mu_need = needs[NEEDS[0]["title"]]
    mu_offer = _offer(
        mu_need,
        author=people["academic.mu@portal.example"],
        organisation=organisations["Mauritius Institute of Applied Sciences"],
        text=MU_OFFER,
        framework="MU-NQF",
        level=6,
    )
    mu_workspace = _accepted(mu_need, mu_offer, people["industry@portal.example"])
    mu_design = Design.objects.filter(workspace=mu_workspace).order_by("pk").first()
    _fill(mu_design, MU_SECTIONS, people["academic.mu@portal.example"])
    _award_by(
        mu_design,
        organisations["Mauritius Institute of Applied Sciences"],
        people["academic.mu@portal.example"],
    )
    if not mu_design.comments.exists():
        handle = mu_workspace.members.get(user=people["academic.mu@portal.example"]).handle
        thread = comment_actions.add_comment(
            design=mu_design,
            section_key="learning_outcomes",
            body=f"@{handle} could outcome 4 name the customer record system our agents use?",
            by=people["industry@portal.example"],
        )
        comment_actions.reply(
            comment=thread,
            body="Better not: the micro-credential should hold for other contact centres too.",
            by=people["academic.mu@portal.example"],
        )

    submission = _submitted(world, mu_design, people["academic.mu@portal.example"])

    # Lesotho: an accepted offer and a design with warnings still open.
    ls_need = needs[NEEDS[1]["title"]]
    ls_offer = _offer(
        ls_need,
        author=people["tvet@portal.example"],
        organisation=organisations["Leribe Technical and Vocational College"],
        text=LS_OFFER,
        framework="LS-LQF",
        level=5,
    )
    ls_workspace = _accepted(ls_need, ls_offer, people["industry.ls@portal.example"])
    ls_design = Design.objects.filter(workspace=ls_workspace).order_by("pk").first()
    _fill(ls_design, LS_SECTIONS, people["tvet@portal.example"])
    _award_by(
        ls_design,
        organisations["Leribe Technical and Vocational College"],
        people["tvet@portal.example"],
    )

    # South Africa: an offer waiting for the co-operative's answer.
    with contextlib.suppress(ValidationError):
        # Unless someone trying the demo closed or changed the need meanwhile.
        _offer(
            needs[NEEDS[2]["title"]],
            author=people["academic@portal.example"],
            organisation=organisations["University of the Highveld"],
            text=ZA_OFFER,
            framework="ZA-NQF",
            level=5,
        )

    lines = [
        f"Co-design demo: {SkillNeed.objects.count()} skill needs, "
        f"{Offer.objects.count()} offers, workspaces “{mu_workspace}” "
        f"({mu_workspace.get_absolute_url()}) and “{ls_workspace}” "
        f"({ls_workspace.get_absolute_url()}).",
    ]
    if submission is not None:
        lines.append(
            f"Review demo: “{mu_design}” is submitted to {REVIEW_AUTHORITY} "
            f"({reverse('codesign:review', args=[submission.pk])}), {REVIEWER} reviews it; "
            f"{REVIEW_ADMIN[0]} (its admin, password {DEMO_PASSWORD}, two-factor as below) "
            "assigns reviewers."
        )
    return [*lines, ""]
