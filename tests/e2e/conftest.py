"""Browser tests: Playwright for Python driving Debian's Chromium against a live server.

Playwright cannot download its own browser here, so it drives /usr/bin/chromium (or
CHROMIUM_PATH). Without it, or without Playwright, the tests are skipped and pytest's -rs
prints the reason.
"""

import os
import shutil

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
# between browser steps are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_PATH = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
SERIOUS = {"serious", "critical"}


@pytest.fixture(scope="session")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("browser tests skipped: Playwright for Python is not installed")
    if not (os.path.exists(CHROMIUM_PATH) or shutil.which(CHROMIUM_PATH)):
        pytest.skip(
            f"browser tests skipped: no Chromium at {CHROMIUM_PATH} "
            "(apt-get install chromium, or set CHROMIUM_PATH)"
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM_PATH, args=CHROMIUM_FLAGS, headless=True
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def no_js_page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(10_000)
    # axe needs JavaScript: assert_accessible re-opens this page's address in a JS context.
    page.portal_javascript_disabled = True
    yield page
    context.close()


def sign_in(page, email, password, next_url, secret=None):
    """Sign in through allauth's form, with a TOTP code when `secret` is given, and wait for
    `next_url`."""
    from tests.e2e.test_accounts_journeys import current_code

    page.goto(f"/accounts/login/?next={next_url}")
    page.get_by_label("Email:").fill(email)
    page.get_by_label("Password:").fill(password)
    page.get_by_role("button", name="Sign in").click()
    if secret:
        page.get_by_label("Code:").fill(current_code(secret))
        page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"**{next_url}")


def assert_accessible(page):
    """Run axe-core in the page; fail on any serious or critical finding, naming each.

    On a no-JavaScript page (where evaluating axe would hang) the same address is opened in
    a JavaScript context of the same browser with the same cookies: the server renders the
    same HTML.
    """
    from axe_playwright_python.sync_playwright import Axe

    if getattr(page, "portal_javascript_disabled", False):
        context = page.context.browser.new_context(
            storage_state=page.context.storage_state(), java_script_enabled=True
        )
        try:
            checked = context.new_page()
            checked.set_default_timeout(10_000)
            checked.goto(page.url)
            _assert_no_serious_findings(Axe().run(checked), page.url)
        finally:
            context.close()
        return
    _assert_no_serious_findings(Axe().run(page), page.url)


def _assert_no_serious_findings(results, url):
    findings = [v for v in results.response["violations"] if v.get("impact") in SERIOUS]
    assert not findings, f"axe findings on {url}:\n" + "\n".join(
        f"- {v['id']} ({v['impact']}): {v['help']} at "
        + ", ".join(str(node.get("target")) for node in v["nodes"][:5])
        for v in findings
    )
