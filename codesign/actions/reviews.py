"""Quality review: a lead submits a design to a quality authority; the authority's admin
assigns reviewers; they judge the rubric and decide, round by round.

A round freezes the design's latest revision: reviewers read that revision, and no action
ever edits a revision, so what they read cannot change under them while co-authors go on
drafting. Each decision is taken under a lock on the submission's row and checks the round
again inside it, so two reviewers deciding at once cannot both decide: one wins, the other is
told who decided what and when.
"""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, ngettext_lazy

from portal.accounts.models import Membership, MembershipRole, Organisation, OrganisationKind
from portal.audit.actions import record
from portal.documents.actions import request_document
from portal.notifications.actions import notify
from portal.text import clean_text

from .. import completeness
from ..models import (
    ACTIVE_STATUSES,
    ActivityKind,
    CriterionJudgement,
    Decision,
    Design,
    DesignRevision,
    DesignStatus,
    EntryStatus,
    Judgement,
    ReviewerAssignment,
    ReviewRound,
    Submission,
    SubmissionStatus,
    WorkspaceMember,
)
from ..rubric import rubric_for_round
from .common import add_activity, require_lead
from .register import enter_in_register

COVER_NOTE_MAX_LENGTH = 5_000
COMMENT_MAX_LENGTH = 5_000
REASONS_MAX_LENGTH = 10_000
PROPOSAL_KIND = "proposal"

# What a decision makes of the submission.
STATUS_AFTER = {
    Decision.APPROVE: SubmissionStatus.APPROVED,
    Decision.REQUEST_CHANGES: SubmissionStatus.CHANGES_REQUESTED,
    Decision.REJECT: SubmissionStatus.REJECTED,
}
ACTIVITY_AFTER = {
    Decision.APPROVE: ActivityKind.DESIGN_APPROVED,
    Decision.REQUEST_CHANGES: ActivityKind.CHANGES_REQUESTED,
    Decision.REJECT: ActivityKind.DESIGN_REJECTED,
}
# Judgements that need a comment saying why.
NEEDS_COMMENT = frozenset({Judgement.PARTLY_MET, Judgement.NOT_MET})


def _when(moment):
    return date_format(timezone.localtime(moment), "j F Y, H:i")


# Who is who ------------------------------------------------------------------------------


def quality_authorities_for(framework):
    """The verified quality authorities a design targeting `framework` may be submitted to:
    those of the framework's country (a regional framework has none)."""
    if framework is None or framework.country_id is None:
        return Organisation.objects.none()
    return Organisation.objects.verified().filter(
        kind=OrganisationKind.QUALITY_AUTHORITY, country_id=framework.country_id
    )


def is_authority_member(authority, user):
    if user is None or not user.is_authenticated or not authority.is_verified:
        return False
    return Membership.objects.filter(organisation=authority, user=user).exists()


def is_authority_admin(authority, user):
    if user is None or not user.is_authenticated or not authority.is_verified:
        return False
    return Membership.objects.filter(
        organisation=authority, user=user, role=MembershipRole.ADMIN
    ).exists()


def is_assigned(submission, user):
    if user is None or not user.is_authenticated:
        return False
    return ReviewerAssignment.objects.filter(submission=submission, reviewer=user).exists()


def _authority_admins(authority):
    """Who assigns the authority's reviewers: its admins, or, if it has none, its members (a
    notice that reaches nobody would leave the submission unseen)."""
    members = Membership.objects.filter(organisation=authority, user__is_active=True)
    admins = members.filter(role=MembershipRole.ADMIN)
    chosen = admins if admins.exists() else members
    return [membership.user for membership in chosen.select_related("user").order_by("pk")]


def _reviewers(submission):
    return [
        assignment.reviewer
        for assignment in submission.assignments.select_related("reviewer").order_by("pk")
        if assignment.reviewer.is_active
    ]


def _reviewers_or_admins(submission):
    return _reviewers(submission) or _authority_admins(submission.authority)


def _workspace_people(design, *, but=None):
    members = WorkspaceMember.objects.filter(workspace=design.workspace).select_related("user")
    return [
        member.user
        for member in members.order_by("pk")
        if member.user.is_active and (but is None or member.user_id != but.pk)
    ]


