import datetime
import io
import re

import pytest
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.images.models import Image
from wagtail.models import Page

from cms.actions import add_page
from cms.figures import headline_figures
from cms.models import HomePage, NewsPage, StandardPage
from portal.frameworks.models import Country

pytestmark = pytest.mark.django_db


PAGES = [
    ("/", "Micro-credentials for Southern Africa and Europe", "What is a micro-credential?"),
    ("/what-is-a-micro-credential/", "What is a micro-credential?", "Stand-alone"),
    ("/for-employers/", "For employers", "co-design"),
    ("/for-learners/", "For learners", "self-discipline"),
    ("/about-pomisa/", "About the PoMiSA project", "University of Johannesburg"),
    ("/news/", "News", "Seven countries compare their state of play"),
    (
        "/news/how-mauritius-will-approve-micro-credentials/",
        "How Mauritius will approve micro-credentials",
        "20 notional hours",
    ),
    ("/events/", "Events", "PoMiSA Conference 2025: Shaping Futures"),
    ("/events/pomisa-conference-2025/", "PoMiSA Conference 2025", "Ravenala Attitude Hotel"),
    ("/faq/", "Frequently asked questions", "Who approves micro-credentials in Mauritius?"),
    ("/contact/", "Contact us", "Send your message"),
]


def test_each_page_renders_for_anonymous_visitors(client, site_pages):
    for url, title, text in PAGES:
        response = client.get(url)

        assert response.status_code == 200, url
        html = response.content.decode()
        assert f"<title>{title}" in html, url
        assert text in html, url
        assert html.count("<h1") == 1, url
        description = re.search(r'<meta name="description" content="([^"]*)">', html).group(1)
        assert description.strip(), url
        if url != "/":
            assert '<nav class="breadcrumbs" aria-label="Breadcrumb">' in html, url


def test_meta_description_prefers_search_description_then_summary(client, add_news):
    add_news("With summary", datetime.date(2025, 1, 1), summary="The summary text.")
    add_news(
        "With description",
        datetime.date(2025, 1, 2),
        summary="Ignored.",
        search_description="The search description.",
    )

    assert (
        '<meta name="description" content="The summary text.">'
        in client.get("/news/with-summary/").content.decode()
    )
    assert (
        '<meta name="description" content="The search description.">'
        in client.get("/news/with-description/").content.decode()
    )


def test_news_page_shows_its_source(client, news_site):
    html = client.get("/news/mauritius-pilots-iiep-research/").content.decode()

    assert "Source: IIEP-UNESCO, &#x27;Action-oriented research on micro-credentials" in html
    assert '<time datetime="2024-01-17">17 January 2024</time>' in html


def test_home_shows_the_three_latest_news_newest_first(client, add_news):
    add_news("Newest item", datetime.date(2026, 3, 1))

    html = client.get("/").content.decode()
    news = html[html.index('id="news-heading"') : html.index('id="events-heading"')]

    titles = re.findall(r'class="cms-item-title"><a href="[^"]+">([^<]+)</a>', news)
    assert titles == [
        "Newest item",
        "Industry asks for training in weeks, not months",
        # two items share 15 October 2025; the one published last comes first
        "SADC proposes the elements of a regional framework",
    ]


def test_home_and_event_index_list_upcoming_events_and_past_ones(client, add_event, future):
    add_event("Regional workshop on stackability", future, place="Port Louis")

    home = client.get("/").content.decode()
    assert "Regional workshop on stackability" in home
    assert "No events are planned" not in home

    index = client.get("/events/").content.decode()
    upcoming = index[index.index('id="upcoming-heading"') : index.index('id="past-heading"')]
    past = index[index.index('id="past-heading"') :]
    assert "Regional workshop on stackability" in upcoming
    assert "PoMiSA Conference 2025: Shaping Futures" in past
    assert "PoMiSA Conference 2025" not in upcoming


def test_event_page_shows_times_in_the_event_time_zone(client, add_event):
    start = datetime.datetime(2030, 5, 6, 6, 0, tzinfo=datetime.UTC)  # 10:00 in Mauritius
    event = add_event("Timed event", start, online_url="https://meet.example.org/pomisa")

    html = client.get(event.url).content.decode()
    assert "Monday 6 May 2030, 10:00" in html
    assert "to <time" in html and ">12:00</time>" in html
    assert "Indian/Mauritius time, UTC+0400" in html
    assert 'href="https://meet.example.org/pomisa"' in html
    assert f'href="{event.url}calendar/"' in html


def test_news_index_is_paginated(client, add_news):
    for day in range(1, 11):
        add_news(f"Extra news {day}", datetime.date(2026, 1, day))

    first = client.get("/news/").content.decode()
    second = client.get("/news/?page=2").content.decode()

    assert "Extra news 10" in first and "Page 1 of 2" in first
    assert 'href="?page=2"' in first
    assert "Mauritius pilots UNESCO research" in second  # the oldest item
    assert "Extra news 10" not in second
    assert client.get("/news/?page=99").status_code == 200  # out of range: last page


def test_index_pages_announce_the_feed(client, news_site):
    for url in ("/", "/news/"):
        html = client.get(url).content.decode()
        assert (
            '<link rel="alternate" type="application/rss+xml" title="News" href="/news/feed/">'
            in html
        )


def test_faq_lists_questions_with_an_anchor_each(client, faq_site):
    html = client.get("/faq/").content.decode()

    anchors = re.findall(r'<li><a href="#([a-z0-9-]+)">', html)
    assert len(anchors) >= 8
    assert len(set(anchors)) == len(anchors)
    for anchor in anchors:
        assert f'<h2 id="{anchor}">' in html
    assert "what-is-a-micro-credential" in anchors


