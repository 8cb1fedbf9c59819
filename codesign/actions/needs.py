"""Skill needs and offers: industry posts a need, a university or college offers to meet it,
and the need's owner accepts one offer, which opens the workspace where both co-design."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.accounts.models import Membership, MembershipRole, Organisation, OrganisationKind
from portal.audit.actions import record
from portal.notifications.actions import notify
from portal.text import clean_name, clean_text

from ..models import (
    CredentialType,
    Delivery,
    NeedStatus,
    Offer,
    OfferStatus,
    SkillNeed,
    Urgency,
    Visibility,
    WorkspaceRole,
)
from .designs import create_design
from .workspaces import open_workspace

# The limits people are told about, beside each field.
TITLE_MAX_LENGTH = 200
REGION_MAX_LENGTH = 100
PROBLEM_MAX_LENGTH = 5000
TARGET_GROUP_MAX_LENGTH = 1000
SKILL_MAX_LENGTH = 200
SKILLS_MAX_COUNT = 30
# A whole sector's workforce in one country fits; a typing slip of extra zeros does not.
TRAINEE_COUNT_MAX = 100_000
OFFER_TEXT_MAX_LENGTH = 2000
MESSAGE_MAX_LENGTH = 1000

POSTING_KINDS = (OrganisationKind.INDUSTRY,)
OFFERING_KINDS = (OrganisationKind.UNIVERSITY, OrganisationKind.TVET)

# The statuses an owner may move a need to by hand. A need goes from open to in co-design
# only by accepting an offer; a closed need reopens to where it was.
STATUS_MOVES = {
    NeedStatus.OPEN: {NeedStatus.CLOSED},
    NeedStatus.IN_CODESIGN: {NeedStatus.MET, NeedStatus.CLOSED},
    NeedStatus.MET: {NeedStatus.IN_CODESIGN, NeedStatus.CLOSED},
    NeedStatus.CLOSED: {NeedStatus.OPEN, NeedStatus.IN_CODESIGN},
}


# Who may do what.


def organisations_that_may_post(user):
    """The verified industry organisations the person belongs to."""
    return Organisation.objects.verified().of_kind(*POSTING_KINDS).with_member(user)


def organisations_that_may_offer(user):
    """The verified universities and TVET colleges the person belongs to."""
    return Organisation.objects.verified().of_kind(*OFFERING_KINDS).with_member(user)


def is_owner(need, user):
    """The person who posted the need, while still in its organisation, and that
    organisation's admins."""
    if user is None or not user.is_authenticated:
        return False
    membership = Membership.objects.filter(organisation_id=need.organisation_id, user=user).first()
    if membership is None:
        return False
    return membership.role == MembershipRole.ADMIN or need.posted_by_id == user.pk


def may_withdraw(offer, user):
    """The offer's author, while still in the offering organisation, and its admins."""
    if user is None or not user.is_authenticated:
        return False
    membership = Membership.objects.filter(organisation_id=offer.organisation_id, user=user).first()
    if membership is None:
        return False
    return membership.role == MembershipRole.ADMIN or offer.author_id == user.pk


def allowed_status_moves(need):
    """The statuses the owner may choose now, in the order of NeedStatus."""
    moves = set(STATUS_MOVES[need.status])
    if need.status == NeedStatus.CLOSED:
        # Back to where it was: in co-design if an offer was accepted, open otherwise.
        accepted = need.offers.filter(status=OfferStatus.ACCEPTED).exists()
        moves.discard(NeedStatus.OPEN if accepted else NeedStatus.IN_CODESIGN)
    return [status for status in NeedStatus if status in moves]


# Cleaning what people type.


def _clean_title(value, *, max_length, required=True):
    """A short text under the rule of names, with markup refused as in longer text: it is
    shown escaped anyway, but "<script>" in a title is a mistake or a probe, not a title."""
    name = clean_name(value, required=required, max_length=max_length)
    return clean_text(name, max_length=max_length)


