from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db.models import CharField, Exists, ExpressionWrapper, F, OuterRef
from django.db.models.lookups import StartsWith
from django.utils.functional import SimpleLazyObject
from wagtail.models import Page, PageViewRestriction

from portal.pagecache import content_generation

from .models import ContactPage, FaqPage

SITE_LINKS_SECONDS = 3600


def _find_site_links(request):
    """The first live FAQ and contact page in the tree that anyone may read, in one query."""
    kinds = [ContentType.objects.get_for_model(model) for model in (FaqPage, ContactPage)]
    # A restriction on the page or on any page above it: its path starts the page's path.
    page_path = ExpressionWrapper(OuterRef("path"), output_field=CharField())
    restricted = PageViewRestriction.objects.filter(StartsWith(page_path, F("page__path")))
    first = {}
    pages = Page.objects.live().filter(content_type__in=kinds).exclude(Exists(restricted))
    for page in pages.order_by("path"):
        first.setdefault(page.content_type_id, page)
    links = []
    for kind in kinds:
        page = first.get(kind.pk)
        url = page.get_url(request) if page is not None else None
        if url:
            links.append({"title": page.title, "url": url})
    return links


def _cached_site_links(request):
    """The FAQ and the contact page, as title and address, in that order. Looked up once per
    generation of public content, so a publish, move or unpublish shows at once."""
    return cache.get_or_set(
        f"cms:site-links:{content_generation()}",
        lambda: _find_site_links(request),
        SITE_LINKS_SECONDS,
    )


def site_links(request):
    """The FAQ and contact links of the footer and the home page. Lazy: only a page that
    shows them (the admin's do not) reads them."""
    return {"site_links": SimpleLazyObject(lambda: _cached_site_links(request))}
