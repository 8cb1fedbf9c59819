import datetime

import pytest
from defusedxml import ElementTree

pytestmark = pytest.mark.django_db


def test_news_feed_is_valid_rss_with_the_news_items(client, news_site):
    response = client.get("/news/feed/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    root = ElementTree.fromstring(response.content)
    assert root.tag == "rss" and root.get("version") == "2.0"
    channel = root.find("channel")
    assert channel.findtext("title") == "News"
    assert channel.findtext("link") == "http://testserver/news/"
    items = channel.findall("item")
    assert len(items) == 6
    first = items[0]
    assert first.findtext("title") == "Industry asks for training in weeks, not months"
    assert first.findtext("link") == "http://testserver/news/industry-asks-for-training-in-weeks/"
    assert "Source: PoMiSA Conference 2025 report, Day 3" in first.findtext("description")
    assert first.findtext("pubDate").startswith("Thu, 16 Oct 2025")
    assert items[-1].findtext("title") == "Mauritius pilots UNESCO research on a national framework"


def test_feed_leaves_out_unpublished_news(client, add_news):
    draft = add_news("Draft item", datetime.date(2026, 2, 2))
    draft.unpublish()

    root = ElementTree.fromstring(client.get("/news/feed/").content)
    titles = [item.findtext("title") for item in root.iter("item")]
    assert "Draft item" not in titles
    assert client.get(draft.url or "/news/draft-item/").status_code == 404