def _review_url(submission):
    return reverse("codesign:review", args=[submission.pk])


def _notify_each(people, *, but=None, **notice):
    told = []
    for person in people:
        if (but is not None and person.pk == but.pk) or person.pk in told:
            continue
        notify(recipient=person, **notice)
        told.append(person.pk)
    return told


# Checks shared by submit, resubmit and re-review ------------------------------------------


def _check_authority(framework, authority):
    if framework.country_id is None:
        raise ValidationError(
            _(
                "%(framework)s is a regional framework: no quality authority approves "
                "micro-credentials against it. Target the national framework of the country "
                "whose authority is to review the design."
            )
            % {"framework": framework.code}
        )
    if authority is None:
        raise ValidationError(_("Authority: choose the quality authority to submit to."))
    if not quality_authorities_for(framework).filter(pk=authority.pk).exists():
        raise ValidationError(
            _(
                "Authority: %(authority)s is not a verified quality authority of %(country)s, "
                "where the design's framework (%(framework)s) applies."
            )
            % {
                "authority": authority.name,
                "country": framework.country.name,
                "framework": framework.code,
            }
        )


# The first line of a refusal for completeness errors, whole for translators.
INCOMPLETE = {
    "submit": ngettext_lazy(
        "This design cannot be submitted while it has %(count)d error:",
        "This design cannot be submitted while it has %(count)d errors:",
        "count",
    ),
    "resubmit": ngettext_lazy(
        "This design cannot be resubmitted while it has %(count)d error:",
        "This design cannot be resubmitted while it has %(count)d errors:",
        "count",
    ),
}


def _check_complete(design, step):
    errors = completeness.errors(completeness.check(design))
    if errors:
        raise ValidationError(
            [
                INCOMPLETE[step] % {"count": len(errors)},
                *[finding.message for finding in errors],
            ]
        )


def _clean(value, *, max_length, label, required=False):
    try:
        return clean_text(value or "", max_length=max_length, required=required)
    except ValidationError as error:
        raise ValidationError(
            [_("%(field)s: %(message)s") % {"field": label, "message": m} for m in error.messages]
        ) from None


def _lock_design(design):
    return (
        Design.objects.select_for_update(of=("self",))
        .select_related("workspace", "framework", "framework__country", "level")
        .get(pk=design.pk)
    )


def _latest_revision(design):
    return DesignRevision.objects.get(design=design, number=design.revision_count)


def _back_to_draft(design):
    """A design marked ready goes back to draft once submitted: the frozen revision is what
    reviewers read, and co-authors keep drafting the next one."""
    if design.status == DesignStatus.READY:
        design.status = DesignStatus.DRAFT
        design.ready_at = None
        design.ready_by = None
        design.save(update_fields=["status", "ready_at", "ready_by"])


def _proposal(design, by):
    document, _created = request_document(kind=PROPOSAL_KIND, subject=design, by=by)
    return document


def _lock_submission(submission):
    return (
        Submission.objects.select_for_update(of=("self",))
        .select_related("design", "design__workspace", "authority")
        .get(pk=submission.pk)
    )


# Submitting ------------------------------------------------------------------------------


