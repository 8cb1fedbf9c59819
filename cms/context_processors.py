from django.core.cache import cache
from django.utils.functional import SimpleLazyObject
from wagtail.models import Page

from portal.pagecache import content_generation

from .models import ContactPage, FaqPage

SITE_LINKS_SECONDS = 3600


def _find_site_links():
    private = Page.objects.private_q()
    links = []
    for model in (FaqPage, ContactPage):
        page = model.objects.live().exclude(private).order_by("path").first()
        if page is not None and page.url:
            links.append({"title": page.title, "url": page.url})
    return links


def _cached_site_links():
    """The FAQ and the contact page, as title and address, in that order. Looked up once per
    generation of public content, so a publish, move or unpublish shows at once."""
    return cache.get_or_set(
        f"cms:site-links:{content_generation()}", _find_site_links, SITE_LINKS_SECONDS
    )


def site_links(request):
    """The FAQ and contact links of the footer and the home page. Lazy: only a page that
    shows them (the admin's do not) reads them."""
    return {"site_links": SimpleLazyObject(_cached_site_links)}
