"""Two people edit the same section: the second save, made on a stale version, is refused
with both versions shown side by side; nothing is overwritten."""

import re

import pytest
from django.urls import reverse

from codesign.models import DesignRevision, DesignSection

from .conftest import page_text

pytestmark = pytest.mark.django_db


def _url(design, key):
    return reverse("codesign:design_section", args=[design.pk, key])


def _base_version(response):
    return re.search(r'name="base_version" value="(\d+)"', response.content.decode()).group(1)


def test_two_sessions_load_a_section_both_save_the_second_is_refused(design, as_lead, as_coauthor):
    url = _url(design, "need")
    # Both open the section at the same version.
    lead_version = _base_version(as_lead.get(url))
    coauthor_version = _base_version(as_coauthor.get(url))
    assert lead_version == coauthor_version == "0"

    first = as_coauthor.post(
        url, {"text": "Estates need solar technicians.", "base_version": coauthor_version}
    )
    assert first.status_code == 302
    revisions = DesignRevision.objects.filter(design=design).count()

    second = as_lead.post(
        url, {"text": "Estates need solar installers now.", "base_version": lead_version}
    )
    assert second.status_code == 200
    text = page_text(second)
    assert "Someone saved this section while you were editing: nothing of yours was saved" in text
    assert "Cole Author saved it on" in text and "(version 1)" in text
    body = second.content.decode()
    # Theirs beside yours, the differences marked.
    assert "Their version (saved by Cole Author)" in text
    assert "Estates need solar <del>technicians</del>." in body
    assert "Estates need solar <ins>installers now</ins>." in body
    # The form holds the second person's text, now based on the stored version.
    assert "Estates need solar installers now.</textarea>" in body
    assert _base_version(second) == "1"

    # Nothing was overwritten.
    section = DesignSection.objects.get(design=design, key="need")
    assert section.content == {"text": "Estates need solar technicians."}
    assert section.version == 1
    assert DesignRevision.objects.filter(design=design).count() == revisions

    # Saving again, after merging, is a conscious choice: it goes through.
    merged = "Estates need solar technicians and installers now."
    third = as_lead.post(url, {"text": merged, "base_version": _base_version(second)})
    assert third.status_code == 302
    section.refresh_from_db()
    assert section.content == {"text": merged} and section.version == 2


def test_a_stale_outcomes_save_shows_both_lists_and_keeps_the_rows_typed(
    design, as_lead, as_coauthor
):
    url = _url(design, "learning_outcomes")
    rows = {
        "outcomes-TOTAL_FORMS": "1",
        "outcomes-INITIAL_FORMS": "0",
        "outcomes-MIN_NUM_FORMS": "0",
        "outcomes-MAX_NUM_FORMS": "50",
        "outcomes-0-domain": "skills",
    }
    as_coauthor.post(url, {**rows, "outcomes-0-statement": "Mount a panel", "base_version": "0"})
    response = as_lead.post(
        url, {**rows, "outcomes-0-statement": "Wire a panel", "base_version": "0"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "1. <del>Mount</del> a panel" in body
    assert "1. <ins>Wire</ins> a panel" in body
    assert "\nWire a panel</textarea>" in body
    assert _base_version(response) == "1"
    assert DesignSection.objects.get(design=design, key="learning_outcomes").content == {
        "outcomes": [{"statement": "Mount a panel", "domain": "skills", "assessment": ""}]
    }


def test_a_stale_basics_save_shows_their_title_beside_yours(design, as_lead, as_coauthor):
    url = _url(design, "basics")
    data = {
        "level": str(design.level_id),
        "credential_type": "industry_led",
        "base_version": "1",
    }
    as_coauthor.post(url, {**data, "title": "Rooftop solar installation"})
    response = as_lead.post(url, {**data, "title": "Rooftop solar maintenance"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Title: Rooftop solar <del>installation</del>" in body
    assert "Title: Rooftop solar <ins>maintenance</ins>" in body
    design.refresh_from_db()
    assert design.title == "Rooftop solar installation"
