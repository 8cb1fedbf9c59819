"""The audit trail's keys. They come from the environment (settings), never from the database:
whoever can write the audit table must not also be able to hash or sign for it."""

import hashlib
import hmac
from functools import lru_cache

from django.conf import settings


class UnknownKey(LookupError):
    """No configured key has this id: it was retired without being kept, or never ours."""


@lru_cache(maxsize=32)
def key_id_of(key):
    # A short fingerprint names the key on each entry, so a rotated-out key can still be found.
    # It is an HMAC under the key itself: it tells nothing about the key.
    return hmac.new(key.encode(), b"portal audit key id", hashlib.sha256).hexdigest()[:8]


def current_key_id():
    return key_id_of(settings.AUDIT_KEY)


def current_key():
    return settings.AUDIT_KEY.encode()


def key_for(key_id):
    """The key, current or previous, whose id this is."""
    for key in (settings.AUDIT_KEY, *settings.AUDIT_PREVIOUS_KEYS):
        if key_id_of(key) == key_id:
            return key.encode()
    raise UnknownKey(key_id)
