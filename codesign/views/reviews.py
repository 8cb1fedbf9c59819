"""Quality review pages: the design page's submission panel, the review queue, the review page
with the rubric and the decision, the workspace's submission page, and re-review of a
register entry.

Who sees what: a submission is seen by the members of its workspace (the submission page) and
by the members of the authority it was submitted to (the queue and the review page); project
staff read both and change nothing. To anyone else, a stranger, another authority's reviewer
or an anonymous visitor, every address here answers 404, whatever the id. The actions check
who may change what (a lead submits, the authority's admin assigns, assigned reviewers judge
and decide) and say why they refuse.
"""

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import OuterRef, Prefetch, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from portal.accounts.models import Membership, Role, User

from .. import section_kinds
from ..actions import reviews as actions
from ..actions.common import seat_of
from ..comparison import compare_snapshots
from ..forms.reviews import (
    AWAITING,
    AssignForm,
    DecisionForm,
    QueueFilterForm,
    ResubmitForm,
    RubricForm,
    SubmitForm,
)
from ..models import (
    ACTIVE_STATUSES,
    CredentialType,
    CriterionJudgement,
    Design,
    RegisterEntry,
    ReviewerAssignment,
    ReviewRound,
    Submission,
    SubmissionStatus,
)
from ..models.needs import is_staff
from ..rubric import framework_of_revision, rubric_for, rubric_for_round
from ..sections import BASICS, SectionDefinition, outline_for
from .designs import SectionRow, _shown

QUEUE_PAGE_SIZE = 30


def _rounds():
    return ReviewRound.objects.select_related(
        "revision", "proposal", "submitted_by", "decided_by"
    ).prefetch_related(
        Prefetch(
            "judgements",
            queryset=CriterionJudgement.objects.select_related("judged_by").order_by(
                "position", "criterion_key"
            ),
        )
    )


def _submissions():
    return Submission.objects.select_related(
        "design",
        "design__workspace",
        "design__framework",
        "authority",
        "submitted_by",
        "rereview_of",
    ).prefetch_related(
        Prefetch("rounds", queryset=_rounds().defer("revision__snapshot").order_by("number")),
        Prefetch("assignments", queryset=ReviewerAssignment.objects.select_related("reviewer")),
    )


# Access checks: each answers 404 to anyone the rules do not name.


def _may_use_queue(user):
    return user.is_authenticated and (Role.QA_REVIEWER in user.roles or is_staff(user))


def _reviewable(request, pk, queryset=None):
    """The submission, to the members of the authority it was submitted to and to project
    staff; 404 to anyone else (the workspace has its own page)."""
    user = request.user
    if not user.is_authenticated:
        raise Http404
    queryset = queryset if queryset is not None else _submissions()
    if not is_staff(user):
        queryset = queryset.for_authority_member(user)
    return get_object_or_404(queryset, pk=pk)


def _visible(request, pk):
    """The submission, to its workspace's members, its authority's members and staff."""
    return get_object_or_404(_submissions().visible_to(request.user), pk=pk)


def _refused(request, error):
    for message in error.messages:
        messages.error(request, message)


# The design page's panel --------------------------------------------------------------------


def design_panel(request, design, seat):
    """What the design page shows of its submissions: each with its rounds, decisions and,
    once decided, the rubric; for a lead, the form to submit or the active submission."""
    submissions = list(_submissions().filter(design=design))
    active = next((s for s in submissions if s.status in ACTIVE_STATUSES), None)
    is_lead = bool(seat and seat.can_manage)
    context = {
        "submissions": submissions,
        "active_submission": active,
        "submit_form": None,
        "regional_framework": design.framework.is_regional,
    }
    if is_lead and active is None and not design.framework.is_regional:
        form = SubmitForm(
            authorities=actions.quality_authorities_for(design.framework).order_by("name")
        )
        context["submit_form"] = form if form.authorities else None
    return context


@require_POST
def design_submit(request, pk):
    design = get_object_or_404(
        Design.objects.visible_to(request.user).select_related("framework", "workspace"), pk=pk
    )
    if seat_of(design.workspace, request.user) is None:
        raise Http404
    form = SubmitForm(
        request.POST,
        authorities=actions.quality_authorities_for(design.framework).order_by("name"),
    )
    anchor = reverse("codesign:design", args=[design.pk]) + "#submission"
    if not form.is_valid():
        for field_errors in form.errors.values():
            for message in field_errors:
                messages.error(request, message)
        return redirect(anchor)
    try:
        submission = actions.submit_design(
            design=design,
            authority=form.cleaned_data["authority"],
            cover_note=form.cleaned_data["cover_note"],
            by=request.user,
        )
    except ValidationError as error:
        _refused(request, error)
        return redirect(anchor)
    messages.success(
        request,
        _(
            "“%(design)s” is submitted to %(authority)s: reviewers read revision %(number)s "
            "as it is now, and you can go on drafting."
        )
        % {
            "design": design.title,
            "authority": submission.authority.name,
            "number": submission.rounds.get().revision.number,
        },
    )
    return redirect(submission.get_absolute_url())


