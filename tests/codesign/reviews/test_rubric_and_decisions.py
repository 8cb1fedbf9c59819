"""The rubric and the decisions: the HEC's eight criteria for Mauritius, the EU elements for a
framework with none; messages that name the criterion; approve, request changes and reject
with their rules and effects."""

import pytest
from django.core.exceptions import ValidationError

from codesign.actions import reviews as actions
from codesign.models import (
    Activity,
    ActivityKind,
    CriterionJudgement,
    Decision,
    Judgement,
    RegisterEntry,
    SubmissionStatus,
)
from codesign.rubric import general_rubric, rubric_for, rubric_for_round
from portal.audit.models import AuditEntry
from portal.frameworks.models import QualificationFramework

from .conftest import current_round, judge_all, signed_in

pytestmark = pytest.mark.django_db


def test_mauritius_is_judged_against_the_hecs_eight_criteria_in_order(mu_nqf):
    rubric = rubric_for(mu_nqf)
    assert [criterion.label for criterion in rubric] == [
        "Title and learning outcome",
        "Need and acceptability",
        "Entry requirements",
        "Design and credits",
        "Delivery",
        "Resources",
        "Assessment and moderation",
        "Review",
    ]
    assert all("Higher Education Commission" in criterion.source for criterion in rubric)


def test_a_framework_with_no_criteria_is_judged_against_the_eu_elements_a_design_carries(db):
    lesotho = QualificationFramework.objects.get(code="LS-LQF")
    assert not lesotho.approval_criteria.exists()
    rubric = rubric_for(lesotho)
    assert rubric == general_rubric()
    labels = [criterion.label for criterion in rubric]
    assert labels[0] == "Title of the micro-credential"
    assert "Learning outcomes" in labels
    # Filled in on each learner's award, so nothing to judge in a design.
    assert "Identification of the learner" not in labels
    assert "Date of issue" not in labels
    assert len(labels) == 9
    assert all("Council Recommendation" in criterion.source for criterion in rubric)


def test_rubric_messages_name_the_criterion_and_nothing_is_half_saved(assigned, reviewer):
    round = current_round(assigned)
    with pytest.raises(ValidationError) as refused:
        actions.save_rubric(
            round=round,
            judgements={
                "title_outcomes": (Judgement.MET, ""),
                "resources": (Judgement.PARTLY_MET, ""),
                "review": (Judgement.NOT_MET, "   "),
                "delivery": ("", "A comment with no judgement."),
                "entry_requirements": ("excellent", ""),
                "no_such_thing": (Judgement.MET, ""),
            },
            by=reviewer,
        )
    errors = refused.value.message_dict
    assert errors["resources"] == ["Resources: say in a comment why it is partly met."]
    assert errors["review"] == ["Review: say in a comment why it is not met."]
    assert errors["delivery"] == ["Delivery: choose met, partly met or not met for your comment."]
    assert errors["entry_requirements"] == [
        "Entry requirements: choose met, partly met or not met."
    ]
    assert errors["__all__"] == ["“no_such_thing” is not a criterion of this rubric."]
    assert "title_outcomes" not in errors
    assert not CriterionJudgement.objects.exists()


def test_the_rubric_form_shows_each_message_beside_its_criterion(assigned, as_reviewer):
    response = as_reviewer.post(
        f"/reviews/{assigned.pk}/rubric/",
        {"judgement_resources": "not_met", "comment_resources": "", "judgement_review": "met"},
    )
    assert response.status_code == 400
    form = response.context["rubric_form"]
    assert form.errors["comment_resources"] == ["Resources: say in a comment why it is not met."]
    page = response.content.decode()
    assert 'href="#id_comment_resources"' in page
    assert not CriterionJudgement.objects.exists()


def test_a_reviewer_saves_the_rubric_as_they_go_and_can_change_it(assigned, reviewer, as_reviewer):
    response = as_reviewer.post(
        f"/reviews/{assigned.pk}/rubric/",
        {"judgement_resources": "partly_met", "comment_resources": "One instructor short."},
    )
    assert response.status_code == 302
    judgement = CriterionJudgement.objects.get()
    assert (judgement.criterion_key, judgement.criterion_label) == ("resources", "Resources")
    assert judgement.position == 6
    assert judgement.judged_by == reviewer
    # Clearing a judgement (no judgement, no comment) takes it back.
    actions.save_rubric(
        round=current_round(assigned), judgements={"resources": ("", "")}, by=reviewer
    )
    assert not CriterionJudgement.objects.exists()
    entries = AuditEntry.objects.filter(action="codesign.review.save_rubric")
    assert [entry.detail["judgements"] for entry in entries.order_by("pk")] == [
        {"resources": "partly_met"},
        {"resources": ""},
    ]


def test_only_an_assigned_reviewer_judges_and_only_an_open_round(
    assigned, reviewer, second_reviewer, hec_admin
):
    with pytest.raises(ValidationError, match="Only a reviewer assigned"):
        actions.save_rubric(
            round=current_round(assigned), judgements={"review": ("met", "")}, by=hec_admin
        )
    judge_all(assigned, reviewer)
    round = current_round(assigned)
    actions.decide(round=round, decision=Decision.REJECT, reasons="Out of scope.", by=reviewer)
    with pytest.raises(ValidationError, match="already decided round 1"):
        actions.save_rubric(round=round, judgements={"review": ("met", "")}, by=second_reviewer)


