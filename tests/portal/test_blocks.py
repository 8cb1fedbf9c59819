"""The figure, quotation and table blocks are one set, written and rendered alike by the site
pages (cms) and the handbook."""

import io

import pytest
from django.core.files.images import ImageFile
from django.utils.html import escape
from PIL import Image as PILImage
from wagtail.images.models import Image

from cms import blocks as cms_blocks
from cms.actions import add_page, load_site, site_data
from cms.models import HomePage, NewsPage, StandardPage
from handbook import blocks as handbook_blocks
from handbook.actions import add_published_page, load_handbook
from handbook.models import ChapterPage, HandbookIndexPage, SectionPage

pytestmark = pytest.mark.django_db

SHARED = ("figure", "quotation", "table")


def shared_blocks(image):
    return [
        {
            "type": "quotation",
            "value": {"quote": "Knowledge is power.\nUse it.", "attribution": "A minister"},
        },
        {
            "type": "figure",
            "value": {
                "image": image.pk,
                "alt_text": "Delegates in the conference hall",
                "caption": "The hall",
                "credit": "PoMiSA",
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
    ]


@pytest.fixture
def image(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    buffer = io.BytesIO()
    PILImage.new("RGB", (1200, 600), (11, 85, 99)).save(buffer, "PNG")
    return Image.objects.create(title="Delegates", file=ImageFile(buffer, name="photo.png"))


def test_both_apps_use_the_same_blocks():
    for name in SHARED:
        cms_block = cms_blocks.BodyBlock().child_blocks[name]
        handbook_block = handbook_blocks.BodyBlock().child_blocks[name]
        assert type(cms_block) is type(handbook_block), name


def test_a_page_with_each_shared_block_renders_the_same_in_both_apps(client, image):
    load_site(data={"home": site_data()["home"]})
    home = HomePage.objects.get()
    site_page = add_page(
        parent=home, page=StandardPage(title="Blocks", slug="blocks", body=shared_blocks(image))
    )
    handbook = add_published_page(
        parent=home,
        page=HandbookIndexPage(
            title="Handbook", slug="handbook", intro="Intro.", body=shared_blocks(image)
        ),
    )

    for page in (site_page, handbook):
        html = client.get(page.url).content.decode()
        assert "<blockquote><p>Knowledge is power.<br>Use it.</p></blockquote>" in html, page
        assert "<figcaption>A minister</figcaption>" in html, page
        assert 'alt="Delegates in the conference hall"' in html, page
        assert "The hall" in html and "Image: PoMiSA" in html, page
        assert "<caption>Credits by country</caption>" in html, page
        assert '<th scope="row">Mauritius</th>' in html, page
        assert "<td>20</td>" in html, page


def test_the_loaded_content_still_shows_every_quotation(client):
    load_site()
    load_handbook()
    pages = [
        *StandardPage.objects.live(),
        *NewsPage.objects.live(),
        *HandbookIndexPage.objects.live(),
        *ChapterPage.objects.live(),
        *SectionPage.objects.live(),
    ]
    quoted = [
        (page, block.value) for page in pages for block in page.body if block.block_type in SHARED
    ]
    # Both data files hold quotations: the site pages' and the handbook's.
    quotations = [(page, value) for page, value in quoted if "quote" in value]
    assert {page._meta.app_label for page, value in quotations} == {"cms", "handbook"}
    assert all(value["quote"] and value["attribution"] for page, value in quotations)

    for page, value in quoted:
        html = client.get(page.url).content.decode()
        if "quote" in value:
            assert f"<blockquote><p>{escape(value['quote'])}</p></blockquote>" in html, page.url
            assert f"<figcaption>{escape(value['attribution'])}</figcaption>" in html, page.url
        else:
            assert f"<caption>{escape(value['table'].caption)}</caption>" in html, page.url