# The queue ----------------------------------------------------------------------------------


@require_safe
def queue(request):
    user = request.user
    if not _may_use_queue(user):
        raise Http404
    filters = QueueFilterForm(request.GET)
    status, mine = filters.chosen()
    latest = ReviewRound.objects.filter(submission=OuterRef("pk")).order_by("-number")
    submissions = (
        Submission.objects.all()
        if is_staff(user)
        else Submission.objects.for_authority_member(user)
    )
    submissions = (
        submissions.select_related("design", "design__workspace", "authority")
        .prefetch_related(
            Prefetch("assignments", queryset=ReviewerAssignment.objects.select_related("reviewer"))
        )
        .annotate(
            round_number=Subquery(latest.values("number")[:1]),
            round_submitted_at=Subquery(latest.values("submitted_at")[:1]),
        )
    )
    if status != "all":
        submissions = submissions.filter(status=status)
    if mine:
        submissions = submissions.filter(assignments__reviewer=user)
    ordering = ["round_submitted_at", "pk"] if status == AWAITING else ["-updated_at", "-pk"]
    page = Paginator(submissions.order_by(*ordering), QUEUE_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    now = timezone.now()
    administered = set(
        Membership.objects.filter(user=user, role="admin").values_list("organisation", flat=True)
    )
    rows = [
        {
            "submission": submission,
            "age": (now - submission.round_submitted_at).days
            if submission.status == SubmissionStatus.IN_REVIEW
            else None,
            "reviewers": [a.reviewer for a in submission.assignments.all()],
            "may_assign": submission.authority_id in administered
            and submission.status in ACTIVE_STATUSES,
        }
        for submission in page.object_list
    ]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "codesign/reviews/queue.html",
        {
            "page": page,
            "rows": rows,
            "filters": filters,
            "status": status,
            "mine": mine,
            "query": query.urlencode(),
            "reading_as_staff": is_staff(user)
            and not Membership.objects.filter(
                user=user, organisation__kind="quality_authority"
            ).exists(),
        },
    )


# The review page ----------------------------------------------------------------------------


def _frozen_rows(revision, framework):
    """The frozen revision's sections, laid out as the design page lays out the live ones."""
    snapshot = revision.snapshot
    outline = outline_for(framework)
    rows = []
    for definition in outline:
        if definition.kind == BASICS:
            continue
        content = snapshot.get(definition.key) or {}
        row = SectionRow(
            definition=definition,
            section=None,
            content=content,
            required=definition.key in outline.required,
            empty=section_kinds.is_empty(definition.kind, content),
        )
        row.shown = _shown(definition.kind, content, framework)
        rows.append(row)
    # A section the framework no longer has (its criteria changed since) is still shown.
    for key in sorted(set(snapshot) - set(outline.keys) - {BASICS}):
        content = snapshot.get(key) or {}
        text = content.get("text")
        if not isinstance(text, str):
            text = json.dumps(content, ensure_ascii=False, indent=1) if content else ""
        rows.append(
            SectionRow(
                definition=SectionDefinition(key=key, kind="text", title=key, guidance=""),
                section=None,
                content=content,
                required=False,
                empty=not text.strip(),
                shown={"text": text},
            )
        )
    return outline, rows


def _basics(revision, framework):
    basics = revision.snapshot.get(BASICS) or {}
    credential_type = basics.get("credential_type", "")
    return {
        "title": basics.get("title", ""),
        "framework": framework,
        "level": basics.get("level"),
        "credential_type": CredentialType(credential_type).label
        if credential_type in CredentialType.values
        else credential_type,
        "is_core_module": bool(basics.get("is_core_module")),
    }