def test_approve_needs_every_criterion_judged_and_none_not_met(assigned, reviewer):
    round = current_round(assigned)
    actions.save_rubric(round=round, judgements={"review": ("met", "")}, by=reviewer)
    with pytest.raises(ValidationError) as refused:
        actions.decide(round=round, decision=Decision.APPROVE, reasons="", by=reviewer)
    assert refused.value.messages == [
        "Judge every criterion of the rubric first; 7 are not judged yet: “Title and learning "
        "outcome”; “Need and acceptability”; “Entry requirements”; “Design and credits”; "
        "“Delivery”; “Resources”; “Assessment and moderation”."
    ]
    judge_all(assigned, reviewer, resources=(Judgement.NOT_MET, "No training roof yet."))
    with pytest.raises(ValidationError) as refused:
        actions.decide(round=round, decision=Decision.APPROVE, reasons="", by=reviewer)
    assert refused.value.messages == [
        "A design cannot be approved while a criterion is judged not met: “Resources”. "
        "Request changes or reject it instead."
    ]
    round.refresh_from_db()
    assert round.decision == ""


def test_request_changes_needs_every_criterion_judged_and_reasons(assigned, reviewer):
    round = current_round(assigned)
    with pytest.raises(ValidationError) as refused:
        actions.decide(round=round, decision=Decision.REQUEST_CHANGES, reasons="", by=reviewer)
    assert refused.value.messages[0].startswith("Judge every criterion of the rubric first; 8")
    assert refused.value.messages[1] == "Reasons: say what the workspace must change."
    judge_all(assigned, reviewer, resources=(Judgement.PARTLY_MET, "One instructor short."))
    actions.decide(
        round=round, decision=Decision.REQUEST_CHANGES, reasons="Name a second one.", by=reviewer
    )
    assigned.refresh_from_db()
    assert assigned.status == SubmissionStatus.CHANGES_REQUESTED
    # Changes requested keeps the submission active: the workspace resubmits it.
    assert assigned.closed_at is None
    assert Activity.objects.filter(kind=ActivityKind.CHANGES_REQUESTED).count() == 1


def test_reject_needs_reasons_only_and_closes_the_submission(assigned, reviewer):
    round = current_round(assigned)
    with pytest.raises(ValidationError, match="Reasons: say why the design is rejected."):
        actions.decide(round=round, decision=Decision.REJECT, reasons=" ", by=reviewer)
    actions.decide(
        round=round, decision=Decision.REJECT, reasons="Not a micro-credential.", by=reviewer
    )
    assigned.refresh_from_db()
    assert assigned.status == SubmissionStatus.REJECTED
    assert assigned.closed_at is not None
    round.refresh_from_db()
    assert (round.decision, round.reasons, round.decided_by) == (
        Decision.REJECT,
        "Not a micro-credential.",
        reviewer,
    )
    assert not RegisterEntry.objects.exists()


def test_approval_enters_the_frozen_revision_in_the_register(assigned, reviewer, as_reviewer):
    round = judge_all(assigned, reviewer)
    response = as_reviewer.post(
        f"/reviews/{assigned.pk}/decide/", {"decision": "approve", "reasons": ""}, follow=True
    )
    assert "Round 1 is decided: approved. The workspace is told." in [
        str(m) for m in response.context["messages"]
    ]
    assigned.refresh_from_db()
    assert assigned.status == SubmissionStatus.APPROVED
    entry = RegisterEntry.objects.get()
    assert entry.versions.get().submission == assigned
    assert entry.title == round.revision.snapshot["basics"]["title"]
    assert response.context["register_entry"] == entry
    audit = AuditEntry.objects.get(action="codesign.review.decide")
    assert audit.detail["decision"] == "approve"
    assert audit.detail["register_entry"] == entry.identifier
    assert audit.detail["judgements"] == {c.key: "met" for c in rubric_for_round(round)}
    assert Activity.objects.filter(kind=ActivityKind.DESIGN_APPROVED).count() == 1


def test_the_decision_form_keeps_what_was_typed_when_refused(assigned, as_reviewer):
    response = as_reviewer.post(
        f"/reviews/{assigned.pk}/decide/",
        {"decision": "request_changes", "reasons": "Please name a second instructor."},
    )
    assert response.status_code == 400
    form = response.context["decision_form"]
    assert form.data["reasons"] == "Please name a second instructor."
    assert form.non_field_errors()[0].startswith("Judge every criterion of the rubric first")


def test_the_workspace_sees_every_decision_with_its_reasons_and_rubric(
    assigned, reviewer, lead, commenter
):
    judge_all(assigned, reviewer, review=(Judgement.PARTLY_MET, "Say who reviews it."))
    actions.decide(
        round=current_round(assigned),
        decision=Decision.REQUEST_CHANGES,
        reasons="Name the people who review it each year.",
        by=reviewer,
    )
    for person in (lead, commenter):
        client = signed_in(person)
        submission_page = client.get(f"/submissions/{assigned.pk}/").content.decode()
        assert "Name the people who review it each year." in submission_page
        assert "Say who reviews it." in submission_page
        design_page = client.get(f"/designs/{assigned.design_id}/").content.decode()
        assert "Name the people who review it each year." in design_page
        assert "Say who reviews it." in design_page
        assert "Changes requested" in design_page
