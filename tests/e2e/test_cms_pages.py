import re

import pytest
from django.core.management import call_command
from wagtail.contrib.forms.models import FormSubmission

from cms import forms as contact_forms
from tests.e2e.conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def site_content():
    call_command("load_site", stdout=open("/dev/null", "w"))  # noqa: SIM115


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/", "Micro-credentials for Southern Africa and Europe"),
        ("/news/how-mauritius-will-approve-micro-credentials/", "How Mauritius will approve"),
        ("/events/pomisa-conference-2025/", "PoMiSA Conference 2025: Shaping Futures"),
        ("/faq/", "Frequently asked questions"),
        ("/contact/", "Contact us"),
        ("/what-is-a-micro-credential/", "What is a micro-credential?"),
    ],
)
def test_site_pages_work_without_javascript_and_are_accessible(
    no_js_page, site_content, path, heading
):
    response = no_js_page.goto(path)

    assert response.status == 200
    assert heading in no_js_page.locator("h1").inner_text()
    assert_accessible(no_js_page)


def test_faq_questions_jump_to_their_answers(no_js_page, site_content):
    no_js_page.goto("/faq/")
    no_js_page.get_by_role("link", name="How many credits does a micro-credential carry?").click()

    assert no_js_page.url.endswith("#how-many-credits-does-a-micro-credential-carry")
    assert no_js_page.locator("#how-many-credits-does-a-micro-credential-carry").is_visible()


def test_the_contact_form_works_without_javascript(no_js_page, site_content, monkeypatch, settings):
    # The live server runs in this process: let the test post at machine speed.
    monkeypatch.setattr(contact_forms, "MIN_SECONDS", 0)
    settings.STAFF_NOTIFICATION_EMAILS = ["team@pomisa.example"]
    no_js_page.goto("/contact/")
    honeypot = no_js_page.locator("input[name=homepage]").bounding_box()
    assert honeypot["x"] + honeypot["width"] <= 0  # moved off screen by the stylesheet

    no_js_page.get_by_role("button", name="Send your message").click()
    assert no_js_page.locator(".error-summary").is_visible()
    assert no_js_page.locator("#id_your_name_error").inner_text() == "This field is required."
    assert_accessible(no_js_page)

    no_js_page.get_by_label("Your name").fill("Thabo Molapo")
    no_js_page.get_by_label("Your e-mail address").fill("thabo@example.org")
    no_js_page.get_by_label("Subject").fill("Pilot in Namibia")
    no_js_page.get_by_role("textbox", name="Your message (required)").fill(
        "Which sectors are piloting first?"
    )
    no_js_page.get_by_role("button", name="Send your message").click()

    assert re.search(r"/contact/$", no_js_page.url)
    assert (
        "your message has reached the project team" in no_js_page.locator(".messages").inner_text()
    )
    assert FormSubmission.objects.get().form_data["your_name"] == "Thabo Molapo"
