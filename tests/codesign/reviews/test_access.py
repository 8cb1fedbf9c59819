"""Who sees a review: the authority's members (the queue and the review page), the
workspace's members (the submission page), project staff (both, read-only). To a stranger,
another authority's reviewer or an anonymous visitor every address answers 404, and the
actions refuse them."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from codesign.actions import reviews as actions
from codesign.models import Decision, ReviewerAssignment, SubmissionStatus

from .conftest import current_round, judge_all, signed_in

pytestmark = pytest.mark.django_db


def review_urls(submission):
    pk = submission.pk
    return {
        "get": [f"/reviews/{pk}/", f"/submissions/{pk}/"],
        "post": [
            f"/reviews/{pk}/rubric/",
            f"/reviews/{pk}/decide/",
            f"/reviews/{pk}/reviewers/assign/",
            f"/reviews/{pk}/reviewers/unassign/",
            f"/submissions/{pk}/resubmit/",
            f"/submissions/{pk}/withdraw/",
        ],
    }


@pytest.fixture
def outsiders(stranger, mqa, mqa_reviewer, saqa):
    """Signed in and not: a stranger, the MQA's reviewer (another Mauritian authority), and
    an anonymous visitor."""
    return {
        "stranger": signed_in(stranger),
        "another authority's reviewer": signed_in(mqa_reviewer),
        "anonymous": Client(),
    }


def test_every_review_and_submission_address_is_404_to_outsiders(assigned, outsiders):
    urls = review_urls(assigned)
    for who, client in outsiders.items():
        for url in urls["get"]:
            assert client.get(url).status_code == 404, (who, url)
        for url in urls["post"]:
            response = client.post(url, {"decision": "approve", "reviewer": "1"})
            assert response.status_code == 404, (who, url)
    assert assigned.rounds.get().decision == ""


def test_a_forged_id_is_404_like_someone_elses(assigned, as_reviewer):
    assert as_reviewer.get("/reviews/999999/").status_code == 404
    assert as_reviewer.get("/submissions/999999/").status_code == 404


def test_the_queue_is_404_to_people_with_no_authority(lead, stranger):
    assert Client().get("/reviews/").status_code == 404
    for person in (lead, stranger):
        assert signed_in(person).get("/reviews/").status_code == 404


def test_another_authoritys_reviewer_cannot_decide_or_judge(assigned, mqa_reviewer, reviewer):
    judge_all(assigned, reviewer)
    round = current_round(assigned)
    with pytest.raises(ValidationError, match="Only a reviewer assigned to this submission"):
        actions.decide(round=round, decision=Decision.APPROVE, reasons="", by=mqa_reviewer)
    with pytest.raises(ValidationError, match="Only a reviewer assigned to this submission"):
        actions.save_rubric(round=round, judgements={}, by=mqa_reviewer)
    round.refresh_from_db()
    assert round.decision == ""


def test_a_member_of_the_authority_not_assigned_reads_but_cannot_decide(
    submission, hec_admin, reviewer
):
    # The admin assigns only the reviewer; the admin reads the review and the queue.
    actions.assign_reviewer(submission=submission, reviewer=reviewer, by=hec_admin)
    client = signed_in(hec_admin)
    page = client.get(f"/reviews/{submission.pk}/")
    assert page.status_code == 200
    assert page.context["rubric_form"] is None and page.context["decision_form"] is None
    with pytest.raises(ValidationError, match="Only a reviewer assigned"):
        actions.decide(
            round=current_round(submission), decision=Decision.REJECT, reasons="No.", by=hec_admin
        )
    response = client.post(
        f"/reviews/{submission.pk}/decide/", {"decision": "reject", "reasons": "No."}, follow=True
    )
    assert "Only a reviewer assigned to this submission can decide it." in [
        str(m) for m in response.context["messages"]
    ]
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.IN_REVIEW


def test_staff_read_both_pages_but_never_judge_or_decide(assigned, staff, reviewer):
    judge_all(assigned, reviewer)
    client = signed_in(staff)
    review = client.get(f"/reviews/{assigned.pk}/")
    assert review.status_code == 200
    assert review.context["rubric_form"] is None and review.context["decision_form"] is None
    assert "You are reading this review as project staff" in review.content.decode()
    assert client.get(f"/submissions/{assigned.pk}/").status_code == 200
    assert client.get("/reviews/").status_code == 200
    client.post(f"/reviews/{assigned.pk}/decide/", {"decision": "approve", "reasons": ""})
    assert current_round(assigned).decision == ""
    with pytest.raises(ValidationError):
        actions.decide(
            round=current_round(assigned), decision=Decision.APPROVE, reasons="", by=staff
        )


def test_the_workspace_reads_its_submission_page_not_the_review_page(
    assigned, lead, coauthor, commenter
):
    for person in (lead, coauthor, commenter):
        client = signed_in(person)
        assert client.get(f"/submissions/{assigned.pk}/").status_code == 200
        assert client.get(f"/reviews/{assigned.pk}/").status_code == 404


def test_the_rubric_of_an_open_round_stays_with_the_authority(assigned, reviewer, lead):
    judge_all(assigned, reviewer, "partly_met")
    page = signed_in(lead).get(f"/submissions/{assigned.pk}/").content.decode()
    assert "Why Resources falls short." not in page
    reviewer_page = signed_in(reviewer).get(f"/reviews/{assigned.pk}/").content.decode()
    assert "Why Resources falls short." in reviewer_page


def test_reviewers_read_the_attached_proposal_and_outsiders_do_not(
    assigned, reviewer, mqa_reviewer, stranger
):
    proposal = current_round(assigned).proposal
    url = f"/documents/{proposal.public_id}/"
    assert signed_in(reviewer).get(url).status_code == 200
    for person in (mqa_reviewer, stranger):
        assert signed_in(person).get(url).status_code == 404
    assert ReviewerAssignment.objects.filter(submission=assigned).count() == 2
