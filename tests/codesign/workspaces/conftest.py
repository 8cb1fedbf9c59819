"""Fixtures of the workspace tests, built by calling actions: a workspace where an industry
lead, a university lead, a co-author and a commenter work; a stranger with a workspace of
their own (for forged ids); project staff; and private storage in a temporary folder."""

import io
import zipfile

import pytest
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile

from codesign.actions import workspaces as actions
from codesign.models import WorkspaceFile, WorkspaceRole
from portal.accounts import actions as accounts
from portal.accounts.models import MembershipRole, OrganisationKind
from portal.frameworks.models import Country
from tests.accounts.helpers import enable_totp

PASSWORD = "a-long-test-passphrase-42"


@pytest.fixture(autouse=True)
def ws_private_storage(tmp_path, monkeypatch):
    """Workspace files go to a temporary folder (the field's storage is built at import)."""
    storage = FileSystemStorage(location=tmp_path / "private")
    monkeypatch.setattr(WorkspaceFile._meta.get_field("file"), "storage", storage)
    return storage


@pytest.fixture
def ws_make_user(db):
    def make(email, **extra):
        return accounts.create_user_with_verified_email(email=email, password=PASSWORD, **extra)

    return make


@pytest.fixture
def ws_staff(ws_make_user):
    """Project staff, with the two-factor sign-in their role requires."""
    user = ws_make_user("staff@project.example", is_staff=True)
    enable_totp(user)
    return user


@pytest.fixture
def ws_make_organisation(ws_staff):
    def make(name, admin, kind, country_code="MU", verified=True):
        # get_or_create: a transactional test (test_concurrency) starts from an emptied database.
        country = Country.objects.get_or_create(
            code=country_code, defaults={"name": country_code, "region": "SADC"}
        )[0]
        organisation = accounts.register_organisation(
            name=name, kind=kind, country=country, by=admin
        )
        if verified:
            accounts.verify_organisation(organisation=organisation, by=ws_staff)
        organisation.refresh_from_db()
        return organisation

    return make


@pytest.fixture
def industry_lead(ws_make_user):
    return ws_make_user("lina@sugar.example", display_name="Lina Lead")


@pytest.fixture
def academic_lead(ws_make_user):
    return ws_make_user("ada@uom.example", display_name="Ada Academic")


@pytest.fixture
def coauthor(ws_make_user):
    return ws_make_user("cole@uom.example", display_name="Cole Author")


@pytest.fixture
def commenter(ws_make_user):
    return ws_make_user("cami@sugar.example", display_name="Cami Commenter")


@pytest.fixture
def stranger(ws_make_user):
    return ws_make_user("sam@elsewhere.example", display_name="Sam Stranger")


@pytest.fixture
def industry(ws_make_organisation, industry_lead, commenter, ws_staff):
    organisation = ws_make_organisation(
        "Island Sugar Estates", industry_lead, OrganisationKind.INDUSTRY
    )
    accounts.add_member(
        organisation=organisation, user=commenter, role=MembershipRole.MEMBER, by=ws_staff
    )
    return organisation


@pytest.fixture
def university(ws_make_organisation, academic_lead, coauthor, ws_staff):
    organisation = ws_make_organisation(
        "University of Mauritius", academic_lead, OrganisationKind.UNIVERSITY
    )
    accounts.add_member(
        organisation=organisation, user=coauthor, role=MembershipRole.MEMBER, by=ws_staff
    )
    return organisation


@pytest.fixture
def workspace(industry_lead, academic_lead, coauthor, commenter, industry, university):
    return actions.open_workspace(
        title="Solar technicians for the sugar estates",
        members=[
            (industry_lead, industry, WorkspaceRole.LEAD),
            (academic_lead, university, WorkspaceRole.LEAD),
            (coauthor, university, WorkspaceRole.CO_AUTHOR),
            (commenter, industry, WorkspaceRole.COMMENTER),
        ],
        by=industry_lead,
    )


@pytest.fixture
def seats(workspace, industry_lead, academic_lead, coauthor, commenter):
    """Each person's seat in the workspace, by what they do there."""
    members = {member.user_id: member for member in workspace.members.all()}
    return {
        "industry_lead": members[industry_lead.pk],
        "academic_lead": members[academic_lead.pk],
        "coauthor": members[coauthor.pk],
        "commenter": members[commenter.pk],
    }


@pytest.fixture
def other_workspace(ws_make_organisation, stranger, ws_make_user):
    """The stranger's own workspace, with a member and a file: ids to forge."""
    college = ws_make_organisation("Other College", stranger, OrganisationKind.TVET)
    partner = ws_make_user("pat@partner.example", display_name="Pat Partner")
    company = ws_make_organisation("Partner Ltd", partner, OrganisationKind.INDUSTRY)
    other = actions.open_workspace(
        title="Someone else's workspace",
        members=[
            (stranger, college, WorkspaceRole.LEAD),
            (partner, company, WorkspaceRole.CO_AUTHOR),
        ],
        by=stranger,
    )
    actions.upload_workspace_file(workspace=other, upload=upload("theirs.pdf", PDF), by=stranger)
    return other


# Files as their formats really begin.

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 40


def zip_of(members, *, stored_first=None):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as container:
        if stored_first:
            name, data = stored_first
            container.writestr(name, data, compress_type=zipfile.ZIP_STORED)
        for name, data in members.items():
            container.writestr(name, data, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


DOCX = zip_of({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"})
XLSX = zip_of({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>"})
PPTX = zip_of({"[Content_Types].xml": "<Types/>", "ppt/presentation.xml": "<p/>"})
ODT = zip_of(
    {"content.xml": "<office:document-content/>"},
    stored_first=("mimetype", "application/vnd.oasis.opendocument.text"),
)
ODS = zip_of(
    {"content.xml": "<office:document-content/>"},
    stored_first=("mimetype", "application/vnd.oasis.opendocument.spreadsheet"),
)


def upload(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)