def _submit(*, design, authority, cover_note, by, rereview_of=None):
    design = _lock_design(design)
    require_lead(design.workspace, by)
    _check_authority(design.framework, authority)
    active = Submission.objects.active().filter(design=design).select_related("authority").first()
    if active is not None:
        raise ValidationError(
            _(
                "This design is already with %(authority)s (%(status)s, submitted on "
                "%(when)s): wait for its decision, resubmit it, or withdraw it first."
            )
            % {
                "authority": active.authority.name,
                "status": active.get_status_display().lower(),
                "when": _when(active.submitted_at),
            }
        )
    cover_note = _clean(cover_note, max_length=COVER_NOTE_MAX_LENGTH, label=_("Cover note"))
    _check_complete(design, "submit")
    revision = _latest_revision(design)
    now = timezone.now()
    submission = Submission.objects.create(
        design=design,
        authority=authority,
        status=SubmissionStatus.IN_REVIEW,
        rereview_of=rereview_of,
        submitted_at=now,
        submitted_by=by,
        updated_at=now,
    )
    round = ReviewRound.objects.create(
        submission=submission,
        number=1,
        revision=revision,
        proposal=_proposal(design, by),
        cover_note=cover_note,
        submitted_at=now,
        submitted_by=by,
    )
    _back_to_draft(design)
    add_activity(
        workspace=design.workspace,
        by=by,
        kind=ActivityKind.REREVIEW_STARTED if rereview_of else ActivityKind.DESIGN_SUBMITTED,
        design=design,
        subject=design.title,
    )
    record(
        action="codesign.review.rereview" if rereview_of else "codesign.review.submit",
        by=by,
        obj=submission,
        detail={
            "design": design.pk,
            "authority": authority.pk,
            "round": 1,
            "revision": revision.number,
            "proposal": round.proposal_id,
            "rereview_of": rereview_of.identifier if rereview_of else None,
        },
    )
    words = {
        "who": by,
        "design": design.title,
        "workspace": design.workspace.title,
        "authority": authority.name,
        "framework": design.framework.code,
        "revision": revision.number,
    }
    if rereview_of is not None:
        words["identifier"] = rereview_of.identifier
        to_authority = _(
            "%(who)s of the workspace “%(workspace)s” asked %(authority)s to review again the "
            "register entry %(identifier)s, “%(design)s”, before its review date (revision "
            "%(revision)s, under %(framework)s). As an admin of the authority, assign its "
            "reviewers from the review queue."
        )
    else:
        to_authority = _(
            "%(who)s of the workspace “%(workspace)s” submitted the design “%(design)s” "
            "(revision %(revision)s) to %(authority)s for approval under %(framework)s. As an "
            "admin of the authority, assign its reviewers from the review queue."
        )
    note = "\n\n" + _("Cover note:") + "\n" + cover_note if cover_note else ""
    _notify_each(
        _authority_admins(authority),
        but=by,
        kind="codesign.review.submitted",
        subject=_("“%(design)s” submitted to %(authority)s for approval") % words,
        body=to_authority % words + note,
        url=_review_url(submission),
    )
    _notify_each(
        _workspace_people(design, but=by),
        kind="codesign.review.submitted",
        subject=_("%(who)s submitted “%(design)s” to %(authority)s") % words,
        body=_(
            "%(who)s submitted revision %(revision)s of “%(design)s” to %(authority)s for "
            "approval. Reviewers read that revision as it was submitted; you can go on "
            "drafting the design, and a lead can resubmit it if the authority asks for "
            "changes."
        )
        % words,
        url=submission.get_absolute_url(),
    )
    return submission


@transaction.atomic
def submit_design(*, design, authority, cover_note="", by):
    """A lead submits the design, as its latest revision, to a quality authority of its
    framework's country. Refused, with every error listed, while the completeness check
    finds any; refused while the design has an active submission."""
    return _submit(design=design, authority=authority, cover_note=cover_note, by=by)


@transaction.atomic
def start_rereview(*, entry, authority=None, cover_note="", by):
    """A lead of the workspace whose design became the register entry asks for it to be
    reviewed again (its shelf life running out): a new submission, under the same rules as
    the first, that re-reviews the entry. The authority is the entry's unless another is
    chosen."""
    if entry.design_id is None:
        raise ValidationError(
            _(
                "The design this entry was made from no longer exists: there is nothing to "
                "review again."
            )
        )
    if entry.status == EntryStatus.WITHDRAWN:
        raise ValidationError(
            _(
                "This entry was withdrawn from the register: it cannot be reviewed again. "
                "Submit the design as a new micro-credential instead."
            )
        )
    return _submit(
        design=entry.design,
        authority=authority or entry.authority,
        cover_note=cover_note,
        by=by,
        rereview_of=entry,
    )


