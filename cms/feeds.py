import datetime

from django.contrib.syndication.views import Feed
from django.utils import timezone

FEED_ITEMS = 20


class NewsFeed(Feed):
    """RSS 2.0 feed of one news index's latest items, served by the index's feed/ route."""

    def __init__(self, *, index_page, request):
        super().__init__()
        self.index_page = index_page
        self.request = request

    def _absolute(self, page):
        return self.request.build_absolute_uri(page.get_url(self.request))

    def title(self):
        return self.index_page.seo_title or self.index_page.title

    def link(self):
        return self._absolute(self.index_page)

    def description(self):
        return self.index_page.meta_description

    def items(self):
        return self.index_page.news()[:FEED_ITEMS]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return f"{item.summary}\n\nSource: {item.source}"

    def item_link(self, item):
        return self._absolute(item)

    def item_pubdate(self, item):
        return datetime.datetime.combine(
            item.date, datetime.time(12), timezone.get_current_timezone()
        )

    def item_updateddate(self, item):
        return item.last_published_at
