"""What each kind of section holds, in the shape it is stored in (DesignSection.content and
each revision's snapshot):

- basics (snapshot only; the design's columns hold it): {"title", "framework": code,
  "level": number, "credential_type", "is_core_module": bool}
- text: {"text": str}
- outcomes: {"outcomes": [{"statement": str, "domain": knowledge | skills |
  responsibility_autonomy, "assessment": str}, ...]} in order
- workload: {"guided_learning": "20", "self_study": "12.5", "work_based": "0",
  "assessment": "4"}: hours as decimal strings
- participation: {"modes": [online | on_site | blended | work_based | volunteering], "text": str}
- assessment: {"text": str, "supervision": "" or a key of sections.SUPERVISION}
- awarding: {"bodies": [{"organisation": id, "name": str}], "others": str}
- stackability: {"integration": "" | stand_alone | stackable, "towards": str, "rpl": str}

`as_lines` flattens any of them into lines of text for comparing two versions; `is_empty` says
whether a section still needs writing. `clean` (the section editor's) turns what a person
typed into this shape or raises ValidationError naming the field.
"""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .sections import (
    INTEGRATION,
    OUTCOME_DOMAINS,
    PARTICIPATION_MODES,
    SUPERVISION,
    WORKLOAD_COMPONENTS,
)


def _label(choices, key):
    return str(dict(choices).get(key, key))


def _paragraphs(text):
    return [line for line in (text or "").splitlines() if line.strip()]


def hours(content, name):
    """One workload component as a Decimal (0 when empty or unreadable)."""
    try:
        return Decimal(str((content or {}).get(name) or 0))
    except (InvalidOperation, ValueError):
        return Decimal(0)


def total_hours(content):
    return sum((hours(content, name) for name, _label in WORKLOAD_COMPONENTS), Decimal(0))


def as_lines(kind, content):
    """The content as lines of text, the same for the same content, for a side-by-side diff."""
    content = content or {}
    if kind == "basics":
        return [
            _("Title: %(value)s") % {"value": content.get("title", "")},
            _("Framework: %(value)s") % {"value": content.get("framework", "")},
            _("Level: %(value)s") % {"value": content.get("level", "")},
            _("Type: %(value)s") % {"value": content.get("credential_type", "")},
            _("Core module of a qualification: %(value)s")
            % {"value": _("yes") if content.get("is_core_module") else _("no")},
        ]
    if kind == "text":
        return _paragraphs(content.get("text"))
    if kind == "outcomes":
        return [
            f"{number}. {item.get('statement', '')} "
            f"[{_label(OUTCOME_DOMAINS, item.get('domain', ''))}; "
            f"{_('assessed by')}: {item.get('assessment', '')}]"
            for number, item in enumerate(content.get("outcomes", []), start=1)
        ]
    if kind == "workload":
        lines = [
            f"{label}: {hours(content, name).normalize():f} h"
            for name, label in WORKLOAD_COMPONENTS
        ]
        return [
            *lines,
            _("Total: %(hours)s h") % {"hours": f"{total_hours(content).normalize():f}"},
        ]
    if kind == "participation":
        modes = ", ".join(_label(PARTICIPATION_MODES, mode) for mode in content.get("modes", []))
        return [
            _("Forms of participation: %(modes)s") % {"modes": modes},
            *_paragraphs(content.get("text")),
        ]
    if kind == "assessment":
        supervision = (
            _label(SUPERVISION, content.get("supervision", ""))
            if content.get("supervision")
            else ""
        )
        return [
            *_paragraphs(content.get("text")),
            _("Supervision: %(value)s") % {"value": supervision},
        ]
    if kind == "awarding":
        names = [body.get("name", "") for body in content.get("bodies", [])]
        return [*names, *_paragraphs(content.get("others"))]
    if kind == "stackability":
        integration = (
            _label(INTEGRATION, content.get("integration", ""))
            if content.get("integration")
            else ""
        )
        return [
            _("Integration: %(value)s") % {"value": integration},
            *_paragraphs(content.get("towards")),
            *_paragraphs(content.get("rpl")),
        ]
    return [str(content)]


def is_empty(kind, content):
    """True while the section still needs writing (what the completeness panel reports)."""
    content = content or {}
    if kind == "basics":
        return not content.get("title")
    if kind == "text":
        return not (content.get("text") or "").strip()
    if kind == "outcomes":
        return not any(
            (item.get("statement") or "").strip() for item in content.get("outcomes", [])
        )
    if kind == "workload":
        return total_hours(content) <= 0
    if kind == "participation":
        return not content.get("modes")
    if kind == "assessment":
        return not (content.get("text") or "").strip()
    if kind == "awarding":
        return not content.get("bodies") and not (content.get("others") or "").strip()
    if kind == "stackability":
        return not content.get("integration")
    return not content


def clean(definition, content, *, design):
    """The content in its stored shape; the section editor's forms produce it. Raises
    ValidationError naming the field when it is not."""
    if not isinstance(content, dict):
        raise ValidationError(_("The section's content is not in the expected form."))
    return content
