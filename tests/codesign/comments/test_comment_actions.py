"""Comments: who may write, resolve and delete them; @mentions and replies notify the right
people once; every change is audited without the comment's text."""

import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from codesign.actions import comments
from codesign.mentions import handles_in, marked_paragraphs
from codesign.models import Activity, ActivityKind, Comment, WorkspaceMember
from portal.audit.models import AuditEntry
from portal.notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(reviews_people, reviews_workspace):
    handles = {
        member.user_id: member.handle
        for member in WorkspaceMember.objects.filter(workspace=reviews_workspace)
    }
    return reviews_people | {
        "handle": {name: handles.get(user.pk) for name, user in reviews_people.items()}
    }


def test_the_handles_are_made_from_names(people):
    assert people["handle"]["lead"] == "thandi-lead"
    assert people["handle"]["coauthor"] == "amina-author"


def test_any_member_starts_a_thread_on_a_section_of_the_outline(design, people):
    for name in ("lead", "coauthor", "commenter"):
        comment = comments.add_comment(
            design=design, section_key="learning_outcomes", body=f"From {name}", by=people[name]
        )
        assert comment.parent is None and comment.author == people[name]
    assert Comment.objects.filter(design=design).count() == 3
    assert Activity.objects.filter(kind=ActivityKind.COMMENTED, design=design).count() == 3


def test_strangers_and_unknown_sections_are_refused(design, people):
    with pytest.raises(ValidationError, match="Only members of the workspace"):
        comments.add_comment(design=design, section_key="need", body="Hi", by=people["stranger"])
    with pytest.raises(ValidationError, match="no section called “nonsense”"):
        comments.add_comment(
            design=design, section_key="nonsense", body="Hi", by=people["commenter"]
        )
    assert not Comment.objects.exists()


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("", "This cannot be empty."),
        ("   \n  ", "This cannot be empty."),
        ("x" * 5001, "at most 5000 characters"),
        ("<script>alert(1)</script>", "HTML markup"),
        ("Look\u202ehere", "U+202E"),
        ("bell \x07", "U+0007"),
    ],
)
def test_a_bad_body_is_refused_naming_the_problem(design, people, body, message):
    with pytest.raises(ValidationError, match=re.escape(message)) as excinfo:
        comments.add_comment(design=design, section_key="need", body=body, by=people["lead"])
    assert "body" in excinfo.value.error_dict
    assert not Comment.objects.exists()
    assert not AuditEntry.objects.filter(action="codesign.add_comment").exists()


def test_mentions_are_found_case_insensitively_and_not_inside_addresses():
    text = "@Thandi-Lead please check; cc amina@uom.example and (@cas-commenter). @thandi-lead"
    assert handles_in(text) == ["thandi-lead", "cas-commenter"]
    assert handles_in("@amina-author, @amina-author- and @x_y.") == ["amina-author", "x_y"]


