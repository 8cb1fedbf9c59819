"""seed_demo's review part: the complete Mauritius design is with the HEC, the demo reviewer
assigned, so the demo reviewer's queue is not empty; a second run adds nothing."""

from io import StringIO

import pytest
from django.core.management import call_command

from codesign.models import ReviewerAssignment, Submission, SubmissionStatus
from portal.accounts.models import User


@pytest.fixture
def seeded(db, settings):
    settings.DEMO_MODE = True
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def test_the_demo_reviewers_queue_has_the_mauritius_design(seeded, client):
    submission = Submission.objects.get()
    assert submission.status == SubmissionStatus.IN_REVIEW
    assert submission.authority.name == "Higher Education Commission (HEC)"
    assert submission.design.framework.code == "MU-NQF"
    reviewer = User.objects.get(email="reviewer@portal.example")
    assert submission.assignments.get().reviewer == reviewer
    assert f"/reviews/{submission.pk}/" in seeded
    client.force_login(reviewer)
    rows = client.get("/reviews/").context["rows"]
    assert [row["submission"] for row in rows] == [submission]
    page = client.get(f"/reviews/{submission.pk}/")
    assert page.status_code == 200
    assert page.context["rubric_form"] is not None


def test_a_second_run_adds_no_submission_or_reviewer(seeded):
    call_command("seed_demo", stdout=StringIO())
    assert Submission.objects.count() == 1
    assert ReviewerAssignment.objects.count() == 1
    assert User.objects.filter(email="qa.admin@portal.example").count() == 1