def _png(width, height):
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), (11, 85, 99)).save(buffer, "PNG")
    return ImageFile(buffer, name="photo.png")


def test_standard_page_blocks_render_accessibly(client, home_only, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    image = Image.objects.create(title="Delegates", file=_png(2400, 1200))
    page = add_page(
        parent=home_only,
        page=StandardPage(
            title="All blocks",
            intro="Every block.",
            body=[
                {"type": "paragraph", "value": "<h2>Section</h2><p>Text.</p>"},
                {"type": "callout", "value": {"heading": "Note", "text": "<p>Callout.</p>"}},
                {"type": "quotation", "value": {"quote": "A quote.", "attribution": "Someone"}},
                {
                    "type": "figure",
                    "value": {
                        "image": image.pk,
                        "alt_text": "Delegates in the conference hall",
                        "caption": "The hall",
                    },
                },
                {
                    "type": "table",
                    "value": {
                        "first_column_is_header": True,
                        "table": {
                            "caption": "Credits by country",
                            "columns": [
                                {"type": "text", "heading": "Country"},
                                {"type": "number", "heading": "Hours per credit"},
                            ],
                            "rows": [{"values": ["Mauritius", "20"]}],
                        },
                    },
                },
            ],
        ),
    )

    html = client.get(page.url).content.decode()

    assert '<div class="callout callout-info">' in html and "Callout." in html
    assert "<blockquote><p>A quote.</p></blockquote>" in html
    assert 'alt="Delegates in the conference hall"' in html
    assert "<figcaption>The hall</figcaption>" in html
    widths = [int(w) for w in re.findall(r"(\d+)w", html)]
    assert widths and max(widths) <= 960  # never the 2400-pixel original
    assert "<caption>Credits by country</caption>" in html
    assert '<th scope="col">Country</th>' in html
    assert '<th scope="row">Mauritius</th>' in html


def test_headline_figures_show_only_real_numbers(home_only):
    figures = {figure.url: figure for figure in headline_figures()}

    partner_countries = Country.objects.filter(is_partner=True).count()
    if partner_countries:
        assert figures["/countries/"].value == partner_countries
    else:
        assert "/countries/" not in figures
    # No handbook page is published in this test: the figure is left out, not shown as 0.
    assert not Page.objects.filter(content_type__app_label="handbook").exists()
    assert "/handbook/" not in figures
    assert all(figure.value for figure in figures.values())


def test_headline_figure_label_agrees_with_its_number(home_only):
    partners = Country.objects.filter(is_partner=True).order_by("code")
    assert partners.count() > 1
    figures = {figure.url: figure for figure in headline_figures()}
    assert figures["/countries/"].label == "partner countries"

    Country.objects.exclude(pk=partners.first().pk).update(is_partner=False)
    figures = {figure.url: figure for figure in headline_figures()}
    assert figures["/countries/"].value == 1
    assert figures["/countries/"].label == "partner country"


def test_site_search_finds_news_events_and_faq(site_pages):
    from wagtail.search.backends import get_search_backend

    backend = get_search_backend()
    assert NewsPage.objects.get(slug="sadc-proposes-regional-framework-elements") in list(
        backend.search("Preamble", NewsPage.objects.live())
    )
    found = {page.slug for page in backend.search("Ravenala", Page.objects.live().specific())}
    assert "pomisa-conference-2025" in found
    found = {page.slug for page in backend.search("shelf life", Page.objects.live().specific())}
    assert "faq" in found


def test_only_one_home_page_is_allowed(home_only):
    assert not HomePage.can_create_at(Page.get_first_root_node())


def test_every_page_type_has_a_working_admin_form(site_pages):
    from django.apps import apps

    for model in apps.get_app_config("cms").get_models():
        if not issubclass(model, Page):
            continue
        form_class = model.get_edit_handler().get_form_class()
        form = form_class(instance=model.objects.first(), for_user=None)
        assert "title" in form.fields, model


def test_an_event_cannot_end_before_it_starts(db, future):
    from django.core.exceptions import ValidationError

    from cms.models import EventPage

    event = EventPage(
        title="Backwards", slug="backwards", start=future, end=future - datetime.timedelta(hours=1)
    )
    event.summary = "Summary."
    with pytest.raises(ValidationError) as error:
        event.clean()
    assert error.value.message_dict["end"] == ["The event cannot end before it starts."]


def test_sitemap_lists_the_site_pages(client, site_pages):
    xml = client.get("/sitemap.xml").content.decode()

    assert "/news/how-mauritius-will-approve-micro-credentials/</loc>" in xml
    assert "/events/pomisa-conference-2025/</loc>" in xml
    assert "/contact/</loc>" in xml


def test_the_home_page_needs_few_queries_when_not_served_from_the_page_cache(
    client, site_pages, settings, django_assert_max_num_queries
):
    settings.PAGE_CACHE_SECONDS = 0
    client.get("/")  # warm per-process caches (content types, site root paths) as a server would
    with django_assert_max_num_queries(8):
        response = client.get("/")
    assert response.status_code == 200
    assert response.context["news_index"] is not None
    assert [news.title for news in response.context["latest_news"]]


def test_the_home_page_figures_follow_what_is_published(client, site_pages, settings):
    from portal.frameworks.models import Country

    settings.PAGE_CACHE_SECONDS = 0
    before = {f.url: f.value for f in client.get("/").context["figures"]}
    Country.objects.create(code="BW", name="Botswana", region="SADC", is_partner=True)
    after = {f.url: f.value for f in client.get("/").context["figures"]}
    assert after["/countries/"] == before["/countries/"] + 1