def test_each_mentioned_member_is_told_once_and_unknown_handles_are_reported(
    design, people, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        comment = comments.add_comment(
            design=design,
            section_key="learning_outcomes",
            body="@AMINA-AUTHOR and @amina-author, and @cas-commenter: see @nobody here.",
            by=people["lead"],
        )
    assert set(comment.mentioned.all()) == {people["coauthor"], people["commenter"]}
    assert comment.unknown_handles == ["nobody"]
    notices = Notification.objects.filter(kind="codesign.mention").order_by("recipient")
    assert [n.recipient for n in notices] == [people["coauthor"], people["commenter"]]
    notice = notices[0]
    assert (
        notice.subject == "Thandi Lead mentioned you in “Solar PV installation”, Learning outcomes"
    )
    assert "@AMINA-AUTHOR and @amina-author" in notice.body
    assert notice.url == (
        f"/designs/{design.pk}/sections/learning_outcomes/comments/"
        f"?thread={comment.pk}#comment-{comment.pk}"
    )
    assert sorted(message.to[0] for message in mail.outbox) == [
        "amina@uom.example",
        "cas@uom.example",
    ]


def test_mentioning_yourself_or_a_stranger_notifies_nobody(design, people):
    comments.add_comment(
        design=design,
        section_key="need",
        body="Note to self @thandi-lead; and @eve-stranger is not here.",
        by=people["lead"],
    )
    assert not Notification.objects.exists()


def test_a_reply_hangs_from_the_first_comment_and_tells_earlier_participants(
    design, people, reviews_workspace
):
    first = comments.add_comment(
        design=design, section_key="need", body="Is the need clear?", by=people["commenter"]
    )
    second = comments.reply(comment=first, body="Mostly.", by=people["coauthor"])
    assert second.parent == first and second.section_key == "need"
    Notification.objects.all().delete()

    # Replying to the reply still hangs from the thread's first comment.
    third = comments.reply(
        comment=second, body="@amina-author which part is unclear?", by=people["lead"]
    )
    assert third.parent == first
    kinds = {(n.recipient, n.kind) for n in Notification.objects.all()}
    # The co-author is told once, of the mention; the commenter of the reply; not the replier.
    assert kinds == {
        (people["coauthor"], "codesign.mention"),
        (people["commenter"], "codesign.reply"),
    }
    reply_notice = Notification.objects.get(kind="codesign.reply")
    assert (
        reply_notice.subject == "Thandi Lead replied in “Solar PV installation”, Need and purpose"
    )
    assert "which part is unclear?" in reply_notice.body
    assert reply_notice.url.endswith(f"?thread={first.pk}#comment-{third.pk}")

    # Someone who left the workspace is not told any more.
    WorkspaceMember.objects.filter(workspace=reviews_workspace, user=people["commenter"]).delete()
    Notification.objects.all().delete()
    comments.reply(comment=first, body="Thanks all.", by=people["lead"])
    assert [n.recipient for n in Notification.objects.all()] == [people["coauthor"]]


def test_a_resolved_thread_takes_no_reply_until_reopened(design, people):
    thread = comments.add_comment(
        design=design, section_key="need", body="Typo here.", by=people["commenter"]
    )
    comments.resolve_thread(comment=thread, by=people["coauthor"])
    with pytest.raises(ValidationError, match="reopen it to reply"):
        comments.reply(comment=thread, body="One more thing", by=people["lead"])
    comments.reopen_thread(comment=thread, by=people["lead"])
    comments.reply(comment=thread, body="One more thing", by=people["lead"])
    assert list(Activity.objects.filter(design=design).values_list("kind", flat=True))[:3] == [
        ActivityKind.COMMENTED,
        ActivityKind.COMMENT_REOPENED,
        ActivityKind.COMMENT_RESOLVED,
    ]


def test_writers_and_the_threads_author_resolve_and_reopen_others_cannot(design, people):
    by_lead = comments.add_comment(
        design=design, section_key="need", body="Lead's point", by=people["lead"]
    )
    by_commenter = comments.add_comment(
        design=design, section_key="need", body="Commenter's point", by=people["commenter"]
    )
    with pytest.raises(ValidationError, match="Only the workspace's leads and co-authors"):
        comments.resolve_thread(comment=by_lead, by=people["commenter"])
    with pytest.raises(ValidationError, match="Only members"):
        comments.resolve_thread(comment=by_lead, by=people["stranger"])
    # The commenter resolves their own thread, through one of its replies too.
    reply = comments.reply(comment=by_commenter, body="Agreed", by=people["coauthor"])
    resolved = comments.resolve_thread(comment=reply, by=people["commenter"])
    assert resolved == by_commenter and resolved.resolved_by == people["commenter"]
    with pytest.raises(ValidationError, match="already resolved"):
        comments.resolve_thread(comment=by_commenter, by=people["lead"])
    comments.reopen_thread(comment=by_commenter, by=people["commenter"])
    with pytest.raises(ValidationError, match="open already"):
        comments.reopen_thread(comment=by_commenter, by=people["lead"])


def test_a_comment_is_deleted_only_by_its_author_while_nobody_replied_after_it(design, people):
    thread = comments.add_comment(
        design=design, section_key="need", body="First", by=people["commenter"]
    )
    reply = comments.reply(comment=thread, body="Second", by=people["coauthor"])
    with pytest.raises(ValidationError, match="Someone has replied after this comment"):
        comments.delete_comment(comment=thread, by=people["commenter"])
    with pytest.raises(ValidationError, match="Only its author"):
        comments.delete_comment(comment=reply, by=people["lead"])
    comments.delete_comment(comment=reply, by=people["coauthor"])
    comments.delete_comment(comment=thread, by=people["commenter"])
    assert not Comment.objects.exists()
    assert Activity.objects.filter(kind=ActivityKind.COMMENT_DELETED).count() == 2


def test_every_change_is_audited_by_ids_never_the_text(design, people):
    secret = "the confidential price is 42"
    thread = comments.add_comment(
        design=design, section_key="need", body=f"@amina-author {secret}", by=people["lead"]
    )
    reply = comments.reply(comment=thread, body=secret, by=people["coauthor"])
    comments.resolve_thread(comment=thread, by=people["lead"])
    comments.reopen_thread(comment=thread, by=people["lead"])
    comments.delete_comment(comment=reply, by=people["coauthor"])
    entries = AuditEntry.objects.filter(action__startswith="codesign.").exclude(
        action__in=["codesign.open_workspace", "codesign.create_design"]
    )
    assert list(entries.order_by("pk").values_list("action", flat=True)) == [
        "codesign.add_comment",
        "codesign.reply",
        "codesign.resolve_thread",
        "codesign.reopen_thread",
        "codesign.delete_comment",
    ]
    for entry in entries:
        assert secret not in str(entry.detail) and secret not in entry.object_label
    assert entries.first().detail == {
        "design": design.pk,
        "section": "need",
        "mentioned": [people["coauthor"].pk],
    }


def test_mentions_are_marked_after_escaping():
    html = marked_paragraphs(
        "<b>@thandi-lead</b> & @Nobody\n\nsecond <script>x</script> @THANDI-LEAD",
        {"thandi-lead"},
    )
    assert "<b>" not in html and "<script>" not in html
    assert (
        '&lt;b&gt;<a class="mention" href="#member-thandi-lead">@thandi-lead</a>&lt;/b&gt;' in html
    )
    assert "&amp; @Nobody</p>" in html
    assert '<a class="mention" href="#member-thandi-lead">@THANDI-LEAD</a>' in html
    assert html.count("<p>") == 2
