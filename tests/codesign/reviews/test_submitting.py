"""Submitting a design: only a lead, only a complete design, only to a verified quality
authority of the framework's country, one active submission at a time; the round freezes the
latest revision, attaches the proposal, and the design goes back to draft."""

import pytest
from django.core.exceptions import ValidationError

from codesign.actions import reviews as actions
from codesign.actions.designs import mark_design_ready, save_section
from codesign.models import (
    Activity,
    ActivityKind,
    DesignSection,
    DesignStatus,
    Submission,
    SubmissionStatus,
)
from portal.accounts import actions as accounts
from portal.accounts.models import OrganisationKind
from portal.audit.models import AuditEntry
from portal.documents.models import GeneratedDocument
from portal.frameworks.models import Country, FrameworkLevel, QualificationFramework

from .conftest import signed_in

pytestmark = pytest.mark.django_db


def test_a_design_with_completeness_errors_is_refused_with_every_error_listed(
    design, lead, hec, fill
):
    fill(design, lead, leave_out=("entry_requirements", "resources"))
    with pytest.raises(ValidationError) as refused:
        actions.submit_design(design=design, authority=hec, by=lead)
    messages = refused.value.messages
    assert messages[0] == "This design cannot be submitted while it has 2 errors:"
    assert any(m.startswith("“Entry requirements” is empty.") for m in messages[1:])
    assert any(m.startswith("“Resources” is empty.") for m in messages[1:])
    assert not Submission.objects.exists()


def test_the_design_page_lists_the_errors_when_a_lead_submits_too_early(design, lead, hec):
    client = signed_in(lead)
    response = client.post(f"/designs/{design.pk}/submit/", {"authority": hec.pk}, follow=True)
    text = " ".join(m.message for m in response.context["messages"])
    assert "This design cannot be submitted while it has" in text
    assert "“Learning outcomes” is empty." in text
    assert not Submission.objects.exists()


def test_a_lead_submits_the_latest_revision_with_the_proposal_attached(
    complete_design, lead, hec, django_capture_on_commit_callbacks
):
    mark_design_ready(design=complete_design, by=lead)
    submission = actions.submit_design(
        design=complete_design, authority=hec, cover_note="For June.", by=lead
    )
    assert submission.status == SubmissionStatus.IN_REVIEW
    (round,) = submission.rounds.all()
    assert round.number == 1
    assert round.revision.number == complete_design.revision_count
    assert round.cover_note == "For June."
    assert round.proposal == GeneratedDocument.objects.get(kind="proposal")
    assert round.proposal.revision == str(complete_design.revision_count)
    complete_design.refresh_from_db()
    # Back to draft: co-authors keep drafting while the frozen revision is reviewed.
    assert complete_design.status == DesignStatus.DRAFT
    assert Activity.objects.filter(kind=ActivityKind.DESIGN_SUBMITTED).count() == 1
    entry = AuditEntry.objects.filter(action="codesign.review.submit").get()
    assert entry.detail["revision"] == round.revision.number
    assert entry.detail["authority"] == hec.pk


def test_only_a_lead_submits(complete_design, coauthor, commenter, hec):
    for person in (coauthor, commenter):
        with pytest.raises(ValidationError, match="Only a lead of the workspace can do this."):
            actions.submit_design(design=complete_design, authority=hec, by=person)


def test_the_authority_must_be_a_verified_quality_authority_of_the_country(
    complete_design, lead, saqa, make_organisation, make_user, staff
):
    with pytest.raises(ValidationError) as refused:
        actions.submit_design(design=complete_design, authority=saqa, by=lead)
    assert refused.value.messages == [
        "Authority: South African Qualifications Authority is not a verified quality "
        "authority of Mauritius, where the design's framework (MU-NQF) applies."
    ]
    unverified = accounts.register_organisation(
        name="Unverified Board",
        kind=OrganisationKind.QUALITY_AUTHORITY,
        country=Country.objects.get(code="MU"),
        by=make_user("board@example.org"),
    )
    college = make_organisation("A College", make_user("c@example.org"), OrganisationKind.TVET)
    for authority in (unverified, college):
        with pytest.raises(ValidationError, match="is not a verified quality authority"):
            actions.submit_design(design=complete_design, authority=authority, by=lead)
    assert not Submission.objects.exists()


def test_a_design_for_a_regional_framework_has_no_authority_to_go_to(complete_design, lead, hec):
    eqf = QualificationFramework.objects.get(code="EQF")
    basics = DesignSection.objects.get(design=complete_design, key="basics")
    save_section(
        design=complete_design,
        key="basics",
        content={
            "title": complete_design.title,
            "framework": eqf,
            "level": FrameworkLevel.objects.get(framework=eqf, number=5),
            "credential_type": complete_design.credential_type,
        },
        base_version=basics.version,
        by=lead,
    )
    with pytest.raises(ValidationError) as refused:
        actions.submit_design(design=complete_design, authority=hec, by=lead)
    assert refused.value.messages[0].startswith(
        "EQF is a regional framework: no quality authority approves micro-credentials against it."
    )


def test_one_active_submission_at_a_time(submission, complete_design, lead, hec, mqa):
    with pytest.raises(ValidationError, match="This design is already with Higher Education"):
        actions.submit_design(design=complete_design, authority=mqa, by=lead)
    actions.withdraw_submission(submission=submission, by=lead)
    again = actions.submit_design(design=complete_design, authority=mqa, by=lead)
    assert again.status == SubmissionStatus.IN_REVIEW
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.WITHDRAWN
    assert submission.closed_at is not None


def test_withdrawing_is_for_a_lead_and_an_active_submission(submission, lead, coauthor):
    with pytest.raises(ValidationError, match="Only a lead"):
        actions.withdraw_submission(submission=submission, by=coauthor)
    actions.withdraw_submission(submission=submission, by=lead)
    with pytest.raises(ValidationError, match="only an active one can be withdrawn"):
        actions.withdraw_submission(submission=submission, by=lead)
    assert AuditEntry.objects.filter(action="codesign.review.withdraw").count() == 1
    assert Activity.objects.filter(kind=ActivityKind.SUBMISSION_WITHDRAWN).count() == 1
