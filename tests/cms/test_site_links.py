"""The FAQ and the contact page are linked from every page's footer and from the home page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from cms.actions import add_page
from cms.models import ContactPage, FaqPage, StandardPage

pytestmark = pytest.mark.django_db

FAQ_LINK = '<a href="/faq/">Frequently asked questions</a>'
CONTACT_LINK = '<a href="/contact/">Contact us</a>'


def footer(response):
    return response.content.decode().split('<footer class="site-footer">')[1]


def test_every_page_links_the_faq_and_the_contact_page_in_its_footer(client, site_pages):
    for path in ("/", "/news/", "/faq/", "/frameworks/", "/accounts/login/", "/nowhere/"):
        html = footer(client.get(path))
        assert FAQ_LINK in html, path
        assert CONTACT_LINK in html, path


def test_the_home_page_points_to_them_with_the_rest_of_the_site(client, site_pages):
    html = client.get("/").content.decode()
    explore = html.split('<h2 id="explore-heading">')[1].split("</section>")[0]
    assert FAQ_LINK in explore
    assert CONTACT_LINK in explore


def test_the_links_follow_the_page_tree(client, site_pages):
    faq = FaqPage.objects.get()
    faq.title = "Questions and answers"
    faq.save_revision().publish()
    ContactPage.objects.get().unpublish()

    html = footer(client.get("/news/"))

    assert '<a href="/faq/">Questions and answers</a>' in html
    assert "/contact/" not in html


def test_a_page_not_everyone_may_read_is_not_linked(client, site_pages):
    members = add_page(parent=site_pages, page=StandardPage(title="Members only"))
    PageViewRestriction.objects.create(page=members, restriction_type=PageViewRestriction.LOGIN)
    FaqPage.objects.get().move(members, pos="last-child")
    PageViewRestriction.objects.create(
        page=ContactPage.objects.get(), restriction_type=PageViewRestriction.LOGIN
    )

    html = footer(client.get("/news/"))

    assert "/faq/" not in html
    assert "/contact/" not in html


def test_once_found_the_links_cost_no_query(client, site_pages, settings):
    settings.PAGE_CACHE_SECONDS = 0
    client.get("/news/")
    with CaptureQueriesContext(connection) as queries:
        client.get("/news/")
    tables = " ".join(query["sql"] for query in queries.captured_queries)
    assert "cms_faqpage" not in tables
    assert "cms_contactpage" not in tables