@transaction.atomic
def resubmit(*, submission, cover_note, by):
    """After the authority asked for changes, a lead puts the design's latest revision
    before it as a new round."""
    submission = _lock_submission(submission)
    design = _lock_design(submission.design)
    require_lead(design.workspace, by)
    if submission.status != SubmissionStatus.CHANGES_REQUESTED:
        raise ValidationError(
            _(
                "Only a submission the authority asked to change can be resubmitted; this one "
                "is “%(status)s”."
            )
            % {"status": submission.get_status_display()}
        )
    cover_note = _clean(cover_note, max_length=COVER_NOTE_MAX_LENGTH, label=_("Cover note"))
    last = submission.rounds.order_by("-number").first()
    revision = _latest_revision(design)
    if revision.pk == last.revision_id:
        raise ValidationError(
            _(
                "Nothing has changed since round %(number)s: revise the design before you "
                "resubmit it."
            )
            % {"number": last.number}
        )
    _check_authority(design.framework, submission.authority)
    _check_complete(design, "resubmit")
    now = timezone.now()
    round = ReviewRound.objects.create(
        submission=submission,
        number=last.number + 1,
        revision=revision,
        proposal=_proposal(design, by),
        cover_note=cover_note,
        submitted_at=now,
        submitted_by=by,
    )
    submission.status = SubmissionStatus.IN_REVIEW
    submission.updated_at = now
    submission.save(update_fields=["status", "updated_at"])
    _back_to_draft(design)
    add_activity(
        workspace=design.workspace,
        by=by,
        kind=ActivityKind.DESIGN_RESUBMITTED,
        design=design,
        subject=design.title,
    )
    record(
        action="codesign.review.resubmit",
        by=by,
        obj=submission,
        detail={
            "round": round.number,
            "revision": revision.number,
            "previous_revision": last.revision.number,
            "proposal": round.proposal_id,
        },
    )
    words = {
        "who": by,
        "design": design.title,
        "authority": submission.authority.name,
        "number": round.number,
        "previous": last.number,
    }
    note = "\n\n" + _("Cover note:") + "\n" + cover_note if cover_note else ""
    _notify_each(
        _reviewers_or_admins(submission),
        but=by,
        kind="codesign.review.resubmitted",
        subject=_("“%(design)s” resubmitted: round %(number)s") % words,
        body=_(
            "%(who)s resubmitted “%(design)s” to %(authority)s after the changes asked for in "
            "round %(previous)s. The review page shows what changed since that round, side "
            "by side."
        )
        % words
        + note,
        url=_review_url(submission),
    )
    return round


@transaction.atomic
def withdraw_submission(*, submission, by):
    submission = _lock_submission(submission)
    design = submission.design
    require_lead(design.workspace, by)
    if submission.status not in ACTIVE_STATUSES:
        raise ValidationError(
            _("This submission is “%(status)s”: only an active one can be withdrawn.")
            % {"status": submission.get_status_display()}
        )
    now = timezone.now()
    submission.status = SubmissionStatus.WITHDRAWN
    submission.updated_at = now
    submission.closed_at = now
    submission.save(update_fields=["status", "updated_at", "closed_at"])
    add_activity(
        workspace=design.workspace,
        by=by,
        kind=ActivityKind.SUBMISSION_WITHDRAWN,
        design=design,
        subject=design.title,
    )
    record(action="codesign.review.withdraw", by=by, obj=submission)
    words = {"who": by, "design": design.title, "authority": submission.authority.name}
    _notify_each(
        _reviewers_or_admins(submission),
        but=by,
        kind="codesign.review.withdrawn",
        subject=_("“%(design)s” withdrawn from review") % words,
        body=_(
            "%(who)s withdrew “%(design)s” from review by %(authority)s: there is nothing "
            "more to decide."
        )
        % words,
        url=_review_url(submission),
    )
    _notify_each(
        _workspace_people(design, but=by),
        kind="codesign.review.withdrawn",
        subject=_("%(who)s withdrew “%(design)s” from review") % words,
        body=_("%(who)s withdrew “%(design)s” from review by %(authority)s.") % words,
        url=submission.get_absolute_url(),
    )
    return submission


# Assigning reviewers ----------------------------------------------------------------------


def _require_admin(submission, by):
    if not is_authority_admin(submission.authority, by):
        raise ValidationError(
            _("Only an admin of %(authority)s can assign its reviewers.")
            % {"authority": submission.authority.name}
        )