def _render_review(request, submission, *, rubric_form=None, decision_form=None, status=200):
    user = request.user
    rounds = list(_rounds().filter(submission=submission).order_by("number"))
    current = rounds[-1]
    previous = rounds[-2] if len(rounds) > 1 else None
    framework = framework_of_revision(current.revision) or submission.design.framework
    outline, rows = _frozen_rows(current.revision, framework)
    comparison = None
    if previous is not None:
        comparison = compare_snapshots(
            outline, previous.revision.snapshot, current.revision.snapshot
        )
    rubric = rubric_for(framework)
    judged = {j.criterion_key: j for j in current.judgements.all()}
    in_review = submission.status == SubmissionStatus.IN_REVIEW and current.is_open
    is_member = actions.is_authority_member(submission.authority, user)
    is_reviewer = is_member and actions.is_assigned(submission, user)
    may_assign = (
        actions.is_authority_admin(submission.authority, user)
        and submission.status in ACTIVE_STATUSES
    )
    if is_reviewer and in_review:
        rubric_form = rubric_form or RubricForm(rubric=rubric, judged=judged)
        decision_form = decision_form or DecisionForm()
    else:
        rubric_form = decision_form = None
    assign_form = None
    reviewers = [a.reviewer for a in submission.assignments.all()]
    if may_assign:
        candidates = User.objects.filter(
            memberships__organisation=submission.authority, is_active=True
        ).exclude(pk__in=[person.pk for person in reviewers])
        assign_form = AssignForm(candidates=candidates.order_by("display_name", "email"))
    return render(
        request,
        "codesign/reviews/review.html",
        {
            "submission": submission,
            "design": submission.design,
            "rounds": rounds,
            "earlier_rounds": list(reversed(rounds[:-1])),
            "current": current,
            "previous": previous,
            "framework": framework,
            "basics": _basics(current.revision, framework),
            "rows": rows,
            "comparison": comparison,
            "changed_count": sum(section.changed for section in comparison or []),
            "rubric": [(criterion, judged.get(criterion.key)) for criterion in rubric],
            "rubric_form": rubric_form,
            "decision_form": decision_form,
            "assign_form": assign_form,
            "reviewers": reviewers,
            "may_assign": may_assign,
            "is_reviewer": is_reviewer,
            "is_member": is_member,
            "in_review": in_review,
            "register_entry": RegisterEntry.objects.filter(versions__submission=submission).first()
            if submission.status == SubmissionStatus.APPROVED
            else None,
        },
        status=status,
    )


@require_safe
def review(request, pk):
    return _render_review(request, _reviewable(request, pk))


def _current_round(submission):
    return submission.rounds.order_by("-number").first()


@require_POST
def review_rubric(request, pk):
    submission = _reviewable(request, pk)
    current = _current_round(submission)
    rubric = rubric_for_round(current)
    judged = {j.criterion_key: j for j in current.judgements.all()}
    form = RubricForm(request.POST, rubric=rubric, judged=judged)
    if form.is_valid():
        try:
            changed = actions.save_rubric(
                round=current, judgements=form.judgements(), by=request.user
            )
        except ValidationError as error:
            if getattr(error, "code", None) in ("decided", "closed") or not hasattr(
                error, "error_dict"
            ):
                _refused(request, error)
                return redirect(reverse("codesign:review", args=[submission.pk]))
            form.add_action_errors(error)
        else:
            if changed:
                messages.success(request, _("Your judgements are saved."))
            else:
                messages.info(request, _("Nothing changed, so nothing was saved."))
            return redirect(reverse("codesign:review", args=[submission.pk]) + "#rubric")
    return _render_review(request, submission, rubric_form=form, status=400)


@require_POST
def review_decide(request, pk):
    submission = _reviewable(request, pk)
    current = _current_round(submission)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            actions.decide(
                round=current,
                decision=form.cleaned_data["decision"],
                reasons=form.cleaned_data["reasons"],
                by=request.user,
            )
        except ValidationError as error:
            if getattr(error, "code", None) in ("decided", "closed") or not is_reviewer_of(
                submission, request.user
            ):
                _refused(request, error)
                return redirect(reverse("codesign:review", args=[submission.pk]))
            for message in error.messages:
                form.add_error(None, message)
        else:
            submission.refresh_from_db(fields=["status"])
            messages.success(
                request,
                _("Round %(number)s is decided: %(decision)s. The workspace is told.")
                % {
                    "number": current.number,
                    "decision": submission.get_status_display().lower(),
                },
            )
            return redirect(reverse("codesign:review", args=[submission.pk]))
    return _render_review(request, submission, decision_form=form, status=400)


def is_reviewer_of(submission, user):
    return actions.is_assigned(submission, user) and actions.is_authority_member(
        submission.authority, user
    )


