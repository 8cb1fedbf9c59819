"""Staff upload a house style in the Django admin; it is checked, audited, and used."""

import io
import re
import zipfile

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from portal.audit.models import AuditEntry
from portal.documents import actions
from portal.documents.models import HouseStyle, Status
from portal.documents.style import REFERENCE_PATH
from tests.accounts.helpers import enable_totp

pytestmark = pytest.mark.django_db

ADD_URL = "/django-admin/documents/housestyle/add/"


@pytest.fixture
def admin_client(client, make_user):
    superuser = make_user("super@portal.example", is_staff=True, is_superuser=True)
    enable_totp(superuser)
    client.force_login(superuser)
    return client


def _without_styles(names):
    """The reference house style with the styles called `names` taken out."""
    source = zipfile.ZipFile(REFERENCE_PATH)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/styles.xml":
                text = data.decode("utf-8")
                for name in names:
                    text = re.sub(
                        r"<w:style\b(?:(?!</w:style>).)*?<w:name w:val=\""
                        + re.escape(name)
                        + r"\"/>.*?</w:style>",
                        "",
                        text,
                        flags=re.S,
                    )
                data = text.encode("utf-8")
            target.writestr(item, data)
    return out.getvalue()


def test_a_house_style_missing_styles_is_refused_naming_each(admin_client):
    upload = SimpleUploadedFile("ours.docx", _without_styles(["Callout", "Quote"]))

    response = admin_client.post(ADD_URL, {"name": "Ours", "upload": upload, "make_current": "on"})

    assert response.status_code == 200
    page = response.content.decode()
    assert "“Callout”" in page and "“Quote”" in page
    assert not HouseStyle.objects.exists()


def test_a_file_that_is_not_a_word_document_is_refused(admin_client):
    upload = SimpleUploadedFile("ours.docx", b"not a zip at all")
    response = admin_client.post(ADD_URL, {"name": "Ours", "upload": upload, "make_current": "on"})
    assert response.status_code == 200
    assert not HouseStyle.objects.exists()


def test_a_good_house_style_is_stored_audited_and_used(
    admin_client, ask, organisation, member_user
):
    data = REFERENCE_PATH.read_bytes()
    upload = SimpleUploadedFile("ours.docx", data)

    response = admin_client.post(ADD_URL, {"name": "Ours", "upload": upload, "make_current": "on"})

    assert response.status_code == 302, response.content.decode()[:2000]
    style = HouseStyle.objects.get()
    assert style.is_current and style.size == len(data)
    assert AuditEntry.objects.filter(action="documents.upload_house_style").count() == 1
    assert actions.current_house_style() == data
    document, _created = ask(organisation, member_user)
    document.refresh_from_db()
    assert document.status == Status.DONE
    with document.file.open("rb") as handle:
        assert docx.Document(handle).paragraphs


def test_switching_the_current_house_style_is_audited(admin_client, staff):
    first = actions.upload_house_style(
        name="First", upload=SimpleUploadedFile("a.docx", REFERENCE_PATH.read_bytes()), by=staff
    )
    second = actions.upload_house_style(
        name="Second", upload=SimpleUploadedFile("b.docx", REFERENCE_PATH.read_bytes()), by=staff
    )
    assert HouseStyle.objects.current() == second

    response = admin_client.post(
        f"/django-admin/documents/housestyle/{first.pk}/change/",
        {"name": "First", "make_current": "on"},
    )

    assert response.status_code == 302
    assert HouseStyle.objects.current() == first
    assert AuditEntry.objects.filter(action="documents.set_house_style").count() == 1
    admin_client.post(f"/django-admin/documents/housestyle/{second.pk}/delete/", {"post": "yes"})
    assert not HouseStyle.objects.filter(pk=second.pk).exists()
    assert AuditEntry.objects.filter(action="documents.delete_house_style").count() == 1
