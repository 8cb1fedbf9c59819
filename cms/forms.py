"""The contact form: the editor's fields plus the spam checks that need no outside service.

- a honeypot field, hidden with CSS, that people leave empty and form-filling robots do not;
- a signed timestamp: a post sent under MIN_SECONDS after the form was shown, or more than
  MAX_SECONDS after, is refused;
- a per-address limit of POST_LIMIT posts in POST_WINDOW seconds, counted in the cache.
"""

import time

import django.forms
from django.core import signing
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.forms.forms import BaseForm, FormBuilder

from portal.clientip import client_ip

HONEYPOT_FIELD = "homepage"
TOKEN_FIELD = "form_started"  # noqa: S105 (a form field name)
TOKEN_SALT = "cms.contact.started"  # noqa: S105 (a signing namespace, not a secret)
MIN_SECONDS = 3
MAX_SECONDS = 24 * 60 * 60
POST_LIMIT = 10
POST_WINDOW = 60 * 60

TOO_FAST = _(
    "Your message was not sent because the form was sent too quickly. "
    "Please wait a few seconds and send it again."
)
EXPIRED = _("This form has expired or was damaged. Please send your message again.")
HONEYPOT_FILLED = _(
    "Your message was not sent because the field labelled “Leave this field empty” was filled "
    "in. Please empty it and send again."
)
RATE_LIMITED = _(
    "Too many messages have been sent from your connection in the last hour. "
    "Please try again later."
)


def form_token(started_at=None):
    """A signed record of when the form was shown (seconds since the epoch)."""
    return signing.dumps(started_at if started_at is not None else time.time(), salt=TOKEN_SALT)


def contact_post_allowed(request):
    """Count this post against the sender's address; False once they pass the limit."""
    key = f"cms:contact-posts:{client_ip(request)}"
    cache.add(key, 0, timeout=POST_WINDOW)
    try:
        count = cache.incr(key)
    except ValueError:  # the entry expired between add and incr
        cache.set(key, 1, timeout=POST_WINDOW)
        count = 1
    return count <= POST_LIMIT


class ContactFormBase(BaseForm):
    def __init__(self, *args, rate_limited=False, **kwargs):
        self.rate_limited = rate_limited
        super().__init__(*args, **kwargs)
        self.fields[HONEYPOT_FIELD] = django.forms.CharField(
            label=_("Leave this field empty"),
            required=False,
            widget=django.forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
        )
        self.fields[TOKEN_FIELD] = django.forms.CharField(
            required=False, widget=django.forms.HiddenInput
        )

    def message_fields(self):
        """The fields a person fills in: everything but the honeypot and the token."""
        return [field for field in self if field.name not in (HONEYPOT_FIELD, TOKEN_FIELD)]

    def message_data(self):
        return {
            field.name: self.cleaned_data.get(field.name)
            for field in self.message_fields()
            if field.name in self.cleaned_data
        }

    def clean(self):
        cleaned_data = super().clean()
        if self.rate_limited:
            raise django.forms.ValidationError(RATE_LIMITED, code="rate_limited")
        if cleaned_data.get(HONEYPOT_FIELD):
            raise django.forms.ValidationError(HONEYPOT_FILLED, code="honeypot")
        try:
            started_at = float(signing.loads(cleaned_data.get(TOKEN_FIELD) or "", salt=TOKEN_SALT))
        except (signing.BadSignature, TypeError, ValueError):
            raise django.forms.ValidationError(EXPIRED, code="bad_token") from None
        elapsed = time.time() - started_at
        if elapsed < MIN_SECONDS:
            raise django.forms.ValidationError(TOO_FAST, code="too_fast")
        if elapsed > MAX_SECONDS:
            raise django.forms.ValidationError(EXPIRED, code="expired")
        return cleaned_data


class ContactFormBuilder(FormBuilder):
    def get_form_class(self):
        return type("ContactForm", (ContactFormBase,), self.formfields)
