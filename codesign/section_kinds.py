"""What each kind of section holds; see the design-editor work for the full forms.

clean(definition, content, *, design) returns the content in its stored shape, or raises
ValidationError naming the field at fault.
"""

from django.core.exceptions import ValidationError


def clean(definition, content, *, design):
    if not isinstance(content, dict):
        raise ValidationError("content: expected a mapping")
    return content
