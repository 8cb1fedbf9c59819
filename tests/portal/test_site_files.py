"""The files every visitor's browser and every crawler ask for at the site's root."""

import re

import pytest
from django.contrib.staticfiles import finders
from django.utils.cache import get_max_age

ONE_WEEK = 7 * 24 * 3600


@pytest.mark.django_db
def test_the_site_icon_is_served_at_the_root_and_kept_long(client):
    response = client.get("/favicon.ico")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert response.content.startswith(b"\x00\x00\x01\x00")  # an ICO file's signature
    assert len(response.content) < 4096
    assert "public" in response["Cache-Control"]
    assert get_max_age(response) >= ONE_WEEK


@pytest.mark.django_db
def test_pages_link_the_site_icon(client):
    html = client.get("/no-such-page-here/").content.decode()

    assert re.search(r'<link rel="icon" href="/favicon.ico" sizes="32x32">', html)
    svg = re.search(
        r'<link rel="icon" href="/static/(favicon[^"]*\.svg)" type="image/svg\+xml">', html
    )
    assert svg
    with open(finders.find(svg.group(1)), encoding="utf-8") as icon:
        assert icon.read().startswith("<svg ")


@pytest.mark.django_db
def test_robots_txt_names_the_sitemap_and_keeps_crawlers_out_of_private_areas(client):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    for prefix in ("/admin/", "/django-admin/", "/accounts/", "/me/", "/organisations/"):
        assert f"Disallow: {prefix}" in lines
    for prefix in ("/invitations/", "/staff/"):
        assert f"Disallow: {prefix}" in lines
    assert "Disallow: /" not in lines  # the public pages stay open
