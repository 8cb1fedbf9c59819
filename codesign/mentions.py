"""@mentions in comments: finding them in what a person wrote, and showing them.

A mention is @ followed by a member's handle (WorkspaceMember.handle: letters, digits, hyphens
and underscores), matched without regard to case. An @ inside a word ("amina@example.org") is
not a mention. Text is escaped before any mark is added, so nothing a person typed becomes markup.
"""

import re

from django.utils.html import escape, linebreaks
from django.utils.safestring import mark_safe

# Ends on a letter, digit or underscore, so "@amina-" or "@amina." mention "amina".
MENTION = re.compile(r"(?<![\w@.])@([A-Za-z0-9_](?:[A-Za-z0-9_-]*[A-Za-z0-9_])?)")


def handles_in(text):
    """The handles written after @, lower-cased, each once, in the order they appear."""
    return list(dict.fromkeys(match.lower() for match in MENTION.findall(text or "")))


def marked_paragraphs(text, handles):
    """The comment as safe HTML: escaped, every @handle of `handles` (lower-case) made a link
    to that member in the page's list of members, then paragraphs and line breaks."""

    def mark(match):
        handle = match.group(1)
        if handle.lower() not in handles:
            return match.group(0)
        # A handle is letters, digits, hyphens and underscores: nothing in it needs escaping.
        return f'<a class="mention" href="#member-{handle.lower()}">@{handle}</a>'

    marked = MENTION.sub(mark, escape(text or ""))
    return mark_safe(linebreaks(marked, autoescape=False))  # noqa: S308 (escaped above)
