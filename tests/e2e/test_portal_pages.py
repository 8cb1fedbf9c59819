import pytest

from tests.e2e.conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_404_page_is_branded_accessible_and_needs_no_javascript(no_js_page):
    response = no_js_page.goto("/there-is-nothing-here/")
    assert response.status == 404
    assert no_js_page.locator("h1").inner_text() == "Page not found"
    assert no_js_page.locator("main#main").count() == 1
    assert_accessible(no_js_page)


def test_the_skip_link_moves_focus_to_the_main_content(page):
    page.goto("/there-is-nothing-here/")
    page.keyboard.press("Tab")
    skip = page.locator("a.skip-link")
    assert skip.evaluate("el => el === document.activeElement")
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"


def test_pages_fit_a_phone_screen(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 360, "height": 740}, is_mobile=True
    )
    phone = context.new_page()
    phone.goto("/there-is-nothing-here/")
    scroll_width = phone.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= 360
    context.close()
