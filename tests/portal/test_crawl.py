"""Every link the portal shows leads somewhere: each demo role follows the links of its pages,
from the demo data, and meets no server error and no broken link of the portal's own."""

import re
from collections import deque
from io import StringIO
from urllib.parse import urldefrag, urlsplit

import pytest
from django.core.management import call_command

from portal.accounts.models import User

HREF = re.compile(r'href="([^"]+)"')
# Where a crawl must not go: the admins (their own tests cover them), sign-out, and files.
SKIPPED = ("/admin/", "/django-admin/", "/accounts/logout/", "/static/", "/media/", "/documents/")
PAGES_PER_PERSON = 120

ROLES = [
    None,  # an anonymous visitor
    "industry@portal.example",
    "academic.mu@portal.example",
    "tvet@portal.example",
    "reviewer@portal.example",
    "staff@portal.example",
]


@pytest.fixture
def demo(db, settings):
    from cms.actions import load_site
    from handbook.actions import load_handbook

    settings.DEMO_MODE = True
    load_site()
    load_handbook()
    call_command("seed_demo", stdout=StringIO())


def _links(response):
    if "text/html" not in response.get("Content-Type", ""):
        return []
    found = []
    for href in HREF.findall(response.content.decode()):
        href = urldefrag(href.replace("&amp;", "&"))[0]
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or not href.startswith("/"):
            continue
        if href.startswith(SKIPPED):
            continue
        found.append(href)
    return found


def _crawl(client):
    seen, queue, problems = set(), deque(["/", "/me/", "/needs/", "/workspaces/"]), []
    while queue and len(seen) < PAGES_PER_PERSON:
        url = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code >= 500 or response.status_code == 404:
            problems.append(f"{response.status_code} {url}")
        elif response.status_code == 200:
            queue.extend(link for link in _links(response) if link not in seen)
    return seen, problems


def test_no_link_leads_to_an_error(client, demo):
    """One crawl per role over the same demo data (loading it once keeps the test short)."""
    for email in ROLES:
        client.logout()
        if email:
            client.force_login(User.objects.get(email=email))
        seen, problems = _crawl(client)
        assert not problems, f"{email or 'anonymous'} met: {problems}"
        assert len(seen) > 20, f"{email or 'anonymous'} reached only {sorted(seen)}"
