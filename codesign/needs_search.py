"""Finding skill needs by their words, and the needs and designs like a given need.

Both go through Wagtail's search backend, the one the site search uses (the database backend:
SQLite FTS5 on the embedded set-up, PostgreSQL full-text search in production). The backend
is handed the queryset of what the person may see, and the database backend applies that
queryset's filter in SQL: a need or design the person may not see is neither found nor counted.
"""

import re

from django.utils.translation import gettext as _
from wagtail.search.backends import get_search_backend

from .models import Design, SkillNeed

MAX_QUERY_LENGTH = 100
SIMILAR_COUNT = 5
# The words of a need that say what it is about; more add noise and cost.
MAX_SIMILARITY_WORDS = 20
WORD = re.compile(r"\w+", re.UNICODE)
# Words too common in needs to say what one is about.
# fmt: off
COMMON_WORDS = frozenset((
    "a", "about", "all", "also", "an", "and", "any", "are", "as", "at", "be", "been", "but", "by",
    "can", "for", "from", "has", "have", "how", "in", "into", "is", "it", "its", "more", "new",
    "not", "of", "on", "or", "our", "out", "skill", "skills", "so", "than", "that", "the",
    "their", "them", "they", "this", "to", "training", "up", "use", "using", "was", "we", "well",
    "were", "what", "when", "which", "who", "will", "with", "within", "work", "you", "your",
))
# fmt: on


class QueryError(ValueError):
    """The query cannot be searched; the message says why, in words for the person."""


def search_words(raw):
    """The words of a query as the backend gets them, or QueryError.

    Only the words go to the backend, lower-cased: quotes, stars and upper-case AND/OR/NOT
    are query syntax to SQLite's full-text search, and a stray one would be an error.
    """
    query = " ".join((raw or "").split())
    if len(query) > MAX_QUERY_LENGTH:
        raise QueryError(
            _(
                "Your search is %(length)d characters long. Use at most %(max)d: a few words "
                "find more than a long sentence."
            )
            % {"length": len(query), "max": MAX_QUERY_LENGTH}
        )
    words = [word.lower() for word in WORD.findall(query)]
    if not words:
        raise QueryError(_("Enter at least one letter or number to search for."))
    return " ".join(words)


def search_needs(raw, needs):
    """`needs` (already narrowed to what the person may see) holding every word of the
    query, the most relevant first."""
    return get_search_backend().search(search_words(raw), needs, operator="and")


def significant_words(need):
    """The words of the need's title and skills that say what it is about, in order."""
    text = " ".join([need.title, *need.skills])
    words = dict.fromkeys(
        word
        for word in (match.lower() for match in WORD.findall(text))
        if len(word) > 2 and not word.isdigit() and word not in COMMON_WORDS
    )
    return list(words)[:MAX_SIMILARITY_WORDS]


def similar_to(need, user):
    """Up to five needs and designs like this need, across the region, that `user` may see:
    the most relevant of each in turn, so both kinds show. Each item is (kind, object)."""
    words = significant_words(need)
    if not words:
        return []
    backend = get_search_backend()
    query = " ".join(words)
    needs = list(
        backend.search(
            query,
            SkillNeed.objects.visible_to(user)
            .exclude(pk=need.pk)
            .select_related("organisation", "country"),
            operator="or",
        )[:SIMILAR_COUNT]
    )
    designs = list(
        backend.search(
            query,
            Design.objects.visible_to(user).select_related("framework", "level"),
            operator="or",
        )[:SIMILAR_COUNT]
    )
    similar = []
    for index in range(SIMILAR_COUNT):
        if index < len(needs):
            similar.append(("need", needs[index]))
        if index < len(designs):
            similar.append(("design", designs[index]))
    return similar[:SIMILAR_COUNT]
