"""The public pages people on slow, metered connections read most: light, JavaScript-free,
accessible. Weight is what crosses the wire with the compression a deploy's proxy applies
(gzip), counting the page and everything it loads."""

import gzip

import pytest
from django.core.management import call_command

from handbook.actions import load_handbook
from portal.frameworks.actions import sync_reference_data
from tests.e2e.conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)

LIMIT_BYTES = 60 * 1024
PAGES = [
    ("/", "Micro-credentials for Southern Africa and Europe"),
    ("/handbook/stackability/", "9 Stackability"),
    ("/glossary/", "Glossary"),
]


@pytest.fixture
def site_content():
    # Transactional tests empty every table afterwards, migration data included.
    sync_reference_data()
    call_command("load_site", stdout=open("/dev/null", "w"))  # noqa: SIM115
    load_handbook()


def _load_and_weigh(page, path):
    loaded = []
    page.on("response", lambda response: loaded.append(response))
    response = page.goto(path, wait_until="load")
    assert response.status == 200, path
    kinds = {r.request.resource_type for r in loaded}
    weight = sum(len(gzip.compress(r.body())) for r in loaded if r.status == 200)
    return weight, kinds


@pytest.mark.parametrize(("path", "heading"), PAGES)
def test_public_pages_are_light_need_no_javascript_and_are_accessible(
    no_js_page, site_content, path, heading
):
    weight, kinds = _load_and_weigh(no_js_page, path)
    assert no_js_page.locator("h1").inner_text() == heading
    assert weight < LIMIT_BYTES, f"{path} weighs {weight} bytes compressed"
    assert not kinds & {"script", "font"}, f"{path} loads {kinds}"
    assert no_js_page.locator("script").count() == 0
    assert_accessible(no_js_page)
