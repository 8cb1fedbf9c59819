"""Every revision and comment URL answers 404 to anyone outside the workspace, and to forged
ids: nobody learns that a design, a revision or a comment exists."""

import pytest

from codesign.actions import comments
from codesign.models import Comment, DesignRevision
from portal.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def thread(design, reviews_people):
    first = comments.add_comment(
        design=design, section_key="need", body="A private remark", by=reviews_people["lead"]
    )
    comments.reply(comment=first, body="A private answer", by=reviews_people["coauthor"])
    return first


def every_url(design, thread):
    reply = thread.replies.get()
    return [
        ("get", f"/designs/{design.pk}/revisions/", {}),
        ("get", f"/designs/{design.pk}/revisions/?page=2", {}),
        ("get", f"/designs/{design.pk}/compare/", {}),
        ("get", f"/designs/{design.pk}/compare/?a=1&b=1", {}),
        ("get", f"/designs/{design.pk}/compare/?a=x", {}),
        ("get", f"/designs/{design.pk}/revisions/1/restore/", {}),
        ("post", f"/designs/{design.pk}/revisions/1/restore/", {}),
        ("get", f"/designs/{design.pk}/sections/need/comments/", {}),
        ("get", f"/designs/{design.pk}/sections/no-such-section/comments/", {}),
        ("get", f"/designs/{design.pk}/comments/", {}),
        ("post", f"/designs/{design.pk}/comments/", {"section": "need", "body": "Hello"}),
        ("get", f"/comments/{thread.pk}/reply/", {}),
        ("post", f"/comments/{thread.pk}/reply/", {f"reply-{thread.pk}-body": "Hello"}),
        ("post", f"/comments/{reply.pk}/reply/", {f"reply-{thread.pk}-body": "Hello"}),
        ("post", f"/comments/{thread.pk}/resolve/", {}),
        ("post", f"/comments/{thread.pk}/reopen/", {}),
        ("post", f"/comments/{reply.pk}/delete/", {"confirm": "yes"}),
        ("get", f"/comments/{reply.pk}/delete/", {}),
    ]


def assert_nothing_changed(design, before):
    assert Comment.objects.count() == 2
    assert DesignRevision.objects.filter(design=design).count() == 1
    assert not Comment.objects.filter(resolved_at__isnull=False).exists()
    assert AuditEntry.objects.count() == before


@pytest.mark.parametrize("visitor", ["anonymous", "stranger"])
def test_every_url_is_404_outside_the_workspace(client, design, thread, reviews_people, visitor):
    if visitor == "stranger":
        client.force_login(reviews_people["stranger"])
    before = AuditEntry.objects.count()
    for method, url, data in every_url(design, thread):
        response = getattr(client, method)(url, data)
        assert response.status_code == 404, f"{method.upper()} {url}: {response.status_code}"
        assert b"private" not in response.content
    assert_nothing_changed(design, before)


def test_the_same_urls_answer_members(client, design, thread, reviews_people):
    client.force_login(reviews_people["lead"])
    for method, url, _data in every_url(design, thread):
        if method == "get" and "no-such-section" not in url:
            response = client.get(url)
            assert response.status_code in (200, 405), url


def test_forged_ids_of_another_workspace_are_404_to_a_member(
    client, design, thread, other_design, reviews_people
):
    """A member of one workspace, trying the ids of another's design, comments and revisions."""
    outsider = comments.add_comment(
        design=other_design,
        section_key="need",
        body="Their private remark",
        by=other_design.workspace.members.get().user,
    )
    client.force_login(reviews_people["lead"])
    before = AuditEntry.objects.count()
    forged = [
        ("get", f"/designs/{other_design.pk}/revisions/", {}),
        ("get", f"/designs/{other_design.pk}/compare/?a=1&b=2", {}),
        ("get", f"/designs/{other_design.pk}/revisions/2/restore/", {}),
        ("post", f"/designs/{other_design.pk}/revisions/1/restore/", {}),
        ("get", f"/designs/{other_design.pk}/sections/need/comments/", {}),
        ("post", f"/designs/{other_design.pk}/comments/", {"section": "need", "body": "Hi"}),
        ("post", f"/comments/{outsider.pk}/reply/", {f"reply-{outsider.pk}-body": "Hi"}),
        ("post", f"/comments/{outsider.pk}/resolve/", {}),
        ("post", f"/comments/{outsider.pk}/reopen/", {}),
        ("post", f"/comments/{outsider.pk}/delete/", {"confirm": "yes"}),
        # A revision number this design does not have (the other design has revision 2).
        ("get", f"/designs/{design.pk}/revisions/2/restore/", {}),
        ("post", f"/designs/{design.pk}/revisions/2/restore/", {}),
        # A section key this design does not have, posted in the form.
        ("post", f"/designs/{design.pk}/comments/", {"section": "no-such", "body": "Hi"}),
        ("post", f"/designs/{design.pk}/comments/", {"body": "Hi"}),
        ("post", "/comments/999999/reply/", {"reply-999999-body": "Hi"}),
    ]
    for method, url, data in forged:
        response = getattr(client, method)(url, data)
        assert response.status_code == 404, f"{method.upper()} {url}: {response.status_code}"
        assert b"Their private remark" not in response.content
    assert Comment.objects.count() == 3
    assert DesignRevision.objects.filter(design=other_design).count() == 2
    assert AuditEntry.objects.count() == before


def test_a_commenter_gets_404_on_restore(client, design, thread, reviews_people):
    client.force_login(reviews_people["commenter"])
    assert client.get(f"/designs/{design.pk}/revisions/1/restore/").status_code == 404
    assert client.post(f"/designs/{design.pk}/revisions/1/restore/").status_code == 404
