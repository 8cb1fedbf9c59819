"""Text that people typed, made safe to put in a Word document.

- Characters XML 1.0 forbids (most C0 controls, lone surrogates, U+FFFE/U+FFFF) are removed:
  python-docx raises on them, and a document holding one does not open. Tabs and line breaks are
  kept (a run writes them as w:tab and w:br).
- Nothing typed can become a field code: the builder writes text only as w:t runs (never as
  w:fldSimple or w:instrText), and the characters that mark a field in Word's binary format
  (U+0013-U+0015) are controls, so they go too. The bidirectional overrides and embeddings
  (U+202A-U+202E, U+2066-U+2069) go as well: they can make text read differently from what is
  stored ("evil<U+202E>gnp.exe"); right-to-left writing needs none of them.
- A word longer than LONG_WORD characters gets a zero-width space every LONG_WORD characters, so
  Word and LibreOffice can break it instead of running it off the page.
"""

import re
import unicodedata

LONG_WORD = 60
ZERO_WIDTH_SPACE = "\u200b"

_FORBIDDEN = re.compile(
    "["
    "\x00-\x08\x0b\x0c\x0e-\x1f\x7f"  # C0 controls but tab, line feed, carriage return; DEL
    "\x80-\x9f"  # C1 controls
    "\u202a-\u202e\u2066-\u2069"  # bidirectional embeddings, overrides and isolates
    "\ud800-\udfff"  # lone surrogates
    "\ufeff\ufffe\uffff"  # byte-order mark, non-characters
    "]"
)
_LONG_WORD = re.compile(r"[^\s\u200b]{" + str(LONG_WORD + 1) + ",}")
_NEWLINES = re.compile(r"\r\n?|[\u2028\u2029\x85]")


def _break_word(match):
    word = match.group(0)
    return ZERO_WIDTH_SPACE.join(
        word[start : start + LONG_WORD] for start in range(0, len(word), LONG_WORD)
    )


def safe_text(value):
    """`value` as text fit for a Word run: forbidden characters removed, line endings as "\\n",
    NFC, and words longer than LONG_WORD characters breakable. None becomes ""."""
    if value is None:
        return ""
    text = str(value)
    if not text:
        return ""
    text = _NEWLINES.sub("\n", text)
    text = _FORBIDDEN.sub("", text)
    text = unicodedata.normalize("NFC", text)
    if len(text) > LONG_WORD:
        text = _LONG_WORD.sub(_break_word, text)
    return text


def without_forbidden(value):
    """`value` with only the characters XML forbids (and the bidirectional overrides) taken
    out: for markup, whose attributes (long link addresses) must stay whole."""
    return _FORBIDDEN.sub("", value or "")


def one_line(value):
    """safe_text on one line: line breaks and tabs become single spaces (headings, captions,
    header, table cells of a one-line kind)."""
    return " ".join(safe_text(value).split())
