"""Files shared in a workspace: checked before they are stored, stored privately under a random
name, served only to members, deleted by their uploader or a lead."""

import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from codesign import uploads
from codesign.actions import workspaces as actions
from codesign.models import Activity, WorkspaceFile
from codesign.views.workspaces import attachment_disposition
from portal.audit.models import AuditEntry

from .conftest import DOCX, JPEG, ODS, ODT, PDF, PNG, PPTX, XLSX, upload
from .test_pages import main_of


def files_url(workspace):
    return reverse("codesign:workspace_files", args=[workspace.pk])


def upload_url(workspace):
    return reverse("codesign:workspace_file_upload", args=[workspace.pk])


def delete_url(workspace):
    return reverse("codesign:workspace_file_delete", args=[workspace.pk])


def download_url(workspace_file):
    return reverse(
        "codesign:workspace_file_download", args=[workspace_file.workspace_id, workspace_file.pk]
    )


def body_of(response):
    return b"".join(response.streaming_content)


def test_a_co_author_uploads_and_it_is_stored_privately(
    client, workspace, coauthor, ws_private_storage, settings
):
    client.force_login(coauthor)
    response = client.post(
        upload_url(workspace), {"file": upload("Needs analysis.pdf", PDF, "text/html")}
    )
    assert response.status_code == 302
    stored = WorkspaceFile.objects.get()
    assert stored.name == "Needs analysis.pdf"
    assert stored.size == len(PDF)
    assert stored.sha256 == hashlib.sha256(PDF).hexdigest()
    # The content type is the portal's, not what the browser claimed.
    assert stored.content_type == "application/pdf"
    # Stored under a random name in the private storage, never under MEDIA_ROOT.
    assert stored.file.name.startswith(f"workspaces/{workspace.pk}/")
    assert "Needs" not in stored.file.name and len(stored.file.name.rsplit("/", 1)[1]) == 32
    assert ws_private_storage.exists(stored.file.name)
    assert ws_private_storage.open(stored.file.name).read() == PDF
    assert stored.uploaded_by == coauthor
    entry = AuditEntry.objects.for_object(stored).get()
    assert entry.action == "codesign.upload_workspace_file"
    assert entry.detail["sha256"] == stored.sha256
    assert Activity.objects.filter(kind="file_uploaded", subject="Needs analysis.pdf").exists()
    assert "Needs analysis.pdf" in main_of(client.get(files_url(workspace)))


def test_the_production_storage_is_private():
    from django.conf import settings

    location = settings.STORAGES["private"]["OPTIONS"]["location"]
    assert location == str(settings.PRIVATE_MEDIA_ROOT)
    assert not location.startswith(str(settings.MEDIA_ROOT))


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("a.pdf", PDF, "application/pdf"),
        ("a.docx", DOCX, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("a.xlsx", XLSX, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (
            "a.pptx",
            PPTX,
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ),
        ("a.odt", ODT, "application/vnd.oasis.opendocument.text"),
        ("a.ods", ODS, "application/vnd.oasis.opendocument.spreadsheet"),
        ("a.csv", "name;hours\nRéunion;20\n".encode(), "text/csv"),
        ("a.TXT", b"plain notes\n", "text/plain"),
        ("a.png", PNG, "image/png"),
        ("a.jpg", JPEG, "image/jpeg"),
        ("a.jpeg", JPEG, "image/jpeg"),
    ],
)
def test_every_accepted_type_is_recognised_by_its_content(name, content, content_type):
    assert uploads.identify(upload(name, content), name) == content_type


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("page.html", b"<html><script>alert(1)</script>", "not a type of file"),
        ("run.exe", b"MZ\x90\x00", "not a type of file"),
        ("no-extension", PDF, "not a type of file"),
        ("page.pdf", b"<html><script>alert(1)</script>", "its content is not a pdf file"),
        ("image.png", JPEG, "its content is not a png file"),
        ("photo.jpg", PNG, "its content is not a jpg file"),
        ("macro.docx", b"PK\x03\x04not really a zip", "its content is not a docx file"),
        ("sheet.xlsx", DOCX, "its content is not a xlsx file"),
        ("text.odt", ODS, "its content is not a odt file"),
        ("binary.csv", b"a,b\n\x00\x01\x02", "its content is not a csv file"),
        ("latin1.txt", "café".encode("latin-1"), "its content is not a txt file"),
    ],
)
def test_a_name_or_content_that_does_not_fit_is_refused_and_nothing_stored(
    client, workspace, coauthor, ws_private_storage, name, content, message
):
    with pytest.raises(ValidationError, match=message):
        actions.upload_workspace_file(
            workspace=workspace, upload=upload(name, content), by=coauthor
        )
    client.force_login(coauthor)
    response = client.post(upload_url(workspace), {"file": upload(name, content)})
    assert response.status_code == 200
    assert message in main_of(response).replace("&#x27;", "'")
    assert not WorkspaceFile.objects.exists()
    assert not ws_private_storage.exists(f"workspaces/{workspace.pk}")


def test_a_file_over_the_size_limit_is_refused(workspace, coauthor, ws_private_storage):
    big = PDF + b"0" * uploads.FILE_MAX_BYTES
    with pytest.raises(ValidationError, match="a file can be at most 10.0"):
        actions.upload_workspace_file(
            workspace=workspace, upload=upload("big.pdf", big), by=coauthor
        )
    assert not WorkspaceFile.objects.exists()
    assert not ws_private_storage.exists(f"workspaces/{workspace.pk}")