def _clean_skills(skills):
    if isinstance(skills, str):
        skills = skills.splitlines()
    cleaned, problems = [], []
    for number, item in enumerate((item for item in skills if item.strip()), start=1):
        try:
            cleaned.append(_clean_title(item, max_length=SKILL_MAX_LENGTH))
        except ValidationError as error:
            problems.append(
                _("Skill %(number)d (“%(start)s”): %(problem)s")
                % {
                    "number": number,
                    "start": " ".join(item.split())[:40],
                    "problem": " ".join(error.messages),
                }
            )
    if problems:
        raise ValidationError(problems)
    if not cleaned:
        raise ValidationError(_("List at least one skill or competency, one per line."))
    if len(cleaned) > SKILLS_MAX_COUNT:
        raise ValidationError(
            _("List at most %(max)d skills (this list has %(count)d): keep the essential ones.")
            % {"max": SKILLS_MAX_COUNT, "count": len(cleaned)}
        )
    return cleaned


def _clean_trainee_count(value):
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(_("Enter how many people, as a whole number."))
    if value < 1 or value > TRAINEE_COUNT_MAX:
        raise ValidationError(
            _("Enter a whole number from 1 to %(max)s.") % {"max": f"{TRAINEE_COUNT_MAX:,}"}
        )
    return value


def _clean_need(
    *,
    title,
    sector,
    country,
    region,
    problem,
    skills,
    target_group,
    trainee_count,
    urgency,
    delivery,
    visibility,
):
    """The need's fields as stored, or ValidationError naming every field at fault."""
    cleaners = {
        "title": lambda: _clean_title(title, max_length=TITLE_MAX_LENGTH),
        "region": lambda: _clean_title(region, required=False, max_length=REGION_MAX_LENGTH),
        "problem": lambda: clean_text(problem, max_length=PROBLEM_MAX_LENGTH, required=True),
        "skills": lambda: _clean_skills(skills),
        "target_group": lambda: clean_text(
            target_group, max_length=TARGET_GROUP_MAX_LENGTH, required=True
        ),
        "trainee_count": lambda: _clean_trainee_count(trainee_count),
    }
    cleaned, errors = {}, {}
    for field, clean in cleaners.items():
        try:
            cleaned[field] = clean()
        except ValidationError as error:
            errors[field] = error.messages
    if sector is None:
        errors["sector"] = [_("Choose the sector.")]
    if country is None:
        errors["country"] = [_("Choose the country.")]
    choices = {
        "urgency": (urgency, Urgency, _("Choose how soon the training is needed.")),
        "delivery": (delivery, Delivery, _("Choose the preferred delivery.")),
        "visibility": (visibility, Visibility, _("Choose who may see the need.")),
    }
    for field, (value, options, message) in choices.items():
        if value not in options.values:
            errors[field] = [message]
        cleaned[field] = value
    if errors:
        raise ValidationError(errors)
    return {**cleaned, "sector": sector, "country": country}


def _clean_message(message, field="message"):
    try:
        return clean_text(message, max_length=MESSAGE_MAX_LENGTH)
    except ValidationError as error:
        raise ValidationError({field: error.messages}) from error


def _lock_need(need):
    """Serialise every change to one need and its offers, so two owners acting at once
    cannot accept two offers, nor an offer land on a need being closed."""
    return (
        SkillNeed.objects.select_for_update(of=("self",))
        .select_related("organisation", "sector", "country")
        .get(pk=need.pk)
    )


def _require_owner(need, by):
    if not is_owner(need, by):
        raise ValidationError(
            _("Only the person who posted this need, or an admin of %(organisation)s, can do this.")
            % {"organisation": need.organisation}
        )


# Needs.


