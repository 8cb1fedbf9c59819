"""The review queue: the submissions to the authorities a person belongs to, the longest
waiting first with the age of each, filtered by status; the authority's admin assigns its own
members as reviewers."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from codesign.actions import reviews as actions
from codesign.actions.designs import create_design
from codesign.models import CredentialType, Decision, ReviewerAssignment, ReviewRound
from portal.accounts import actions as accounts
from portal.accounts.models import MembershipRole
from portal.frameworks.models import FrameworkLevel

from .conftest import current_round, judge_all, page_text, signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_submissions(submission, workspace, lead, mu_nqf, fill, hec):
    """The fixture's submission, five days old, and a second one, two days old."""
    other = create_design(
        workspace=workspace,
        title="Maintaining solar inverters",
        framework=mu_nqf,
        level=FrameworkLevel.objects.get(framework=mu_nqf, number=4),
        credential_type=CredentialType.STAND_ALONE,
        by=lead,
    )
    second = actions.submit_design(design=fill(other, lead), authority=hec, by=lead)
    now = timezone.now()
    ReviewRound.objects.filter(submission=submission).update(submitted_at=now - timedelta(days=5))
    ReviewRound.objects.filter(submission=second).update(submitted_at=now - timedelta(days=2))
    return submission, second


def test_the_queue_shows_the_longest_waiting_first_with_its_age(
    two_submissions, as_reviewer, hec_admin, reviewer
):
    first, second = two_submissions
    actions.assign_reviewer(submission=first, reviewer=reviewer, by=hec_admin)
    response = as_reviewer.get("/reviews/")
    assert response.status_code == 200
    rows = response.context["rows"]
    assert [row["submission"] for row in rows] == [first, second]
    assert [row["age"] for row in rows] == [5, 2]
    assert [row["reviewers"] for row in rows] == [[reviewer], []]
    text = page_text(response)
    assert "Installing rooftop solar panels" in text and "5 days" in text
    assert "Maintaining solar inverters" in text and "2 days" in text


def test_the_queue_filters_by_status_and_by_reviewer(two_submissions, hec_admin, reviewer):
    first, second = two_submissions
    actions.assign_reviewer(submission=first, reviewer=reviewer, by=hec_admin)
    judge_all(first, reviewer)
    actions.decide(round=current_round(first), decision=Decision.REJECT, reasons="No.", by=reviewer)
    client = signed_in(reviewer)
    awaiting = client.get("/reviews/").context["rows"]
    assert [row["submission"] for row in awaiting] == [second]
    rejected = client.get("/reviews/?status=rejected").context["rows"]
    assert [row["submission"] for row in rejected] == [first]
    assert rejected[0]["age"] is None
    everything = client.get("/reviews/?status=all").context["rows"]
    assert {row["submission"] for row in everything} == {first, second}
    mine = client.get("/reviews/?status=all&mine=on").context["rows"]
    assert [row["submission"] for row in mine] == [first]
    # A status that does not exist shows what waits for a decision.
    assert [r["submission"] for r in client.get("/reviews/?status=x").context["rows"]] == [second]


def test_another_authority_sees_none_of_them(two_submissions, mqa, as_mqa_reviewer):
    response = as_mqa_reviewer.get("/reviews/?status=all")
    assert response.status_code == 200
    assert response.context["rows"] == []


def test_the_reviews_link_is_in_the_navigation_for_reviewers_only(submission, as_reviewer, lead):
    assert 'href="/reviews/"' in as_reviewer.get("/reviews/").content.decode()
    assert 'href="/reviews/"' not in signed_in(lead).get("/workspaces/").content.decode()


def test_only_the_authoritys_admin_assigns_and_only_its_members(
    submission, hec_admin, reviewer, second_reviewer, mqa_reviewer, coauthor, staff
):
    with pytest.raises(ValidationError, match="Only an admin of Higher Education Commission"):
        actions.assign_reviewer(submission=submission, reviewer=second_reviewer, by=reviewer)
    with pytest.raises(ValidationError, match="Only an admin"):
        actions.assign_reviewer(submission=submission, reviewer=reviewer, by=staff)
    with pytest.raises(ValidationError) as refused:
        actions.assign_reviewer(submission=submission, reviewer=mqa_reviewer, by=hec_admin)
    assert refused.value.messages == [
        "Reviewer: Omar Other is not a member of Higher Education Commission; only its members "
        "review its submissions."
    ]
    actions.assign_reviewer(submission=submission, reviewer=reviewer, by=hec_admin)
    with pytest.raises(ValidationError, match="Anjali Reviewer already reviews"):
        actions.assign_reviewer(submission=submission, reviewer=reviewer, by=hec_admin)
    assert list(ReviewerAssignment.objects.values_list("reviewer", flat=True)) == [reviewer.pk]


def test_a_member_of_the_designs_workspace_cannot_review_it(
    submission, hec_admin, hec, coauthor, staff
):
    accounts.add_member(organisation=hec, user=coauthor, role=MembershipRole.MEMBER, by=staff)
    with pytest.raises(ValidationError, match="is a member of the workspace that wrote"):
        actions.assign_reviewer(submission=submission, reviewer=coauthor, by=hec_admin)


def test_the_admin_assigns_and_unassigns_from_the_review_page(
    submission, as_hec_admin, reviewer, second_reviewer
):
    page = as_hec_admin.get(f"/reviews/{submission.pk}/")
    candidates = set(page.context["assign_form"].fields["reviewer"].queryset)
    assert {reviewer, second_reviewer} <= candidates
    response = as_hec_admin.post(
        f"/reviews/{submission.pk}/reviewers/assign/", {"reviewer": reviewer.pk}
    )
    assert response.status_code == 302
    assert ReviewerAssignment.objects.get().reviewer == reviewer
    page = as_hec_admin.get(f"/reviews/{submission.pk}/")
    assert reviewer not in set(page.context["assign_form"].fields["reviewer"].queryset)
    as_hec_admin.post(f"/reviews/{submission.pk}/reviewers/unassign/", {"reviewer": reviewer.pk})
    assert not ReviewerAssignment.objects.exists()


def test_a_reviewer_cannot_assign_through_the_page(submission, as_reviewer, second_reviewer):
    response = as_reviewer.post(
        f"/reviews/{submission.pk}/reviewers/assign/",
        {"reviewer": second_reviewer.pk},
        follow=True,
    )
    assert "Only an admin of Higher Education Commission can assign its reviewers." in [
        str(m) for m in response.context["messages"]
    ]
    assert not ReviewerAssignment.objects.exists()
    assert response.context["assign_form"] is None


def test_a_closed_submission_gets_no_new_reviewer(
    assigned, reviewer, hec_admin, make_qa_person, hec, staff
):
    judge_all(assigned, reviewer)
    actions.decide(
        round=current_round(assigned), decision=Decision.REJECT, reasons="No.", by=reviewer
    )
    late = make_qa_person("late@hec.example", "Late Reviewer")
    accounts.add_member(organisation=hec, user=late, role=MembershipRole.MEMBER, by=staff)
    with pytest.raises(ValidationError, match="reviewers are assigned only while it is open"):
        actions.assign_reviewer(submission=assigned, reviewer=late, by=hec_admin)
