"""The loaded handbook says what its sources say, and has what they have (issue 6, items
22-25). Each test reads the handbook as `load_handbook` loads it, through its pages."""

import html as htmllib
import re
from pathlib import Path

import pytest
from wagtail.models import Page

from cms.actions import load_site
from handbook.actions import load_handbook
from handbook.models import CountryProfilePage, GlossaryTerm

pytestmark = pytest.mark.django_db

REPO = Path(__file__).resolve().parents[2]
EU_ELEMENTS = "/handbook/information-elements-and-approval-criteria/eu-information-elements/"


def text(response):
    """The page's visible words and its meta description, tags stripped, spaces collapsed."""
    assert response.status_code == 200
    html = response.content.decode()
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    html = re.sub(r'<meta name="description" content="([^"]*)"[^>]*>', r" \1 ", html)
    return re.sub(r"\s+", " ", htmllib.unescape(re.sub(r"<[^>]+>", " ", html)))


@pytest.fixture
def site(db):
    load_site()
    load_handbook()


@pytest.fixture
def every_page(client, site):
    """{url: visible words} for every live page of the site and the handbook."""
    pages = Page.objects.live().filter(depth__gt=1)
    words = {page.url: text(client.get(page.url)) for page in pages}
    words["/countries/compare/"] = text(client.get("/countries/compare/"))
    return words


def profile(slug):
    return CountryProfilePage.objects.get(slug=slug)


# Item 22: the EQF has no credit system; Lesotho's classes are described usage.


def test_the_eqf_block_says_the_eqf_has_no_credit_system(client, site):
    page = text(client.get(EU_ELEMENTS))
    assert "The EQF has no credit system of its own" in page
    assert "One ECTS is 25 notional hours" not in page


def test_lesothos_classes_are_described_usage_wherever_the_handbook_gives_them(client, site):
    page = text(client.get("/handbook/definition/size/"))
    assert "Lesotho Usage described: a credit-bearing award of about 6 credits" in page
    assert "Lesotho has no micro-credential framework yet" in page
    assert "The National University of Lesotho described credit-bearing awards" in page
    for slug in ("nano-credential", "micro-credential", "macro-credential"):
        assert "usage the National University of Lesotho described" in (
            GlossaryTerm.objects.get(slug=slug).definition
        )


# Item 23: one current name for Estonia's agency.


def test_estonias_agency_has_its_current_name_on_every_page(every_page):
    assert "Estonian Quality Agency for Education (HAKA)" in every_page["/countries/estonia/"]
    assert (
        "Estonia Estonian Quality Agency for Education (HAKA) Helps develop the standards"
        in every_page["/handbook/quality-assurance/who-assures-quality/"]
    )
    for url, words in every_page.items():
        for other_form in ("Higher and Vocational Education", "EKKA"):
            assert other_form not in words, f"{url} names {other_form!r}"


def test_no_data_file_template_or_migration_names_estonias_agency_otherwise():
    shipped = [
        *REPO.glob("*/data/*.json"),
        *REPO.glob("portal/*/data/*.json"),
        *REPO.glob("*/templates/**/*.html"),
        *REPO.glob("*/*/templates/**/*.html"),
        *REPO.glob("templates/**/*.html"),
        *REPO.glob("*/migrations/*.py"),
        *REPO.glob("portal/*/migrations/*.py"),
    ]
    assert len(shipped) > 50
    for path in shipped:
        content = path.read_text(encoding="utf-8")
        for other_form in ("Higher and Vocational Education", "EKKA"):
            assert other_form not in content, f"{path.relative_to(REPO)} names {other_form!r}"


# Item 24: wording that drifted from the sources.


def test_south_africa_drafts_the_concept_paper_and_the_working_group_is_a_proposal(client, site):
    south_africa = profile("south-africa")
    assert south_africa.stage_note.startswith("South Africa is drafting a national concept paper")
    assert "SAQA is drafting" not in south_africa.stage_note
    assert not any("Working Group" in body for body in south_africa.lead_body_list)
    (proposal,) = [r for r in south_africa.recommendation_list if "National Working Group" in r]
    assert "proposed" in proposal
    page = text(client.get("/handbook/quality-assurance/who-assures-quality/"))
    assert "The approach SAQA presented proposes a National Working Group" in page
    assert "a National Working Group keeps policy coherent" not in page


