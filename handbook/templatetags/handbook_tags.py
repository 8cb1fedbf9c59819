from django import template

register = template.Library()


def glossary_url_for(request=None):
    """The live glossary page's address, looked up once per request."""
    from ..models import GlossaryPage

    cached = getattr(request, "_handbook_glossary_url", None) if request is not None else None
    if cached is not None:
        return cached
    glossary = GlossaryPage.objects.live().first()
    url = (glossary.get_url(request) if glossary else None) or "/glossary/"
    if request is not None:
        request._handbook_glossary_url = url
    return url


@register.simple_tag(takes_context=True)
def glossary_url(context):
    return glossary_url_for(context.get("request"))
