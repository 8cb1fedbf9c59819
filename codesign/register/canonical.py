"""The canonical form of a register entry's recognised content, and its fingerprint.

The content is a JSON object made only of objects, arrays, strings, integers, booleans and
null: no floating-point numbers anywhere (figures such as hours and credits are decimal
strings, "2.4", written the way people write them; dates are ISO 8601 strings, "2026-05-14").
Its canonical form is that object serialised as JSON

- with the keys of every object sorted (by code point; every key is ASCII),
- with no whitespace between tokens (separators "," and ":"),
- with characters outside ASCII written as themselves, not as \\u escapes,
- encoded in UTF-8, with no byte order mark and no trailing newline.

Every string in the content is in Unicode normalisation form C (NFC) when the content is built
(codesign.register.content), so the same text always gives the same bytes. For content of this
kind (ASCII keys, no floats) the form is the same as the JSON Canonicalization Scheme, RFC 8785.

The fingerprint is the SHA-256 of those bytes, written as 64 lower-case hexadecimal digits. The
content holds the entry's identifier and version, so no two entries or versions share one.
In Python: hashlib.sha256(json.dumps(content, sort_keys=True, separators=(",", ":"),
ensure_ascii=False).encode("utf-8")).hexdigest().
"""

import hashlib
import json
import re
import unicodedata

FINGERPRINT = re.compile(r"[0-9a-f]{64}")


class NotCanonical(TypeError):
    """The value holds something the canonical form does not allow (a float, a Decimal, a
    date object, a non-string key)."""


def _check(value, path="$"):
    if value is None or isinstance(value, bool | int | str):
        return
    if isinstance(value, list):
        for position, item in enumerate(value):
            _check(item, f"{path}[{position}]")
        return
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise NotCanonical(f"{path}: key {key!r} is not a string")
            _check(item, f"{path}.{key}")
        return
    raise NotCanonical(f"{path}: {type(value).__name__} is not allowed in recognised content")


def canonical_bytes(content):
    """The content's canonical form (see the module's docstring), as bytes."""
    _check(content)
    return json.dumps(
        content, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


def fingerprint(content):
    """SHA-256 of the canonical form, 64 lower-case hexadecimal digits."""
    return hashlib.sha256(canonical_bytes(content)).hexdigest()


def normalised(value):
    """`value` with every string in NFC, the way content is stored and fingerprinted."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, list):
        return [normalised(item) for item in value]
    if isinstance(value, dict):
        return {normalised(key): normalised(item) for key, item in value.items()}
    return value


def clean_fingerprint(value):
    """A fingerprint as typed (spaces, upper case, a "sha256:" prefix) in its stored form, or
    "" when it cannot be one."""
    text = "".join((value or "").split()).lower()
    text = text.removeprefix("sha256:").removeprefix("sha-256:")
    return text if FINGERPRINT.fullmatch(text) else ""