@transaction.atomic
def assign_reviewer(*, submission, reviewer, by):
    """The authority's admin names one of its members to review the submission."""
    submission = _lock_submission(submission)
    _require_admin(submission, by)
    if submission.status not in ACTIVE_STATUSES:
        raise ValidationError(
            _("This submission is “%(status)s”: reviewers are assigned only while it is open.")
            % {"status": submission.get_status_display()}
        )
    words = {"person": reviewer, "authority": submission.authority.name}
    if not reviewer.is_active or not is_authority_member(submission.authority, reviewer):
        raise ValidationError(
            _(
                "Reviewer: %(person)s is not a member of %(authority)s; only its members "
                "review its submissions."
            )
            % words
        )
    if WorkspaceMember.objects.filter(
        workspace=submission.design.workspace, user=reviewer
    ).exists():
        raise ValidationError(
            _(
                "Reviewer: %(person)s is a member of the workspace that wrote this design and "
                "cannot review it."
            )
            % words
        )
    if is_assigned(submission, reviewer):
        raise ValidationError(_("Reviewer: %(person)s already reviews this submission.") % words)
    assignment = ReviewerAssignment.objects.create(
        submission=submission, reviewer=reviewer, assigned_by=by
    )
    record(
        action="codesign.review.assign",
        by=by,
        obj=submission,
        detail={"reviewer": reviewer.email},
    )
    if reviewer.pk != by.pk:
        design = submission.design
        notify(
            recipient=reviewer,
            kind="codesign.review.assigned",
            subject=_("Please review “%(design)s” for %(authority)s")
            % {"design": design.title, "authority": submission.authority.name},
            body=_(
                "%(who)s asked you to review “%(design)s”, submitted to %(authority)s. Judge "
                "each criterion of the rubric on the review page, then decide."
            )
            % {"who": by, "design": design.title, "authority": submission.authority.name},
            url=_review_url(submission),
        )
    return assignment


@transaction.atomic
def unassign_reviewer(*, submission, reviewer, by):
    submission = _lock_submission(submission)
    _require_admin(submission, by)
    deleted, _rows = ReviewerAssignment.objects.filter(
        submission=submission, reviewer=reviewer
    ).delete()
    if not deleted:
        raise ValidationError(
            _("Reviewer: %(person)s does not review this submission.") % {"person": reviewer}
        )
    record(
        action="codesign.review.unassign",
        by=by,
        obj=submission,
        detail={"reviewer": reviewer.email},
    )
    if reviewer.pk != by.pk:
        notify(
            recipient=reviewer,
            kind="codesign.review.unassigned",
            subject=_("You no longer review “%(design)s”") % {"design": submission.design.title},
            body=_(
                "%(who)s took you off the review of “%(design)s” for %(authority)s: someone "
                "else will judge it."
            )
            % {
                "who": by,
                "design": submission.design.title,
                "authority": submission.authority.name,
            },
            url=_review_url(submission),
        )


# Judging and deciding ---------------------------------------------------------------------


def _lock_round(round):
    """The submission's row locked, and the round read again under the lock."""
    submission = _lock_submission(round.submission)
    round = ReviewRound.objects.select_related("revision", "decided_by").get(pk=round.pk)
    round.submission = submission
    return submission, round


def _require_reviewer(submission, by, message):
    if not is_assigned(submission, by) or not is_authority_member(submission.authority, by):
        raise ValidationError(message)


def _require_open(submission, round):
    if round.decision:
        raise ValidationError(
            _(
                "%(who)s already decided round %(number)s on %(when)s: %(decision)s. Nothing "
                "you sent was recorded."
            )
            % {
                "who": round.decided_by or _("someone no longer registered"),
                "number": round.number,
                "when": _when(round.decided_at),
                "decision": round.get_decision_display().lower(),
            },
            code="decided",
        )
    if submission.status != SubmissionStatus.IN_REVIEW:
        raise ValidationError(
            _("This submission is “%(status)s”: there is nothing to judge or decide.")
            % {"status": submission.get_status_display()},
            code="closed",
        )