@transaction.atomic
def post_need(*, organisation, by, **fields):
    """Post a skill need for `organisation`, a verified industry organisation `by` belongs
    to. `fields` are the need's fields as _clean_need names them."""
    if (
        organisation is None
        or not organisations_that_may_post(by).filter(pk=organisation.pk).exists()
    ):
        raise ValidationError(
            {
                "organisation": _(
                    "Skill needs are posted by members of verified industry organisations: "
                    "choose one you belong to."
                )
            }
        )
    cleaned = _clean_need(**fields)
    need = SkillNeed.objects.create(organisation=organisation, posted_by=by, **cleaned)
    record(
        action="codesign.post_need",
        by=by,
        obj=need,
        detail={
            "organisation": organisation.slug,
            "sector": need.sector.key,
            "country": need.country.code,
            "visibility": need.visibility,
            "skills": len(need.skills),
        },
    )
    return need


@transaction.atomic
def update_need(*, need, by, **fields):
    need = _lock_need(need)
    _require_owner(need, by)
    cleaned = _clean_need(**fields)
    if cleaned["visibility"] == Visibility.ORGANISATION and (
        need.offers.pending().exclude(organisation=need.organisation).exists()
    ):
        raise ValidationError(
            {
                "visibility": _(
                    "Offers from other organisations are waiting for your answer: answer them "
                    "before you make the need visible to your organisation only."
                )
            }
        )
    changes = {}
    for field, value in cleaned.items():
        before = getattr(need, field)
        if before != value:
            changes[field] = {
                "from": str(getattr(before, "pk", before)),
                "to": str(getattr(value, "pk", value)),
            }
            setattr(need, field, value)
    if not changes:
        return need
    need.save()
    record(
        action="codesign.update_need",
        by=by,
        obj=need,
        # Long texts are named, not copied: the trail says what changed, the need says what it is.
        detail={
            field: change if field not in ("problem", "target_group", "skills") else "changed"
            for field, change in changes.items()
        },
    )
    return need


def _decline(offer, *, by, message, subject, body):
    offer.status = OfferStatus.DECLINED
    offer.decline_message = message
    offer.decided_at = timezone.now()
    offer.decided_by = by
    offer.save(update_fields=["status", "decline_message", "decided_at", "decided_by"])
    if offer.author is not None:
        if message:
            body = f"{body}\n\n{_('Their message:')}\n{message}"
        notify(
            recipient=offer.author,
            kind="codesign.offer_declined",
            subject=subject,
            body=body,
            url=reverse("codesign:need_detail", args=[offer.need_id]),
        )


@transaction.atomic
def change_need_status(*, need, status, by, message=""):
    """Move a need by hand: closing refuses new offers and declines the waiting ones (with
    `message` to their authors); a need is met or back in co-design as its owner says."""
    need = _lock_need(need)
    _require_owner(need, by)
    message = _clean_message(message)
    if status not in NeedStatus.values:
        raise ValidationError({"status": _("Choose a status.")})
    if status == need.status:
        raise ValidationError(
            {
                "status": _("The need is already “%(status)s”.")
                % {"status": need.get_status_display()}
            }
        )
    if status not in allowed_status_moves(need):
        if status == NeedStatus.IN_CODESIGN and need.status in (NeedStatus.OPEN, NeedStatus.CLOSED):
            problem = _("A need moves to “in co-design” when you accept an offer.")
        elif status == NeedStatus.OPEN:
            problem = _("An offer for this need was accepted: reopen it as “in co-design”.")
        else:
            problem = _("A need that is “%(from)s” cannot become “%(to)s”.") % {
                "from": need.get_status_display(),
                "to": NeedStatus(status).label,
            }
        raise ValidationError({"status": problem})
    declined = 0
    if status == NeedStatus.CLOSED:
        for offer in need.offers.pending().select_related("author"):
            _decline(
                offer,
                by=by,
                message=message,
                subject=_("“%(need)s” is closed") % {"need": need.title},
                body=_(
                    "%(organisation)s closed its skill need “%(need)s”, so your offer for it "
                    "is declined."
                )
                % {"organisation": need.organisation, "need": need.title},
            )
            declined += 1
    before = need.status
    need.status = status
    need.save(update_fields=["status", "updated_at"])
    record(
        action="codesign.change_need_status",
        by=by,
        obj=need,
        detail={"from": before, "to": status, "offers_declined": declined},
    )
    return need


