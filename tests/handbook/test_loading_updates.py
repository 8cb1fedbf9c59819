"""Corrections of the handbook's data reach a handbook loaded before them, where no editor
has changed the page or term; what editors changed stays theirs (issue 6, item 24)."""

import json
import shutil
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from handbook.actions import DATA_DIR, load_handbook
from handbook.models import CountryProfilePage, GlossaryTerm, SectionPage

pytestmark = pytest.mark.django_db

OLD_STAGE_NOTE = "SAQA is drafting a national concept paper on regulating micro-credentials."
OLD_WORKING_GROUP = "National Working Group of SAQA, CHE, QCTO and higher education representatives"


@pytest.fixture
def first_shipped(tmp_path):
    """The handbook's data as an earlier release shipped it, in a folder of its own."""
    for name in ("handbook.json", "glossary.json", "countries.json"):
        shutil.copy(DATA_DIR / name, tmp_path / name)

    countries = json.loads((tmp_path / "countries.json").read_text())
    for item in countries["countries"]:
        if item["slug"] == "south-africa":
            item["stage_note"] = OLD_STAGE_NOTE
            item["lead_bodies"].append(OLD_WORKING_GROUP)
        if item["slug"] == "mauritius":
            item["summary"] = "Mauritius, as first shipped."
    (tmp_path / "countries.json").write_text(json.dumps(countries))

    glossary = json.loads((tmp_path / "glossary.json").read_text())
    for term in glossary["terms"]:
        if term.get("earlier"):
            term.update(term.pop("earlier")[0])
    (tmp_path / "glossary.json").write_text(json.dumps(glossary))

    handbook = json.loads((tmp_path / "handbook.json").read_text())
    quality = next(c for c in handbook["chapters"] if c["slug"] == "quality-assurance")
    who = next(s for s in quality["sections"] if s["slug"] == "who-assures-quality")
    rows = who["body"][0]["value"]["table"]["rows"]
    rows[-1][1] = "Estonia's agency, under an older name"
    purpose = next(c for c in handbook["chapters"] if c["slug"] == "purpose")
    purpose["sections"] = [s for s in purpose["sections"] if s["slug"] != "regional-priorities"]
    (tmp_path / "handbook.json").write_text(json.dumps(handbook))
    return tmp_path


def test_pages_and_terms_still_as_loaded_are_brought_up_to_date(first_shipped):
    load_handbook(data_dir=first_shipped)
    south_africa = CountryProfilePage.objects.get(slug="south-africa")
    assert south_africa.stage_note == OLD_STAGE_NOTE
    revision = south_africa.latest_revision_id
    # An editor rewords one profile and one term; those stay theirs.
    editor = get_user_model().objects.create_superuser(email="ed@example.org", password="x" * 12)
    mauritius = CountryProfilePage.objects.get(slug="mauritius")
    mauritius.summary = "Mauritius, in our editor's words."
    mauritius.save_revision(user=editor).publish(user=editor)
    macro = GlossaryTerm.objects.get(slug="macro-credential")
    macro.definition = "A full qualification, in our editor's words."
    macro.save()

    result = load_handbook()

    assert result["pages"] == 1  # the section the earlier data lacked
    assert result["pages updated"] == 2  # South Africa's profile, the quality bodies' section
    assert result["glossary terms updated"] == 2  # micro- and nano-credential
    south_africa = CountryProfilePage.objects.get(slug="south-africa")
    assert south_africa.stage_note.startswith("South Africa is drafting")
    assert OLD_WORKING_GROUP not in south_africa.lead_body_list
    assert south_africa.revisions.count() == 1
    assert south_africa.live_revision_id == south_africa.latest_revision_id == revision
    who = SectionPage.objects.get(slug="who-assures-quality")
    assert "Estonian Quality Agency for Education (HAKA)" in str(who.body.raw_data)
    assert SectionPage.objects.filter(slug="regional-priorities").exists()
    nano = GlossaryTerm.objects.get(slug="nano-credential")
    assert nano.definition.startswith("In the usage the National University of Lesotho described")
    assert "Day 1, Session 2" in nano.source

    assert CountryProfilePage.objects.get(slug="mauritius").summary == (
        "Mauritius, in our editor's words."
    )
    assert GlossaryTerm.objects.get(slug="macro-credential").definition == (
        "A full qualification, in our editor's words."
    )

    again = load_handbook()
    assert not any(again.values()), again


def test_the_command_says_what_it_brought_up_to_date(first_shipped):
    load_handbook(data_dir=first_shipped)
    out = StringIO()
    call_command("load_handbook", stdout=out)
    assert "Handbook loaded: created 1 pages." in out.getvalue()
    assert (
        "Handbook brought up to date: 3 glossary terms updated, 3 pages updated." in out.getvalue()
    )
    out = StringIO()
    call_command("load_handbook", stdout=out)
    assert out.getvalue().strip() == "Handbook already loaded: nothing to create."
