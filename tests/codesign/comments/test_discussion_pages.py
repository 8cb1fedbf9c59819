"""The discussion of a section, used through its pages as members use it."""

import pytest
from django.core import mail

from codesign.actions import comments
from codesign.models import Comment, DesignSection
from portal.notifications.models import Notification
from tests.accounts.helpers import enable_totp

pytestmark = pytest.mark.django_db


def url(design, key="learning_outcomes"):
    return f"/designs/{design.pk}/sections/{key}/comments/"


@pytest.fixture
def as_person(client, reviews_people):
    def sign_in(name):
        client.force_login(reviews_people[name])
        return client

    return sign_in


def test_a_member_posts_a_comment_mentioning_a_colleague(
    as_person, design, reviews_people, django_capture_on_commit_callbacks
):
    client = as_person("commenter")
    page = client.get(url(design))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Discussion of Learning outcomes" in html
    assert "@amina-author" in html and "@thandi-lead" in html  # the members' handles
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/designs/{design.pk}/comments/",
            {"section": "learning_outcomes", "body": "@amina-author is outcome 2 measurable?"},
            follow=True,
        )
    comment = Comment.objects.get()
    assert response.redirect_chain[-1][0] == (
        f"{url(design)}?thread={comment.pk}#comment-{comment.pk}"
    )
    html = response.content.decode()
    assert "Your comment is saved." in html
    assert f'id="comment-{comment.pk}"' in html
    assert '<a class="mention" href="#member-amina-author">@amina-author</a>' in html
    assert [message.to for message in mail.outbox] == [["amina@uom.example"]]


def test_an_unknown_handle_is_left_as_text_and_the_person_is_told(as_person, design):
    response = as_person("lead").post(
        f"/designs/{design.pk}/comments/",
        {"section": "need", "body": "Ask @bongani about it."},
        follow=True,
    )
    html = response.content.decode()
    assert "No member has the handle @bongani: it is shown as plain text." in html
    assert "Ask @bongani about it." in html
    assert Comment.objects.get().mentioned.count() == 0