@transaction.atomic
def save_rubric(*, round, judgements, by):
    """Record the reviewer's judgement of criteria of the round's rubric.

    `judgements` maps a criterion's key to (judgement, comment); criteria left out keep what
    they had, and an empty judgement with no comment clears one. A criterion partly met or
    not met needs a comment. Unknown keys are refused. All or nothing: any problem saves
    none, and each message names its criterion."""
    submission, round = _lock_round(round)
    _require_reviewer(
        submission, by, _("Only a reviewer assigned to this submission can judge its rubric.")
    )
    _require_open(submission, round)
    rubric = {
        criterion.key: (position, criterion)
        for position, criterion in enumerate(rubric_for_round(round), start=1)
    }
    errors, cleaned = {}, {}
    for key, value in judgements.items():
        if key not in rubric:
            errors.setdefault(NON_FIELD_ERRORS, []).append(
                ValidationError(
                    _("“%(key)s” is not a criterion of this rubric.") % {"key": key},
                    code="unknown",
                )
            )
            continue
        label = rubric[key][1].label
        judgement, comment = value
        judgement = judgement or ""
        try:
            comment = _clean(comment, max_length=COMMENT_MAX_LENGTH, label=label)
        except ValidationError as error:
            errors[key] = [ValidationError(message, code="comment") for message in error.messages]
            continue
        if judgement and judgement not in Judgement.values:
            errors[key] = [
                ValidationError(
                    _("%(criterion)s: choose met, partly met or not met.") % {"criterion": label},
                    code="judgement",
                )
            ]
        elif not judgement and comment:
            errors[key] = [
                ValidationError(
                    _("%(criterion)s: choose met, partly met or not met for your comment.")
                    % {"criterion": label},
                    code="judgement",
                )
            ]
        elif judgement in NEEDS_COMMENT and not comment:
            errors[key] = [
                ValidationError(
                    _("%(criterion)s: say in a comment why it is %(judgement)s.")
                    % {"criterion": label, "judgement": Judgement(judgement).label.lower()},
                    code="comment",
                )
            ]
        else:
            cleaned[key] = (judgement, comment)
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    changed = {}
    existing = {j.criterion_key: j for j in CriterionJudgement.objects.filter(round=round)}
    for key, (judgement, comment) in cleaned.items():
        position, criterion = rubric[key]
        row = existing.get(key)
        if not judgement:
            if row is not None:
                row.delete()
                changed[key] = ""
            continue
        if row is not None and (row.judgement, row.comment) == (judgement, comment):
            continue
        CriterionJudgement.objects.update_or_create(
            round=round,
            criterion_key=key,
            defaults={
                "criterion_label": criterion.label[:255],
                "position": position,
                "judgement": judgement,
                "comment": comment,
                "judged_by": by,
                "judged_at": now,
            },
        )
        changed[key] = judgement
    if changed:
        record(
            action="codesign.review.save_rubric",
            by=by,
            obj=submission,
            detail={"round": round.number, "judgements": changed},
        )
    return changed


def _missing(rubric, judged):
    return [criterion.label for criterion in rubric if criterion.key not in judged]


def _quoted(labels):
    return "; ".join(f"“{label}”" for label in labels)


def _check_decision(round, decision, reasons):
    if decision not in Decision.values:
        raise ValidationError(
            {"decision": _("Decision: choose approve, request changes or reject.")}
        )
    rubric = rubric_for_round(round)
    judged = {j.criterion_key: j for j in CriterionJudgement.objects.filter(round=round)}
    errors = []
    if decision in (Decision.APPROVE, Decision.REQUEST_CHANGES):
        missing = _missing(rubric, judged)
        if missing:
            errors.append(
                ngettext(
                    "Judge every criterion of the rubric first; %(count)d is not judged yet: "
                    "%(criteria)s.",
                    "Judge every criterion of the rubric first; %(count)d are not judged yet: "
                    "%(criteria)s.",
                    len(missing),
                )
                % {"count": len(missing), "criteria": _quoted(missing)}
            )
    if decision == Decision.APPROVE:
        not_met = [
            criterion.label
            for criterion in rubric
            if criterion.key in judged and judged[criterion.key].judgement == Judgement.NOT_MET
        ]
        if not_met:
            errors.append(
                _(
                    "A design cannot be approved while a criterion is judged not met: "
                    "%(criteria)s. Request changes or reject it instead."
                )
                % {"criteria": _quoted(not_met)}
            )
    if decision == Decision.REQUEST_CHANGES and not reasons:
        errors.append(_("Reasons: say what the workspace must change."))
    if decision == Decision.REJECT and not reasons:
        errors.append(_("Reasons: say why the design is rejected."))
    if errors:
        raise ValidationError(errors)
    return rubric, judged