def test_a_workspace_holds_at_most_so_much(workspace, coauthor, monkeypatch):
    monkeypatch.setattr(actions, "WORKSPACE_FILES_MAX_BYTES", 2 * len(PDF) + 10)
    for number in range(2):
        actions.upload_workspace_file(
            workspace=workspace, upload=upload(f"{number}.pdf", PDF), by=coauthor
        )
    with pytest.raises(ValidationError, match="does not fit"):
        actions.upload_workspace_file(workspace=workspace, upload=upload("3.pdf", PDF), by=coauthor)
    assert WorkspaceFile.objects.count() == 2


def test_a_file_name_that_hides_its_extension_is_refused(workspace, coauthor):
    with pytest.raises(ValidationError, match="RIGHT-TO-LEFT OVERRIDE"):
        actions.upload_workspace_file(
            workspace=workspace, upload=upload("evil\u202efdp.pdf", PDF), by=coauthor
        )


def test_the_files_page_states_the_limits(client, workspace, coauthor):
    client.force_login(coauthor)
    main = main_of(client.get(files_url(workspace)))
    assert "Each file can be up to 10.0" in main
    assert "pdf, docx, xlsx, odt, ods, pptx, csv, txt, png, jpg" in main
    assert "200.0" in main
    assert 'enctype="multipart/form-data"' in main


def test_a_commenter_reads_but_does_not_upload(client, workspace, commenter, coauthor):
    stored = actions.upload_workspace_file(
        workspace=workspace, upload=upload("a.pdf", PDF), by=coauthor
    )
    client.force_login(commenter)
    main = main_of(client.get(files_url(workspace)))
    assert upload_url(workspace) not in main
    assert "Commenters read the files" in main
    response = client.post(upload_url(workspace), {"file": upload("b.pdf", PDF)})
    assert "Only the workspace&#x27;s leads and co-authors" in main_of(response)
    assert WorkspaceFile.objects.count() == 1
    assert body_of(client.get(download_url(stored))) == PDF


def test_a_download_is_an_attachment_that_no_one_keeps_or_sniffs(client, workspace, coauthor):
    stored = actions.upload_workspace_file(
        workspace=workspace, upload=upload('Plan "final"; v2 – été.pdf', PDF), by=coauthor
    )
    client.force_login(coauthor)
    response = client.get(download_url(stored))
    assert response.status_code == 200
    assert body_of(response) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Length"] == str(len(PDF))
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Disposition"] == (
        'attachment; filename="Plan _final__ v2 _ _t_.pdf"; '
        "filename*=UTF-8''Plan%20%22final%22%3B%20v2%20%E2%80%93%20%C3%A9t%C3%A9.pdf"
    )


def test_the_disposition_cannot_be_broken_out_of():
    header = attachment_disposition('a"\\;\r\nb%.pdf')
    assert "\r" not in header and "\n" not in header
    assert header.startswith('attachment; filename="a_____b_.pdf"; ')


def test_the_uploader_or_a_lead_deletes_after_confirming(
    client,
    workspace,
    coauthor,
    commenter,
    academic_lead,
    ws_private_storage,
    django_capture_on_commit_callbacks,
):
    mine = actions.upload_workspace_file(
        workspace=workspace, upload=upload("a.pdf", PDF), by=coauthor
    )
    theirs = actions.upload_workspace_file(
        workspace=workspace, upload=upload("b.pdf", PDF), by=academic_lead
    )
    client.force_login(coauthor)
    main = main_of(client.get(files_url(workspace)))
    assert f'name="file" value="{mine.pk}"' in main
    assert f'name="file" value="{theirs.pk}"' not in main
    # Someone else's file: refused, even by a co-author.
    response = client.post(
        delete_url(workspace), {"file": theirs.pk, "confirm": "yes"}, follow=True
    )
    assert "Only the person who uploaded a file, or a lead" in main_of(response)
    assert WorkspaceFile.objects.filter(pk=theirs.pk).exists()
    # Their own: asked first, then deleted, row and stored copy.
    response = client.post(delete_url(workspace), {"file": mine.pk})
    assert "Delete “a.pdf”?" in main_of(response)
    assert WorkspaceFile.objects.filter(pk=mine.pk).exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(delete_url(workspace), {"file": mine.pk, "confirm": "yes"})
    assert response.status_code == 302
    assert not WorkspaceFile.objects.filter(pk=mine.pk).exists()
    assert not ws_private_storage.exists(mine.file.name)
    assert AuditEntry.objects.filter(action="codesign.delete_workspace_file").count() == 1
    assert Activity.objects.filter(kind="file_deleted", subject="a.pdf").exists()
    # A lead deletes anyone's.
    actions.delete_workspace_file(
        workspace_file=actions.upload_workspace_file(
            workspace=workspace, upload=upload("c.pdf", PDF), by=coauthor
        ),
        by=academic_lead,
    )
    with pytest.raises(ValidationError):
        actions.delete_workspace_file(workspace_file=theirs, by=commenter)


def test_a_long_text_file_cut_in_the_middle_of_a_character_is_still_text():
    content = b"a" * (uploads.TEXT_SAMPLE_BYTES - 1) + "é".encode() + b"rest"
    assert uploads.identify(upload("long.txt", content), "long.txt") == "text/plain"