def test_a_bad_comment_keeps_the_text_and_names_the_problem(as_person, design):
    response = as_person("lead").post(
        f"/designs/{design.pk}/comments/",
        {"section": "need", "body": "See <a href=x>this</a>"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert "“&lt;a href=x&gt;” is HTML markup" in html
    assert "See &lt;a href=x&gt;this&lt;/a&gt;</textarea>" in html
    assert not Comment.objects.exists()


def test_text_is_escaped_wherever_it_is_shown(as_person, design, reviews_people):
    comments.add_comment(
        design=design,
        section_key="need",
        body='Under <20 credits & "quoted" @thandi-lead\'s point',
        by=reviews_people["coauthor"],
    )
    html = as_person("lead").get(url(design, "need")).content.decode()
    assert "Under &lt;20 credits &amp; &quot;quoted&quot; " in html
    assert '<a class="mention" href="#member-thandi-lead">@thandi-lead</a>&#x27;s point' in html


def test_replies_resolve_and_reopen_through_the_page(as_person, design, reviews_people):
    thread = comments.add_comment(
        design=design, section_key="need", body="Is it clear?", by=reviews_people["commenter"]
    )
    client = as_person("coauthor")
    response = client.post(
        f"/comments/{thread.pk}/reply/", {f"reply-{thread.pk}-body": "Yes."}, follow=True
    )
    reply = Comment.objects.get(parent=thread)
    assert response.redirect_chain[-1][0] == (
        f"{url(design, 'need')}?thread={thread.pk}#comment-{reply.pk}"
    )
    assert "Your reply is saved." in response.content.decode()
    assert Notification.objects.filter(recipient=reviews_people["commenter"]).exists()

    response = client.post(f"/comments/{reply.pk}/resolve/", follow=True)
    assert "The thread is resolved." in response.content.decode()
    thread.refresh_from_db()
    assert thread.is_resolved
    html = response.content.decode()
    assert "Reopen this thread" in html
    assert f'action="/comments/{thread.pk}/reply/"' not in html

    response = client.post(f"/comments/{thread.pk}/reply/", {f"reply-{thread.pk}-body": "More"})
    assert "reopen it to reply" in response.content.decode()
    response = client.post(f"/comments/{thread.pk}/reopen/", follow=True)
    assert "The thread is open again." in response.content.decode()


def test_an_empty_reply_is_refused_beside_its_thread(as_person, design, reviews_people):
    thread = comments.add_comment(
        design=design, section_key="need", body="Is it clear?", by=reviews_people["commenter"]
    )
    response = as_person("lead").post(
        f"/comments/{thread.pk}/reply/", {f"reply-{thread.pk}-body": "  "}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Your reply: This field is required." in html
    assert f'href="#id_reply-{thread.pk}-body"' in html
    assert Comment.objects.count() == 1


def test_a_commenter_cannot_resolve_someone_elses_thread(as_person, design, reviews_people):
    thread = comments.add_comment(
        design=design, section_key="need", body="Lead's point", by=reviews_people["lead"]
    )
    client = as_person("commenter")
    page = client.get(url(design, "need")).content.decode()
    assert "Resolve this thread" not in page
    response = client.post(f"/comments/{thread.pk}/resolve/", follow=True)
    assert "Only the workspace&#x27;s leads and co-authors" in response.content.decode()
    thread.refresh_from_db()
    assert not thread.is_resolved


def test_threads_open_first_then_by_newest_activity(as_person, design, reviews_people):
    lead = reviews_people["lead"]
    old = comments.add_comment(design=design, section_key="need", body="Old", by=lead)
    done = comments.add_comment(design=design, section_key="need", body="Done", by=lead)
    new = comments.add_comment(design=design, section_key="need", body="New", by=lead)
    comments.resolve_thread(comment=done, by=lead)
    comments.reply(comment=old, body="Revived", by=lead)
    page = as_person("lead").get(url(design, "need"))
    order = [item["thread"].pk for item in page.context["threads"]]
    assert order == [old.pk, new.pk, done.pk]


def test_deleting_your_comment_asks_first(as_person, design, reviews_people):
    thread = comments.add_comment(
        design=design, section_key="need", body="Oops, wrong section", by=reviews_people["lead"]
    )
    client = as_person("lead")
    assert (
        f'action="/comments/{thread.pk}/delete/"'
        in client.get(url(design, "need")).content.decode()
    )
    confirm = client.post(f"/comments/{thread.pk}/delete/")
    assert "Delete your comment?" in confirm.content.decode()
    assert Comment.objects.exists()
    response = client.post(f"/comments/{thread.pk}/delete/", {"confirm": "yes"}, follow=True)
    assert "Your comment is deleted." in response.content.decode()
    assert not Comment.objects.exists()


def test_someone_elses_comment_has_no_delete_button_and_cannot_be_deleted(
    as_person, design, reviews_people
):
    thread = comments.add_comment(
        design=design, section_key="need", body="Mine", by=reviews_people["commenter"]
    )
    client = as_person("lead")
    assert "/delete/" not in client.get(url(design, "need")).content.decode()
    response = client.post(f"/comments/{thread.pk}/delete/", {"confirm": "yes"}, follow=True)
    assert "Only its author can delete a comment" in response.content.decode()
    assert Comment.objects.exists()


def test_a_section_the_design_lacks_is_404_unless_it_has_old_comments(
    as_person, design, reviews_people
):
    client = as_person("lead")
    assert client.get(url(design, "no-such-section")).status_code == 404
    # Comments made on a section the design's framework no longer has stay readable.
    comments.add_comment(
        design=design, section_key="resources", body="Which lab?", by=reviews_people["lead"]
    )
    DesignSection.objects.filter(design=design, key="resources").delete()
    design.framework.approval_criteria.filter(key="resources").delete()
    page = client.get(url(design, "resources"))
    assert page.status_code == 200
    assert "Which lab?" in page.content.decode()
    assert "Start a new thread" not in page.content.decode()


def test_project_staff_read_the_discussion_but_cannot_write(client, design, make_person):
    staff = make_person("officer@project.example", "Petra Staff")
    staff.is_staff = True
    staff.save(update_fields=["is_staff"])
    enable_totp(staff)
    client.force_login(staff)
    comments_page = client.get(url(design))
    assert comments_page.status_code == 200
    assert "Start a new thread" not in comments_page.content.decode()
    assert client.get(f"/designs/{design.pk}/revisions/").status_code == 200
    assert client.get(f"/designs/{design.pk}/compare/").status_code == 200
    assert client.get(f"/designs/{design.pk}/revisions/1/restore/").status_code == 404
    response = client.post(f"/designs/{design.pk}/comments/", {"section": "need", "body": "Hello"})
    assert "Only members of the workspace can do this." in response.content.decode()
    assert not Comment.objects.exists()


def test_a_link_to_a_thread_opens_the_page_it_is_on_now(as_person, design, reviews_people):
    lead = reviews_people["lead"]
    first = comments.add_comment(design=design, section_key="need", body="The oldest", by=lead)
    for n in range(25):
        comments.add_comment(design=design, section_key="need", body=f"Later {n}", by=lead)
    client = as_person("lead")
    assert f'id="comment-{first.pk}"' not in client.get(url(design, "need")).content.decode()
    page = client.get(comments.discussion_url(first))
    assert page.context["page"].number == 2
    assert f'id="comment-{first.pk}"' in page.content.decode()
    # A reply brings the thread back to the top, and the link follows it.
    reply = comments.reply(comment=first, body="Still relevant", by=lead)
    page = client.get(comments.discussion_url(reply))
    assert page.context["page"].number == 1
    assert f'id="comment-{reply.pk}"' in page.content.decode()


def test_a_refused_reply_is_shown_beside_its_thread_on_a_later_page(
    as_person, design, reviews_people
):
    lead = reviews_people["lead"]
    first = comments.add_comment(design=design, section_key="need", body="The oldest", by=lead)
    for n in range(25):
        comments.add_comment(design=design, section_key="need", body=f"Later {n}", by=lead)
    response = as_person("lead").post(
        f"/comments/{first.pk}/reply/", {f"reply-{first.pk}-body": "<b>bold</b>"}
    )
    assert response.context["page"].number == 2
    assert "“&lt;b&gt;” is HTML markup" in response.content.decode()
