"""Two versions of a text side by side, with the differences marked.

Used wherever people compare versions: a save refused because someone else saved first (their
text beside yours), and any two revisions of a design. Lines are aligned first, then words within
changed lines, so a one-word edit in a long paragraph marks one word. Every piece of text is
escaped here; only the <del> and <ins> marks are markup.
"""

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from django.utils.html import escape
from django.utils.safestring import mark_safe

TOKENS = re.compile(r"\s+|\w+|[^\w\s]", re.UNICODE)


@dataclass(frozen=True)
class Row:
    old: str  # safe HTML
    new: str  # safe HTML
    changed: bool


def _tokens(text):
    return TOKENS.findall(text)


def _marked(tokens, spans, tag):
    pieces = []
    for start, end, changed in spans:
        text = "".join(tokens[start:end])
        core = text.strip()
        if not (changed and core):
            pieces.append(escape(text))
            continue
        # Spaces around a change stay outside the mark.
        lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]
        pieces.append(f"{escape(lead)}<{tag}>{escape(core)}</{tag}>{escape(trail)}")
    return mark_safe("".join(pieces))  # noqa: S308 (every piece is escaped)


def word_diff(old, new):
    """(old, new) as safe HTML: words only in the old in <del>, only in the new in <ins>."""
    old_tokens, new_tokens = _tokens(old or ""), _tokens(new or "")
    matcher = SequenceMatcher(None, old_tokens, new_tokens, autojunk=False)
    old_spans, new_spans = [], []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        old_spans.append((i1, i2, op != "equal"))
        new_spans.append((j1, j2, op != "equal"))
    return _marked(old_tokens, old_spans, "del"), _marked(new_tokens, new_spans, "ins")


def side_by_side(old_lines, new_lines):
    """Rows of (old line, new line) aligned, each with its changes marked."""
    rows = []
    matcher = SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            rows += [Row(escape(line), escape(line), False) for line in old_lines[i1:i2]]
            continue
        old_block, new_block = old_lines[i1:i2], new_lines[j1:j2]
        for index in range(max(len(old_block), len(new_block))):
            old = old_block[index] if index < len(old_block) else ""
            new = new_block[index] if index < len(new_block) else ""
            old_html, new_html = word_diff(old, new)
            rows.append(Row(old_html, new_html, True))
    return rows