# Offers.


@transaction.atomic
def make_offer(*, need, organisation, text, framework, level, by):
    """A verified university or college answers an open need it can see: one live offer
    per organisation and need."""
    need = _lock_need(need)
    if not SkillNeed.objects.visible_to(by).filter(pk=need.pk).exists():
        raise ValidationError(_("This skill need is not open to you."))
    if need.status != NeedStatus.OPEN:
        raise ValidationError(
            _("This need is “%(status)s”: it takes no new offers.")
            % {"status": need.get_status_display()}
        )
    errors = {}
    if (
        organisation is None
        or not organisations_that_may_offer(by).filter(pk=organisation.pk).exists()
    ):
        errors["organisation"] = [
            _(
                "Offers are made by members of verified universities and TVET colleges: choose "
                "one you belong to."
            )
        ]
    try:
        text = clean_text(text, max_length=OFFER_TEXT_MAX_LENGTH, required=True)
    except ValidationError as error:
        errors["text"] = error.messages
    if framework is None or level is None or level.framework_id != framework.pk:
        errors["level"] = [_("Choose a framework and one of its levels.")]
    if errors:
        raise ValidationError(errors)
    try:
        # The constraint one_live_offer_per_organisation decides; in a savepoint, so the
        # transaction stays usable for the message.
        with transaction.atomic():
            offer = Offer.objects.create(
                need=need,
                organisation=organisation,
                author=by,
                text=text,
                framework=framework,
                level=level,
            )
    except IntegrityError as error:
        raise ValidationError(
            {
                "organisation": _(
                    "%(organisation)s has already made an offer for this need: one offer per "
                    "organisation (withdraw a waiting one to make a new one)."
                )
                % {"organisation": organisation}
            }
        ) from error
    record(
        action="codesign.make_offer",
        by=by,
        obj=offer,
        detail={
            "need": need.pk,
            "organisation": organisation.slug,
            "framework": framework.code,
            "level": level.number,
        },
    )
    return offer


def _offer_of(need, offer):
    # The need's row is locked already: every change to its offers goes through it.
    locked = (
        Offer.objects.select_related("organisation", "author", "framework", "level")
        .filter(pk=offer.pk, need=need)
        .first()
    )
    if locked is None:
        raise ValidationError(_("This offer is not one of this need's."))
    return locked


def _require_pending(offer):
    if offer.status != OfferStatus.PENDING:
        raise ValidationError(
            _("This offer is no longer waiting for an answer (it is “%(status)s”).")
            % {"status": offer.get_status_display()}
        )


@transaction.atomic
def withdraw_offer(*, offer, by):
    need = _lock_need(offer.need)
    offer = _offer_of(need, offer)
    if not may_withdraw(offer, by):
        raise ValidationError(
            _(
                "Only the person who made this offer, or an admin of %(organisation)s, can "
                "withdraw it."
            )
            % {"organisation": offer.organisation}
        )
    _require_pending(offer)
    offer.status = OfferStatus.WITHDRAWN
    offer.decided_at = timezone.now()
    offer.decided_by = by
    offer.save(update_fields=["status", "decided_at", "decided_by"])
    record(action="codesign.withdraw_offer", by=by, obj=offer, detail={"need": need.pk})
    return offer