def _rubric_lines(rubric, judged):
    lines = []
    for criterion in rubric:
        judgement = judged.get(criterion.key)
        if judgement is None:
            continue
        line = f"- {criterion.label}: {judgement.get_judgement_display()}"
        if judgement.comment:
            line += f". {judgement.comment}"
        lines.append(line)
    return "\n".join(lines)


@transaction.atomic
def decide(*, round, decision, reasons, by):
    """An assigned reviewer decides the round: approve (every criterion judged, none not
    met), request changes (every criterion judged, and reasons) or reject (reasons).

    The submission's row is locked and the round read again under the lock: if another
    reviewer decided it meanwhile, this decision is refused with who decided what and when.
    An approval enters the design in the public register, in the same transaction."""
    submission, round = _lock_round(round)
    _require_reviewer(
        submission, by, _("Only a reviewer assigned to this submission can decide it.")
    )
    _require_open(submission, round)
    reasons = _clean(reasons, max_length=REASONS_MAX_LENGTH, label=_("Reasons"))
    rubric, judged = _check_decision(round, decision, reasons)
    now = timezone.now()
    round.decision = decision
    round.reasons = reasons
    round.decided_at = now
    round.decided_by = by
    round.save(update_fields=["decision", "reasons", "decided_at", "decided_by"])
    submission.status = STATUS_AFTER[decision]
    submission.updated_at = now
    fields = ["status", "updated_at"]
    if decision != Decision.REQUEST_CHANGES:
        submission.closed_at = now
        fields.append("closed_at")
    submission.save(update_fields=fields)
    entry = None
    if decision == Decision.APPROVE:
        entry = enter_in_register(submission=submission, round=round, by=by)
    design = submission.design
    add_activity(
        workspace=design.workspace,
        by=by,
        kind=ACTIVITY_AFTER[decision],
        design=design,
        subject=design.title,
    )
    record(
        action="codesign.review.decide",
        by=by,
        obj=submission,
        detail={
            "round": round.number,
            "revision": round.revision.number,
            "decision": decision,
            "reasons": reasons,
            "judgements": {key: j.judgement for key, j in judged.items()},
            "register_entry": entry.identifier if entry is not None else None,
        },
    )
    _notify_decision(submission, round, rubric, judged, entry, by)
    return round


def _notify_decision(submission, round, rubric, judged, entry, by):
    design = submission.design
    words = {
        "who": by,
        "design": design.title,
        "authority": submission.authority.name,
        "number": round.number,
    }
    subjects = {
        Decision.APPROVE: _("%(authority)s approved “%(design)s”"),
        Decision.REQUEST_CHANGES: _("%(authority)s asks for changes to “%(design)s”"),
        Decision.REJECT: _("%(authority)s rejected “%(design)s”"),
    }
    openings = {
        Decision.APPROVE: _("%(who)s approved “%(design)s” for %(authority)s in round %(number)s."),
        Decision.REQUEST_CHANGES: _(
            "%(who)s asked for changes to “%(design)s” for %(authority)s in round "
            "%(number)s. Revise the design, then a lead can resubmit it."
        ),
        Decision.REJECT: _("%(who)s rejected “%(design)s” for %(authority)s in round %(number)s."),
    }
    parts = [openings[round.decision] % words]
    if entry is not None:
        parts.append(
            _("It is in the public register as %(identifier)s.") % {"identifier": entry.identifier}
        )
    if round.reasons:
        parts.append(_("Reasons:") + "\n" + round.reasons)
    lines = _rubric_lines(rubric, judged)
    if lines:
        parts.append(_("The rubric:") + "\n" + lines)
    body = "\n\n".join(parts)
    subject = subjects[round.decision] % words
    told = _notify_each(
        _workspace_people(design),
        kind="codesign.review.decided",
        subject=subject,
        body=body,
        url=submission.get_absolute_url(),
    )
    _notify_each(
        [person for person in _reviewers(submission) if person.pk not in told],
        but=by,
        kind="codesign.review.decided",
        subject=subject,
        body=body,
        url=_review_url(submission),
    )
