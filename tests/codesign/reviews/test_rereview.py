"""An entry's shelf life running out: a lead of the workspace whose design it is starts a
re-review from the entry, under the rules of a first submission; approving it again gives
the entry its next version."""

import pytest
from django.core.exceptions import ValidationError

from codesign.actions import reviews as actions
from codesign.models import (
    Activity,
    ActivityKind,
    Decision,
    EntryStatus,
    RegisterEntry,
    SubmissionStatus,
)
from portal.audit.models import AuditEntry

from .conftest import current_round, judge_all, signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry(assigned, reviewer):
    judge_all(assigned, reviewer)
    actions.decide(
        round=current_round(assigned), decision=Decision.APPROVE, reasons="", by=reviewer
    )
    return RegisterEntry.objects.get()


def test_a_lead_starts_a_re_review_from_the_entry_page(entry, lead, hec_admin, reviewer):
    client = signed_in(lead)
    url = f"/register-entries/{entry.identifier}/rereview/"
    page = client.get(url)
    assert page.status_code == 200
    assert page.context["form"].single_authority == entry.authority
    response = client.post(url, {"authority": entry.authority.pk, "cover_note": "Three years on."})
    assert response.status_code == 302
    rereview = entry.rereviews.get()
    assert response["Location"] == f"/submissions/{rereview.pk}/"
    assert rereview.status == SubmissionStatus.IN_REVIEW
    assert rereview.rounds.get().cover_note == "Three years on."
    assert Activity.objects.filter(kind=ActivityKind.REREVIEW_STARTED).count() == 1
    assert AuditEntry.objects.get(action="codesign.review.rereview").detail["rereview_of"] == (
        entry.identifier
    )
    # Approved again: the same entry, its second version.
    actions.assign_reviewer(submission=rereview, reviewer=reviewer, by=hec_admin)
    judge_all(rereview, reviewer)
    actions.decide(
        round=current_round(rereview), decision=Decision.APPROVE, reasons="", by=reviewer
    )
    entry.refresh_from_db()
    assert entry.version == 2
    assert RegisterEntry.objects.count() == 1


def test_the_re_review_page_is_404_to_anyone_but_a_lead(entry, coauthor, stranger, reviewer, staff):
    url = f"/register-entries/{entry.identifier}/rereview/"
    for person in (coauthor, stranger, reviewer, staff):
        assert signed_in(person).get(url).status_code == 404
        assert signed_in(person).post(url, {"authority": entry.authority.pk}).status_code == 404
    assert signed_in(coauthor).get("/register-entries/XX-0000-00000/rereview/").status_code == 404
    assert not entry.rereviews.exists()


def test_a_re_review_follows_the_rules_of_a_submission(entry, lead, coauthor, saqa):
    with pytest.raises(ValidationError, match="Only a lead"):
        actions.start_rereview(entry=entry, by=coauthor)
    with pytest.raises(ValidationError, match="is not a verified quality authority of Mauritius"):
        actions.start_rereview(entry=entry, authority=saqa, by=lead)
    actions.start_rereview(entry=entry, by=lead)
    with pytest.raises(ValidationError, match="This design is already with"):
        actions.start_rereview(entry=entry, by=lead)


def test_a_withdrawn_entry_is_not_reviewed_again(entry, lead):
    RegisterEntry.objects.filter(pk=entry.pk).update(status=EntryStatus.WITHDRAWN)
    entry.refresh_from_db()
    with pytest.raises(ValidationError, match="This entry was withdrawn from the register"):
        actions.start_rereview(entry=entry, by=lead)
