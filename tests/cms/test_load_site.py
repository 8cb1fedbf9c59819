import pytest
from django.core.management import call_command
from wagtail.models import Page, Site

from cms.actions import add_page, load_site
from cms.models import (
    ContactFormField,
    ContactPage,
    EventPage,
    FaqPage,
    HomePage,
    NewsPage,
    StandardPage,
)
from portal.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_load_site_twice_creates_nothing_twice():
    call_command("load_site", stdout=open("/dev/null", "w"))  # noqa: SIM115
    counts = Page.objects.count(), ContactFormField.objects.count()

    call_command("load_site", stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert (Page.objects.count(), ContactFormField.objects.count()) == counts
    assert HomePage.objects.count() == 1
    assert StandardPage.objects.count() == 4
    assert 4 <= NewsPage.objects.count() <= 6
    assert 3 <= EventPage.objects.count() <= 4
    assert ContactFormField.objects.count() == 5
    assert len(FaqPage.objects.get().questions) >= 8
    assert AuditEntry.objects.filter(action="cms.site_loaded").count() == 2


def test_the_home_page_replaces_wagtails_welcome_page():
    welcome = Site.objects.get(is_default_site=True).root_page

    load_site()

    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage)
    assert site.root_page.slug == "home"
    assert not Page.objects.filter(pk=welcome.pk).exists()
    assert Site.objects.count() == 1
    assert ContactPage.objects.get().get_parent().pk == site.root_page.pk


def test_a_rerun_leaves_other_children_of_the_root_and_edits_alone(client):
    load_site()
    home = HomePage.objects.get()
    handbook_like = add_page(parent=home, page=StandardPage(title="Regional handbook"))
    news = NewsPage.objects.get(slug="seven-countries-compare-state-of-play")
    news.title = "Edited by staff"
    news.save_revision().publish()

    assert load_site() == []

    assert Page.objects.filter(pk=handbook_like.pk).child_of(home).exists()
    assert NewsPage.objects.get(pk=news.pk).title == "Edited by staff"


def test_pages_made_under_the_welcome_page_move_to_the_new_home():
    welcome = Site.objects.get(is_default_site=True).root_page
    earlier = add_page(parent=welcome, page=StandardPage(title="Loaded earlier"))

    load_site()

    home = HomePage.objects.get()
    assert Page.objects.get(pk=earlier.pk).get_parent().pk == home.pk
    assert Site.objects.get(is_default_site=True).root_page_id == home.pk
    assert not Page.objects.filter(pk=welcome.pk).exists()


def test_load_site_builds_the_tree_on_an_empty_database():
    Site.objects.all().delete()
    Page.objects.all().delete()
    from wagtail.models import Locale

    Locale.objects.all().delete()

    load_site()

    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage)
    assert site.root_page.get_parent().depth == 1
    assert NewsPage.objects.live().count() == 6


def test_the_site_takes_its_address_from_the_portal_base_url(settings, client):
    settings.WAGTAILADMIN_BASE_URL = "https://portal.example.org"
    load_site()

    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("portal.example.org", 443)
    xml = client.get("/sitemap.xml").content.decode()
    assert "<loc>https://portal.example.org/news/</loc>" in xml
    assert "localhost" not in xml

    # Run again after the address changed: the existing site follows it.
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8000/"
    load_site()

    site.refresh_from_db()
    assert (site.hostname, site.port) == ("127.0.0.1", 8000)
    assert AuditEntry.objects.filter(action="cms.site_loaded").last().detail["address"] == (
        "http://127.0.0.1:8000"
    )
