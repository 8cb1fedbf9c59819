"""Every step is e-mailed to the people concerned, after the commit, through the same
notification settings as co-design; and recorded in the audit trail."""

import pytest
from django.core import mail

from codesign.actions import reviews as actions
from codesign.models import Decision, Judgement
from portal.audit.models import AuditEntry
from portal.notifications import tasks as notification_tasks
from portal.notifications.models import Notification

from .conftest import current_round, judge_all

pytestmark = pytest.mark.django_db


@pytest.fixture
def deliver(django_capture_on_commit_callbacks):
    """Run an action and send what it notified (the proposal is not made: not under test)."""

    def run(call):
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            result = call()
        for callback in callbacks:
            if getattr(callback, "func", None) is notification_tasks.deliver_notification:
                callback()
        return result

    return run


def sent_to(kind=None):
    return sorted(
        message.to[0]
        for message in mail.outbox
        if kind is None or kind in message.subject or kind in message.body
    )


def test_submitting_tells_the_authoritys_admin_and_the_other_members(
    complete_design, hec, lead, deliver
):
    deliver(
        lambda: actions.submit_design(
            design=complete_design, authority=hec, cover_note="For June.", by=lead
        )
    )
    assert sent_to() == [
        "admin@hec.example",
        "coauthor@uom.example",
        "commenter@uom.example",
    ]
    admin_mail = next(m for m in mail.outbox if m.to == ["admin@hec.example"])
    assert "“Installing rooftop solar panels” submitted to Higher Education Commission" in (
        admin_mail.subject
    )
    assert "assign its reviewers" in admin_mail.body
    assert "For June." in admin_mail.body
    assert Notification.objects.filter(kind="codesign.review.submitted").count() == 3


def test_assigning_tells_the_reviewer_and_unassigning_too(submission, hec_admin, reviewer, deliver):
    deliver(lambda: actions.assign_reviewer(submission=submission, reviewer=reviewer, by=hec_admin))
    deliver(
        lambda: actions.unassign_reviewer(submission=submission, reviewer=reviewer, by=hec_admin)
    )
    assert [(m.to[0], m.subject.split("]")[-1].strip()) for m in mail.outbox] == [
        (
            "anjali@hec.example",
            "Please review “Installing rooftop solar panels” for Higher Education Commission",
        ),
        ("anjali@hec.example", "You no longer review “Installing rooftop solar panels”"),
    ]
    actions_recorded = list(
        AuditEntry.objects.filter(action__startswith="codesign.review.").values_list(
            "action", flat=True
        )
    )
    assert actions_recorded == [
        "codesign.review.submit",
        "codesign.review.assign",
        "codesign.review.unassign",
    ]


def test_a_decision_tells_every_workspace_member_and_the_other_reviewer(
    assigned, reviewer, deliver
):
    judge_all(assigned, reviewer, resources=(Judgement.NOT_MET, "No training roof yet."))
    deliver(
        lambda: actions.decide(
            round=current_round(assigned),
            decision=Decision.REQUEST_CHANGES,
            reasons="Find a training roof.",
            by=reviewer,
        )
    )
    assert sent_to() == [
        "bruno@hec.example",
        "coauthor@uom.example",
        "commenter@uom.example",
        "lead@sugar.example",
    ]
    message = next(m for m in mail.outbox if m.to == ["lead@sugar.example"])
    assert "Higher Education Commission asks for changes to “Installing rooftop solar panels”" in (
        message.subject
    )
    assert "Find a training roof." in message.body
    assert "- Resources: Not met. No training roof yet." in message.body
    assert f"/submissions/{assigned.pk}/" in message.body


def test_resubmitting_and_withdrawing_tell_the_assigned_reviewers(
    assigned, reviewer, lead, coauthor, deliver
):
    from .test_frozen_and_resubmission import REVISED, edit, request_changes

    request_changes(assigned, reviewer)
    edit(assigned.design, "structure", {"text": REVISED}, coauthor)
    mail.outbox.clear()
    deliver(lambda: actions.resubmit(submission=assigned, cover_note="Added.", by=lead))
    assert sent_to() == ["anjali@hec.example", "bruno@hec.example"]
    assert "resubmitted: round 2" in mail.outbox[0].subject
    mail.outbox.clear()
    deliver(lambda: actions.withdraw_submission(submission=assigned, by=lead))
    assert sorted(m.to[0] for m in mail.outbox) == [
        "anjali@hec.example",
        "bruno@hec.example",
        "coauthor@uom.example",
        "commenter@uom.example",
    ]