def test_the_two_steering_committees_are_told_apart(every_page):
    mauritius = profile("mauritius")
    assert "Steering Committee overseeing implementation (established October 2025)" in (
        mauritius.lead_body_list
    )
    assert not any("PoMiSA" in body for body in mauritius.lead_body_list)
    assert (
        "noted the establishment of the PoMiSA Steering Committee to oversee policy alignment "
        "and ensure mutual recognition of micro-credentials" in every_page["/handbook/preamble/"]
    )
    for url, words in every_page.items():
        assert "PoMiSA Steering Committee (set up October 2025)" not in words, url


def test_the_handbook_claims_no_endorsement(every_page):
    assert "A handbook on micro-credentials for Southern Africa" in every_page["/handbook/"]
    for url, words in every_page.items():
        assert "PoMiSA regional handbook" not in words, url
        assert "carries that handbook" not in words, url


# Item 25: what the sources have and the handbook lacked, each where it belongs.


def test_the_mauritius_profile_has_its_alignments_three_types_and_eight_criteria(client, site):
    page = text(client.get("/countries/mauritius/"))
    assert "aligning them with the EQF, HAQAA and the Addis Convention" in page
    assert "three types of micro-credential (stackable" in page
    assert "industry-led; and stand-alone" in page
    criteria = (
        "eight criteria: title and learning outcome; need and acceptability; entry requirements; "
        "design and credits; delivery; resources; assessment and moderation; and review"
    )
    assert criteria in page
    assert "the three types and the approval criteria presented by Mauritius" in page  # source


def test_the_mauritius_steps_have_the_state_of_play_guidelines_and_framework_study(client, site):
    page = text(client.get("/handbook/funding-and-implementation/steps-mauritius/"))
    assert "September 2024 The 'State of Play' publication" in page
    assert "the NCVTS Guidelines" in page
    assert (
        "Micro-credentials in Mauritius: Towards a National Framework for TVET and Higher "
        "Education , a study conducted jointly by UNESCO IIEP, HEC Mauritius and the Mauritius "
        "Qualifications Authority" in page
    )
    assert "Opening Ceremony (welcome remarks, Professor Romeela Mohee" in page  # source


def test_the_purpose_chapter_has_south_africas_research_on_regional_priorities(client, site):
    page = text(client.get("/handbook/purpose/regional-priorities/"))
    assert "desktop analysis and in-depth interviews, including a Consultative Forum" in page
    assert "six key themes, among them 'definitions and characteristics'" in page
    assert "the proposal of a regional framework" in page
    assert "Day 2, session on regional priorities (South African context)" in page
    assert "Regional priorities" in text(client.get("/handbook/purpose/"))  # listed there


def test_the_preamble_has_the_keynotes_international_models_and_its_6cs(client, site):
    page = text(client.get("/handbook/preamble/international-models/"))
    for model in (
        "Malaysia",
        "Europe (MICROBOL)",
        "Canada",
        "New Zealand",
        "Australia",
        "UNESCO and OECD",
        "United States (SUNY)",
    ):
        assert model in page
    assert "Digital Transformation Collaborative (DTC) Framework, structured around the '6Cs'" in (
        page
    )
    assert "Session 1: International Keynote" in page


def test_the_lesotho_profile_has_the_nano_and_micro_classes(client, site):
    page = text(client.get("/countries/lesotho/"))
    assert "nano-credentials of about six credits or fewer" in page
    assert "micro-credentials of more than six but fewer than 120 credits" in page
    assert "The National University of Lesotho described" in page


def test_the_eu_section_says_the_optional_list_is_not_exhaustive(client, site):
    page = text(client.get(EU_ELEMENTS))
    assert "The optional elements are a non-exhaustive list" in page
    assert "optional elements, where relevant, in a non-exhaustive list" in page  # source