@transaction.atomic
def decline_offer(*, offer, by, message=""):
    need = _lock_need(offer.need)
    _require_owner(need, by)
    offer = _offer_of(need, offer)
    _require_pending(offer)
    message = _clean_message(message)
    _decline(
        offer,
        by=by,
        message=message,
        subject=_("Your offer for “%(need)s” is declined") % {"need": need.title},
        body=_(
            "%(organisation)s declined the offer %(offerer)s made for its skill need “%(need)s”."
        )
        % {"organisation": need.organisation, "offerer": offer.organisation, "need": need.title},
    )
    record(
        action="codesign.decline_offer",
        by=by,
        obj=offer,
        detail={"need": need.pk, "with_message": bool(message)},
    )
    return offer


@transaction.atomic
def accept_offer(*, offer, by, message=""):
    """The need's owner accepts one offer. In one transaction: the offer is accepted, every
    other waiting offer is declined (with `message` to its author), the need moves to in
    co-design, a workspace opens with both sides as leads, and its first design is started.
    Returns the workspace."""
    need = _lock_need(offer.need)
    _require_owner(need, by)
    offer = _offer_of(need, offer)
    if need.status != NeedStatus.OPEN:
        raise ValidationError(
            _("This need is “%(status)s”: an offer can be accepted only while it is open.")
            % {"status": need.get_status_display()}
        )
    _require_pending(offer)
    message = _clean_message(message)
    author = offer.author
    if author is None or not offer.organisation.memberships.filter(user=author).exists():
        raise ValidationError(
            _(
                "The person who made this offer is no longer at %(organisation)s: ask a "
                "colleague of theirs to make it again."
            )
            % {"organisation": offer.organisation}
        )
    now = timezone.now()
    offer.status = OfferStatus.ACCEPTED
    offer.decided_at = now
    offer.decided_by = by
    offer.save(update_fields=["status", "decided_at", "decided_by"])
    others = need.offers.pending().exclude(pk=offer.pk).select_related("author", "organisation")
    declined = []
    for other in others:
        _decline(
            other,
            by=by,
            message=message,
            subject=_("Your offer for “%(need)s” is declined") % {"need": need.title},
            body=_(
                "%(organisation)s accepted another offer for its skill need “%(need)s”, so "
                "the offer %(offerer)s made is declined."
            )
            % {
                "organisation": need.organisation,
                "offerer": other.organisation,
                "need": need.title,
            },
        )
        declined.append(other.pk)
    need.status = NeedStatus.IN_CODESIGN
    need.save(update_fields=["status", "updated_at"])

    # Both sides lead: the poster (while still in the organisation that posted the need),
    # the offer's author, and the accepter when someone else. One seat each, even for a
    # person who belongs to both organisations.
    poster = need.posted_by
    if poster is not None and not need.organisation.memberships.filter(user=poster).exists():
        poster = None
    people = [(poster, need.organisation), (author, offer.organisation), (by, need.organisation)]
    members, seated = [], set()
    for user, organisation in people:
        if user is None or user.pk in seated:
            continue
        seated.add(user.pk)
        members.append((user, organisation, WorkspaceRole.LEAD))
    workspace = open_workspace(title=need.title, members=members, by=by, need=need, offer=offer)
    design = create_design(
        workspace=workspace,
        title=need.title,
        framework=offer.framework,
        level=offer.level,
        credential_type=CredentialType.INDUSTRY_LED,
        by=author,
    )
    notify(
        recipient=author,
        kind="codesign.offer_accepted",
        subject=_("Your offer for “%(need)s” is accepted") % {"need": need.title},
        body=_(
            "%(organisation)s accepted the offer %(offerer)s made for its skill need "
            "“%(need)s”. A workspace is open where you lead the design together; its first "
            "design, “%(design)s”, is waiting for you."
        )
        % {
            "organisation": need.organisation,
            "offerer": offer.organisation,
            "need": need.title,
            "design": design.title,
        },
        url=workspace.get_absolute_url(),
    )
    record(
        action="codesign.accept_offer",
        by=by,
        obj=offer,
        detail={
            "need": need.pk,
            "workspace": workspace.pk,
            "design": design.pk,
            "declined": declined,
        },
    )
    return workspace
