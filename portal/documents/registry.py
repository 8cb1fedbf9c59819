"""The document kinds the portal can make, registered by the apps that own them.

An app declares a `DocumentKind` in its `documents.py` and calls `register(kind)`. The engine and
the jobs know a kind only through this interface, so `portal.documents` imports no app.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

_kinds: dict[str, "DocumentKind"] = {}


@dataclass(frozen=True)
class DocumentKind:
    # Stable identifier, stored on every generated document ("concept_paper").
    slug: str
    # What people call it ("Concept paper"); a lazy translation.
    label: Any
    # The model whose rows are this kind's subjects, as "app_label.ModelName".
    subject_model: str
    # render(subject, document, progress): fills `document` (a portal.documents.builder
    # DocumentBuilder) from `subject`; calls progress(percent) now and then.
    render: Callable[..., None]
    # revision_of(subject) -> str: names the state of the subject the document shows. Asking
    # again for the same kind, subject and revision returns the document already made.
    revision_of: Callable[[Any], str]
    # title_of(subject) -> str: the document's title (also its file name, made safe).
    title_of: Callable[[Any], str]
    # may_request(user, subject) -> bool; may_read(user, subject) -> bool. Anyone who may not
    # gets 404. Both are asked even of a public kind (an unpublished page is nobody's).
    # A public kind's documents are offered to anonymous visitors (documents:latest), so its
    # checks must accept them for what the site shows everyone.
    may_request: Callable[[Any, Any], bool]
    may_read: Callable[[Any, Any], bool]
    # readable(user) -> QuerySet of the subjects `user` may read (the reports library lists
    # the documents of these subjects).
    readable: Callable[[Any], Any]
    # country_of(subject) -> ISO 3166 alpha-2 code or "" (the reports library filters by it).
    country_of: Callable[[Any], str] = field(default=lambda subject: "")
    # reading_organisations(subject) -> QuerySet of the organisations whose members read the
    # subject's documents by this kind's own rule (publishing to them would change nothing,
    # so they are not offered), or None when the rule is not one of organisations.
    reading_organisations: Callable[[Any], Any] = field(default=lambda subject: None)
    public: bool = False
    # The fewest pages a rendering of the demo subject must have (CI's PDF check).
    min_pages: int = 1


def register(kind):
    if kind.slug in _kinds and _kinds[kind.slug] != kind:
        raise ValueError(f"document kind {kind.slug!r} is registered twice")
    _kinds[kind.slug] = kind
    return kind


def get(slug):
    """The kind called `slug`; KeyError if there is none."""
    return _kinds[slug]


def all_kinds():
    return sorted(_kinds.values(), key=lambda kind: kind.slug)
