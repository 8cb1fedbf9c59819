"""Editorial workflow: an editor's change goes live only when a moderator approves it, and
scheduled publishing happens when publish_scheduled runs."""

from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone
from wagtail.models import Page, TaskState, WorkflowState

from handbook.actions import create_demo_editors, publish_scheduled_pages, set_up_editorial_roles
from handbook.models import ChapterPage
from tests.accounts.helpers import enable_totp
from tests.caches import clear_caches

pytestmark = pytest.mark.django_db


@pytest.fixture
def editorial(small_handbook, glossary):
    set_up_editorial_roles(pages=[small_handbook.index, glossary.page])
    editor, moderator = create_demo_editors()
    return editor, moderator


def live_title(page):
    return Page.objects.get(pk=page.pk).specific.title


def test_an_editors_change_goes_live_only_after_a_moderator_approves(
    client, small_handbook, editorial
):
    editor, moderator = editorial
    chapter = ChapterPage.objects.get(pk=small_handbook.chapters[0].pk)
    assert not chapter.permissions_for_user(editor).can_publish()
    assert chapter.permissions_for_user(editor).can_edit()
    assert chapter.permissions_for_user(moderator).can_publish()

    chapter.title = "Chapter Alpha, revised"
    chapter.save_revision(user=editor)
    workflow = chapter.get_workflow()
    assert workflow.name == "Moderators approval"
    workflow_state = workflow.start(chapter, editor)

    # Submitted, not yet approved: the public still sees the live version.
    assert live_title(chapter) == "Chapter Alpha"
    assert "Chapter Alpha, revised" not in client.get("/handbook/alpha/").content.decode()
    task_state = workflow_state.current_task_state
    assert task_state.status == TaskState.STATUS_IN_PROGRESS

    task_state.task.on_action(task_state.specific, moderator, "approve")

    workflow_state.refresh_from_db()
    assert workflow_state.status == WorkflowState.STATUS_APPROVED
    assert live_title(chapter) == "Chapter Alpha, revised"
    clear_caches()
    html = client.get("/handbook/alpha/").content.decode()
    assert '<h1><span class="handbook-number">1</span> Chapter Alpha, revised</h1>' in html


def test_a_rejected_change_never_goes_live(small_handbook, editorial):
    editor, moderator = editorial
    chapter = ChapterPage.objects.get(pk=small_handbook.chapters[1].pk)
    chapter.title = "Rejected title"
    chapter.save_revision(user=editor)
    workflow_state = chapter.get_workflow().start(chapter, editor)
    task_state = workflow_state.current_task_state
    task_state.task.on_action(task_state.specific, moderator, "reject")
    assert live_title(chapter) == "Chapter Beta"


def test_a_scheduled_revision_goes_live_when_publish_scheduled_runs(
    client, small_handbook, editorial
):
    _, moderator = editorial
    chapter = ChapterPage.objects.get(pk=small_handbook.chapters[2].pk)
    chapter.title = "Chapter Gamma, scheduled"
    chapter.go_live_at = timezone.now() + timedelta(hours=1)
    chapter.save_revision(user=moderator).publish(user=moderator)
    assert live_title(chapter) == "Chapter Gamma"

    publish_scheduled_pages()  # not yet time
    assert live_title(chapter) == "Chapter Gamma"

    later = timezone.now() + timedelta(hours=2)
    with mock.patch("django.utils.timezone.now", return_value=later):
        publish_scheduled_pages()
    assert live_title(chapter) == "Chapter Gamma, scheduled"


def test_an_editor_can_open_the_editing_forms(client, small_handbook, editorial):
    editor, _ = editorial
    enable_totp(editor)  # people who can reach the Wagtail admin need two-factor sign-in
    client.force_login(editor)
    chapter = small_handbook.chapters[1]
    section = small_handbook.sections["one"]
    for url in (
        f"/admin/pages/{chapter.pk}/edit/",
        f"/admin/pages/{section.pk}/edit/",
        f"/admin/pages/add/handbook/sectionpage/{chapter.pk}/",
        "/admin/snippets/handbook/glossaryterm/add/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
    # The framework block offers the frameworks of the reference data by their code.
    assert b"MU-NQF" in client.get(f"/admin/pages/{chapter.pk}/edit/").content
