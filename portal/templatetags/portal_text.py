from django import template

from portal import text

register = template.Library()


@register.filter
def plain_form(name):
    """The name with anything unusual spelled out by code point (see portal.text.plain_form)."""
    return text.plain_form(str(name))
