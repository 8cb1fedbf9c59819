"""The demo content: load_handbook, the country profiles and their comparison, the sitemap."""

import re
from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command
from django.test import override_settings
from wagtail.models import GroupPagePermission, Page, Site, WorkflowPage

from handbook.actions import load_handbook
from handbook.models import (
    ChapterPage,
    CountryProfilePage,
    GlossaryTerm,
    HandbookIndexPage,
    SectionPage,
)
from portal.audit.models import AuditEntry

pytestmark = pytest.mark.django_db

PARTNERS = [
    "Belgium (Flanders)",
    "Estonia",
    "Ireland",
    "Lesotho",
    "Mauritius",
    "Namibia",
    "South Africa",
]


def test_loading_twice_creates_nothing_twice(loaded_handbook):
    assert loaded_handbook["pages"] == 1 + 12 + 30 + 1 + 1 + 7
    assert loaded_handbook["glossary terms"] >= 25
    counts = (Page.objects.count(), GlossaryTerm.objects.count())

    again = load_handbook()

    assert all(count == 0 for count in again.values()), again
    assert (Page.objects.count(), GlossaryTerm.objects.count()) == counts
    assert AuditEntry.objects.filter(action="handbook.load").count() == 2


def test_the_handbook_sits_under_the_default_sites_root(loaded_handbook):
    root = Site.objects.get(is_default_site=True).root_page
    index = HandbookIndexPage.objects.get()
    assert index.get_parent().pk == root.pk
    chapters = list(ChapterPage.objects.child_of(index).order_by("path"))
    assert [chapter.slug for chapter in chapters[:3]] == ["preamble", "purpose", "definition"]
    assert chapters[-1].title == "Information elements and approval criteria"
    # Every chapter has one to three sections, and every page and term names its source.
    for chapter in chapters:
        assert 1 <= SectionPage.objects.child_of(chapter).count() <= 3
    assert not ChapterPage.objects.filter(source="").exists()
    assert not SectionPage.objects.filter(source="").exists()
    assert not GlossaryTerm.objects.filter(source="").exists()

    # Editors and Moderators work on it through the "Moderators approval" workflow.
    assert WorkflowPage.objects.get(page=index).workflow.name == "Moderators approval"
    granted = set(
        GroupPagePermission.objects.filter(page=index).values_list(
            "group__name", "permission__codename"
        )
    )
    assert ("Editors", "change_page") in granted
    assert ("Editors", "publish_page") not in granted
    assert ("Moderators", "publish_page") in granted


def test_the_command_reports_what_it_created(db):
    out = StringIO()
    call_command("load_handbook", stdout=out)
    assert "Handbook loaded: created" in out.getvalue()
    assert "demo users" not in out.getvalue()
    out = StringIO()
    call_command("load_handbook", stdout=out)
    assert "Handbook already loaded: nothing to create." in out.getvalue()


@override_settings(DEMO_MODE=True)
def test_in_demo_mode_the_command_adds_an_editor_and_a_moderator(db):
    call_command("load_handbook", stdout=StringIO())
    editor = EmailAddress.objects.get(email="handbook.editor@example.org")
    moderator = EmailAddress.objects.get(email="handbook.moderator@example.org")
    assert editor.verified and moderator.verified
    assert list(editor.user.groups.values_list("name", flat=True)) == ["Editors"]
    assert list(moderator.user.groups.values_list("name", flat=True)) == ["Moderators"]


def test_country_pages_and_the_comparison_are_public(client, loaded_handbook):
    response = client.get("/countries/")
    assert response.status_code == 200
    html = response.content.decode()
    assert re.findall(r'<h2><a href="/countries/[\w-]+/">([^<]+)</a></h2>', html) == PARTNERS

    profile = client.get("/countries/mauritius/").content.decode()
    assert "<h1>Mauritius</h1>" in profile
    assert "Framework adopted" in profile
    framework_link = '<a href="/frameworks/MU-NQF/">Mauritius National Qualifications Framework</a>'
    assert framework_link in profile
    assert "Higher Education Commission (HEC)" in profile
    assert "<strong>Source:</strong> PoMiSA Conference 2025 report" in profile

    response = client.get("/countries/compare/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<caption>The 7 partner countries compared</caption>" in html
    assert html.count('<th scope="col">') == 7
    assert re.findall(r'<th scope="row"><a href="[^"]+">([^<]+)</a></th>', html) == PARTNERS
    assert html.count('data-label="Stage of adoption"') == 7
    assert CountryProfilePage.objects.filter(framework__isnull=True).count() == 0


def test_every_handbook_page_renders_and_is_in_the_sitemap(client, loaded_handbook):
    for page in Page.objects.live().type(HandbookIndexPage, ChapterPage, SectionPage):
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        assert b'class="source-line"' in response.content, page.url

    xml = client.get("/sitemap.xml").content.decode()
    for path in (
        "/handbook/",
        "/handbook/stackability/",
        "/handbook/definition/size/",
        "/glossary/",
        "/countries/",
        "/countries/compare/",
        "/countries/estonia/",
    ):
        assert f"{path}</loc>" in xml, path
