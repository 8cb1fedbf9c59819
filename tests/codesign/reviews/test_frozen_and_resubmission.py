"""What reviewers read is the revision a round froze: co-authors go on drafting without
changing it. After changes are requested, a resubmission starts round 2 on the latest
revision, and the review page shows what changed since round 1, side by side."""

import pytest
from django.core.exceptions import ValidationError

from codesign.actions import reviews as actions
from codesign.actions.designs import save_section
from codesign.models import (
    Activity,
    ActivityKind,
    Decision,
    DesignRevision,
    DesignSection,
    Judgement,
    SubmissionStatus,
)
from portal.audit.models import AuditEntry

from .conftest import current_round, judge_all, page_text, signed_in

pytestmark = pytest.mark.django_db

SUBMITTED = "Three units: safety, mounting, wiring."
REVISED = "Four units: safety, mounting, wiring and commissioning."


def edit(design, key, content, by):
    version = DesignSection.objects.get(design=design, key=key).version
    return save_section(design=design, key=key, content=content, base_version=version, by=by)


def request_changes(submission, reviewer):
    judge_all(submission, reviewer, design_credits=(Judgement.PARTLY_MET, "Add commissioning."))
    return actions.decide(
        round=current_round(submission),
        decision=Decision.REQUEST_CHANGES,
        reasons="Commissioning is missing.",
        by=reviewer,
    )


def test_a_co_author_edits_after_submission_and_the_reviewer_still_reads_the_submitted_text(
    assigned, coauthor, reviewer, as_reviewer
):
    round = current_round(assigned)
    frozen = DesignRevision.objects.get(pk=round.revision_id)
    snapshot_before = dict(frozen.snapshot)
    assert snapshot_before["structure"] == {"text": SUBMITTED}

    new = edit(assigned.design, "structure", {"text": REVISED}, coauthor)
    assert new.number == frozen.number + 1

    frozen.refresh_from_db()
    assert frozen.snapshot == snapshot_before
    round.refresh_from_db()
    assert round.revision_id == frozen.pk
    text = page_text(as_reviewer.get(f"/reviews/{assigned.pk}/"))
    assert SUBMITTED in text
    assert REVISED not in text
    # The workspace's own page shows the new draft.
    design_text = page_text(signed_in(coauthor).get(f"/designs/{assigned.design_id}/"))
    assert REVISED in design_text


def test_nothing_changed_since_the_last_round_is_refused(assigned, reviewer, lead):
    request_changes(assigned, reviewer)
    with pytest.raises(ValidationError) as refused:
        actions.resubmit(submission=assigned, cover_note="", by=lead)
    assert refused.value.messages == [
        "Nothing has changed since round 1: revise the design before you resubmit it."
    ]


def test_resubmission_is_for_a_lead_and_only_after_changes_were_requested(
    assigned, reviewer, lead, coauthor
):
    with pytest.raises(ValidationError, match="Only a submission the authority asked to change"):
        actions.resubmit(submission=assigned, cover_note="", by=lead)
    request_changes(assigned, reviewer)
    edit(assigned.design, "structure", {"text": REVISED}, coauthor)
    with pytest.raises(ValidationError, match="Only a lead"):
        actions.resubmit(submission=assigned, cover_note="", by=coauthor)


def test_a_resubmission_with_completeness_errors_is_refused(assigned, reviewer, lead, coauthor):
    request_changes(assigned, reviewer)
    edit(assigned.design, "resources", {"text": ""}, coauthor)
    with pytest.raises(ValidationError) as refused:
        actions.resubmit(submission=assigned, cover_note="", by=lead)
    assert refused.value.messages[0] == "This design cannot be resubmitted while it has 1 error:"
    assert refused.value.messages[1].startswith("“Resources” is empty.")


def test_resubmission_starts_round_2_and_the_reviewer_sees_the_change_side_by_side(
    assigned, reviewer, lead, coauthor, as_reviewer, django_assert_max_num_queries
):
    request_changes(assigned, reviewer)
    revised = edit(assigned.design, "structure", {"text": REVISED}, coauthor)
    client = signed_in(lead)
    response = client.post(
        f"/submissions/{assigned.pk}/resubmit/", {"cover_note": "Commissioning added."}
    )
    assert response.status_code == 302
    assigned.refresh_from_db()
    assert assigned.status == SubmissionStatus.IN_REVIEW
    first, second = assigned.rounds.order_by("number")
    assert second.number == 2
    assert second.revision == revised
    assert second.cover_note == "Commissioning added."
    assert first.decision == Decision.REQUEST_CHANGES
    assert second.is_open
    assert Activity.objects.filter(kind=ActivityKind.DESIGN_RESUBMITTED).count() == 1
    assert AuditEntry.objects.get(action="codesign.review.resubmit").detail["round"] == 2

    as_reviewer.get(f"/reviews/{assigned.pk}/")  # warm: the footer's links are cached
    # Bounded, whatever the number of sections and rounds.
    with django_assert_max_num_queries(20):
        page = as_reviewer.get(f"/reviews/{assigned.pk}/")
    changed = [section for section in page.context["comparison"] if section.changed]
    assert [section.key for section in changed] == ["structure"]
    html = page.content.decode()
    assert "What changed since round 1" in html
    assert "<ins>Four</ins>" in html or "<ins>Four" in html
    assert "<del>Three</del>" in html or "<del>Three" in html
    # Round 1's decision and rubric are among the earlier rounds; round 2's rubric is new.
    assert "Add commissioning." in html
    assert page.context["rubric_form"] is not None
    assert all(judgement is None for _criterion, judgement in page.context["rubric"])


def test_a_withdrawn_submission_cannot_be_decided(assigned, reviewer, lead):
    judge_all(assigned, reviewer)
    actions.withdraw_submission(submission=assigned, by=lead)
    with pytest.raises(ValidationError, match="This submission is “Withdrawn by the workspace”"):
        actions.decide(
            round=current_round(assigned), decision=Decision.APPROVE, reasons="", by=reviewer
        )