@require_POST
def review_assign(request, pk):
    submission = _reviewable(request, pk)
    candidates = User.objects.filter(memberships__organisation=submission.authority)
    form = AssignForm(request.POST, candidates=candidates)
    if not form.is_valid():
        for field_errors in form.errors.values():
            for message in field_errors:
                messages.error(request, message)
    else:
        reviewer = form.cleaned_data["reviewer"]
        try:
            actions.assign_reviewer(submission=submission, reviewer=reviewer, by=request.user)
        except ValidationError as error:
            _refused(request, error)
        else:
            messages.success(
                request, _("%(person)s now reviews this submission.") % {"person": reviewer}
            )
    return redirect(reverse("codesign:review", args=[submission.pk]) + "#reviewers")


@require_POST
def review_unassign(request, pk):
    submission = _reviewable(request, pk)
    # Only someone who reviews it can be taken off; any other id answers 404.
    value = request.POST.get("reviewer", "")
    if not value.isdigit():
        raise Http404
    reviewer = get_object_or_404(User, pk=int(value), review_assignments__submission=submission)
    try:
        actions.unassign_reviewer(submission=submission, reviewer=reviewer, by=request.user)
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(
            request, _("%(person)s no longer reviews this submission.") % {"person": reviewer}
        )
    return redirect(reverse("codesign:review", args=[submission.pk]) + "#reviewers")


# The workspace's submission page -------------------------------------------------------------


@require_safe
def submission_detail(request, pk):
    submission = _visible(request, pk)
    design = submission.design
    seat = seat_of(design.workspace, request.user)
    is_lead = bool(seat and seat.can_manage)
    rounds = list(submission.rounds.all())
    return render(
        request,
        "codesign/reviews/submission.html",
        {
            "submission": submission,
            "design": design,
            "rounds": list(reversed(rounds)),
            "seat": seat,
            "reads_design": seat is not None or is_staff(request.user),
            "is_authority_member": actions.is_authority_member(submission.authority, request.user),
            "resubmit_form": ResubmitForm()
            if is_lead and submission.status == SubmissionStatus.CHANGES_REQUESTED
            else None,
            "may_withdraw": is_lead and submission.status in ACTIVE_STATUSES,
        },
    )


def _workspace_submission(request, pk):
    """For the lead's own buttons: the submission, to its workspace's members only."""
    submission = _visible(request, pk)
    if seat_of(submission.design.workspace, request.user) is None:
        raise Http404
    return submission


@require_POST
def submission_resubmit(request, pk):
    submission = _workspace_submission(request, pk)
    form = ResubmitForm(request.POST)
    if not form.is_valid():
        for field_errors in form.errors.values():
            for message in field_errors:
                messages.error(request, message)
        return redirect(submission.get_absolute_url())
    try:
        round = actions.resubmit(
            submission=submission, cover_note=form.cleaned_data["cover_note"], by=request.user
        )
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(
            request,
            _("Resubmitted: round %(number)s puts revision %(revision)s before the reviewers.")
            % {"number": round.number, "revision": round.revision.number},
        )
    return redirect(submission.get_absolute_url())


@require_POST
def submission_withdraw(request, pk):
    submission = _workspace_submission(request, pk)
    try:
        actions.withdraw_submission(submission=submission, by=request.user)
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(request, _("The submission is withdrawn."))
    return redirect(submission.get_absolute_url())


# Re-review of a register entry --------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
def rereview(request, identifier):
    """A lead of the workspace whose design became the entry asks for a new review; to anyone
    else (staff included: they never act for a workspace) the page does not exist."""
    entry = get_object_or_404(
        RegisterEntry.objects.select_related("design", "design__workspace", "authority"),
        identifier=identifier,
    )
    design = entry.design
    if design is None:
        raise Http404
    seat = seat_of(design.workspace, request.user)
    if seat is None or not seat.can_manage:
        raise Http404
    design = Design.objects.select_related("framework", "framework__country").get(pk=design.pk)
    form = SubmitForm(
        request.POST if request.method == "POST" else None,
        authorities=actions.quality_authorities_for(design.framework).order_by("name"),
        initial={"authority": entry.authority_id},
    )
    if not form.authorities:
        form = None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            submission = actions.start_rereview(
                entry=entry,
                authority=form.cleaned_data["authority"],
                cover_note=form.cleaned_data["cover_note"],
                by=request.user,
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(
                request,
                _("The re-review of %(identifier)s has started: %(authority)s has it.")
                % {"identifier": entry.identifier, "authority": submission.authority.name},
            )
            return redirect(submission.get_absolute_url())
    active = Submission.objects.active().filter(design=design).first()
    return render(
        request,
        "codesign/reviews/rereview.html",
        {"entry": entry, "design": design, "form": form, "active": active},
        status=400 if request.method == "POST" else 200,
    )
