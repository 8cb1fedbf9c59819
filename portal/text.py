"""Names that people type: an organisation's, a person's, and later a skill need's or a design's.

One rule for all of them. The forms use NameField, so the message appears next to the field;
the actions call clean_name too, as the last line whoever asks.

A name is stored in NFC with single spaces, and is refused when it holds a character that draws
nothing or reorders the text around it (so "evil<U+202E>gnp.exe" cannot pass for
"evilexe.png"), or when it has no letter or digit at all. Refused are Unicode's control (Cc),
format (Cf: the bidirectional overrides and isolates, zero-width characters, the byte-order
mark, the soft hyphen), surrogate, private-use and unassigned characters. Right-to-left names
need none of these: browsers lay them out from their letters.
"""

import re
import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

REFUSED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn"})
# Letters and symbols that draw as blank space: a name of only these looks empty.
BLANK_LOOKALIKES = frozenset("\u115f\u1160\u3164\uffa0\u2800")


def describe(character):
    """U+202E RIGHT-TO-LEFT OVERRIDE: how a character is named in messages and plain forms."""
    name = unicodedata.name(character, "")
    return f"U+{ord(character):04X} {name}".strip()


def _is_refused(character):
    return unicodedata.category(character) in REFUSED_CATEGORIES or character in BLANK_LOOKALIKES


def _is_letter_or_digit(character):
    return unicodedata.category(character)[0] in "LN" and character not in BLANK_LOOKALIKES


def clean_name(value, *, required=True, max_length=None):
    """The name as it is stored, or ValidationError with a message fit to show the person."""
    # str.split() also splits on tabs, line breaks and Unicode's spaces (no-break, ideographic).
    name = " ".join(unicodedata.normalize("NFC", value or "").split())
    refused = [character for character in dict.fromkeys(name) if _is_refused(character)]
    if refused:
        raise ValidationError(
            ngettext(
                "The name contains a character that is invisible or changes the direction of "
                "the text around it: %(characters)s. Type the name again without it.",
                "The name contains characters that are invisible or change the direction of "
                "the text around them: %(characters)s. Type the name again without them.",
                len(refused),
            )
            % {"characters": ", ".join(describe(character) for character in refused)},
            code="invisible_character",
        )
    if not name:
        if required:
            raise ValidationError(_("Enter a name."), code="required")
        return ""
    if not has_letter_or_digit(name):
        raise ValidationError(
            _("The name must contain at least one letter or digit."), code="no_letter"
        )
    if max_length is not None and len(name) > max_length:
        raise ValidationError(
            _("The name can have at most %(max_length)d characters (it has %(length)d).")
            % {"max_length": max_length, "length": len(name)},
            code="max_length",
        )
    return name


def without_invisible_characters(value):
    """The name with every character clean_name refuses taken out, stored as clean_name stores
    it: for names saved before the rule (accounts' migration 0003). It may have no letter left."""
    name = " ".join(unicodedata.normalize("NFC", value or "").split())
    kept = "".join(character for character in name if not _is_refused(character))
    return " ".join(unicodedata.normalize("NFC", kept).split())


def has_letter_or_digit(name):
    return any(_is_letter_or_digit(character) for character in name)


# Something that reads as an HTML tag: "<b>", "</p>", "<script src=...>", "<!-- -->".
MARKUP = re.compile(r"<\s*/?\s*[a-zA-Z!][^<>]*>")
TEXT_KEPT_CONTROLS = frozenset("\n\t")


def clean_text(value, *, max_length, required=False):
    """Plain text a person writes (a paragraph, a list, a comment), as it is stored, or
    ValidationError with a message fit to show them.

    Line breaks are kept (as \\n) and the portal shows paragraphs itself, so markup is refused
    rather than silently shown as code; "fewer than <20 credits" is fine. Characters that draw
    nothing or reorder the text are refused as in names.
    """
    text = unicodedata.normalize("NFC", value or "").replace("\r\n", "\n").replace("\r", "\n")
    text = "\n".join(line.rstrip() for line in text.split("\n")).strip("\n")
    refused = [
        character
        for character in dict.fromkeys(text)
        if _is_refused(character) and character not in TEXT_KEPT_CONTROLS
    ]
    if refused:
        raise ValidationError(
            ngettext(
                "The text contains a character that is invisible or changes the direction of "
                "the text around it: %(characters)s. Remove it and save again.",
                "The text contains characters that are invisible or change the direction of "
                "the text around them: %(characters)s. Remove them and save again.",
                len(refused),
            )
            % {"characters": ", ".join(describe(character) for character in refused)},
            code="invisible_character",
        )
    markup = MARKUP.search(text)
    if markup:
        raise ValidationError(
            _(
                "“%(tag)s” is HTML markup. Write plain text: the portal lays out paragraphs "
                "and lists itself."
            )
            % {"tag": markup.group(0)[:40]},
            code="markup",
        )
    if not text.strip():
        if required:
            raise ValidationError(_("This cannot be empty."), code="required")
        return ""
    if len(text) > max_length:
        raise ValidationError(
            _("Write at most %(max_length)d characters here (this has %(length)d).")
            % {"max_length": max_length, "length": len(text)},
            code="max_length",
        )
    return text


class TextField(forms.CharField):
    """A form field for plain text under the rule of clean_text; give it max_length."""

    widget = forms.Textarea

    def to_python(self, value):
        return clean_text(super().to_python(value), max_length=self.max_length or 10_000)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        # The browser's own limit would cut text silently; the message above says what to do.
        attrs.pop("maxlength", None)
        return attrs


class NameField(forms.CharField):
    """A form field for a name a person types, under the rule of clean_name."""

    def to_python(self, value):
        return clean_name(super().to_python(value), required=False)


def plain_form(name):
    """The name with anything beyond plain ASCII and Latin letters spelled out by code point,
    so staff see what was typed: "evil<U+202E RIGHT-TO-LEFT OVERRIDE>gnp.exe", or a Cyrillic
    letter hiding in a Latin name."""
    return "".join(
        character if _is_plain(character) else f"<{describe(character)}>"
        for character in name or ""
    )


def _is_plain(character):
    if " " <= character <= "~":
        return True
    return unicodedata.category(character)[0] == "L" and unicodedata.name(character, "").startswith(
        "LATIN "
    )
