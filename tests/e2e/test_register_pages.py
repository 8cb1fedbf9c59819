"""The register's public pages in a real browser without JavaScript, on a phone: light
(what crosses the wire, gzip-compressed, page and everything it loads), no script, and no
serious axe finding. Transactional, like every browser test: one test walks every page."""

import gzip

import pytest

from portal.frameworks.actions import sync_reference_data
from tests.codesign.register.helpers import People, approve, write_design
from tests.e2e.conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)

LIMIT_BYTES = 60 * 1024
PHONE = {"width": 375, "height": 740}


def weigh(page, path):
    loaded = []

    def keep(response):
        loaded.append(response)

    page.on("response", keep)
    response = page.goto(path, wait_until="load")
    assert response.status == 200, path
    kinds = {r.request.resource_type for r in loaded}
    weight = sum(len(gzip.compress(r.body())) for r in loaded if r.status == 200)
    page.remove_listener("response", keep)
    return weight, kinds


def test_the_register_pages_are_light_script_free_and_accessible(no_js_page):
    # Transactional tests empty every table afterwards, migration data included.
    sync_reference_data()
    people = People()
    entry = approve(people, write_design(people))
    page = no_js_page
    page.set_viewport_size(PHONE)
    paths = [
        "/register/",
        "/register/?q=solar&country=MU&status=all",
        entry.get_absolute_url(),
        f"/register/verify/?identifier={entry.identifier}&fingerprint={entry.fingerprint}",
        "/register/verify/?identifier=MU-2026-1&fingerprint=nonsense",
        "/register/vocabulary/",
        "/register/api/",
    ]
    for path in paths:
        weight, kinds = weigh(page, path)
        assert weight < LIMIT_BYTES, f"{path} weighs {weight} bytes compressed"
        assert not kinds & {"script", "font", "image"}, f"{path} loads {kinds}"
        assert page.locator("script").count() == 0
        assert_accessible(page)
    page.goto("/register/")
    page.get_by_role("searchbox", name="Search:").fill("rooftop")
    page.get_by_role("button", name="Search").click()
    page.wait_for_load_state()
    page.get_by_role("link", name="Installing rooftop solar panels").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Installing rooftop solar panels"
    page.get_by_role("link", name="Verify this entry").click()
    page.wait_for_load_state()
    assert page.locator("h2#result-heading").inner_text() == "Verified: recognised"
