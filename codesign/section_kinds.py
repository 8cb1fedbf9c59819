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

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.accounts.models import Organisation
from portal.text import clean_text

from .models import WorkspaceMember
from .sections import (
    HOURS_CEILING,
    INTEGRATION,
    MAX_OUTCOMES,
    OUTCOME_DOMAINS,
    OUTCOME_MAX_LENGTH,
    PARTICIPATION_MODES,
    SHORT_TEXT_MAX_LENGTH,
    SUPERVISION,
    TEXT_MAX_LENGTH,
    TOTAL_HOURS_CEILING,
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


# What each field is called, on the forms and in the messages that name it. A text section's
# one field is called by the section's title.
FIELD_LABELS = {
    "workload": dict(WORKLOAD_COMPONENTS),
    "participation": {
        "modes": gettext_lazy("Forms of participation"),
        "text": gettext_lazy("Where, when and who teaches"),
    },
    "assessment": {
        "text": gettext_lazy("Type of assessment"),
        "supervision": gettext_lazy("Supervision and identity verification"),
    },
    "awarding": {
        "bodies": gettext_lazy("Awarding bodies"),
        "others": gettext_lazy("Other awarding bodies"),
    },
    "stackability": {
        "integration": gettext_lazy("Stand-alone or stackable"),
        "towards": gettext_lazy("What it stacks towards"),
        "rpl": gettext_lazy("Recognition of prior learning"),
    },
}
# The most characters each text field holds (stated to the person when they write more).
TEXT_LIMITS = {
    ("text", "text"): TEXT_MAX_LENGTH,
    ("participation", "text"): TEXT_MAX_LENGTH,
    ("assessment", "text"): TEXT_MAX_LENGTH,
    ("awarding", "others"): SHORT_TEXT_MAX_LENGTH,
    ("stackability", "towards"): SHORT_TEXT_MAX_LENGTH,
    ("stackability", "rpl"): TEXT_MAX_LENGTH,
}
HOURS_PLACES = Decimal("0.01")


def field_label(definition, name):
    if definition.kind == "text":
        return definition.title
    return str(FIELD_LABELS[definition.kind][name])


def _named(label, error):
    """The error's messages, each starting with the name of the field it is about."""
    return ValidationError(
        [
            _("%(field)s: %(message)s") % {"field": label, "message": message}
            for message in error.messages
        ]
    )


def _shown(value):
    text = str(value)
    return text if len(text) <= 40 else f"{text[:40]}…"


def clean_plain_text(value, *, label, max_length):
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ValidationError(_("%(field)s: expected text.") % {"field": label})
    try:
        return clean_text(value, max_length=max_length)
    except ValidationError as error:
        raise _named(label, error) from None


def _one_line(text):
    return " ".join(text.split())


def clean_hours(value, *, label):
    """One workload component as a Decimal: empty is 0; never negative, never above the
    ceiling, at most two decimal places."""
    text = "" if value is None else str(value).strip()
    if not text:
        return Decimal(0)
    try:
        number = Decimal(text)
    except (InvalidOperation, ValueError):
        number = None
    if number is None or not number.is_finite():
        raise ValidationError(
            _("%(field)s: “%(value)s” is not a number of hours (write, for example, 12.5).")
            % {"field": label, "value": _shown(text)}
        )
    if number < 0:
        raise ValidationError(
            _("%(field)s: hours cannot be negative (this says %(value)s).")
            % {"field": label, "value": _shown(text)}
        )
    if number > HOURS_CEILING:
        raise ValidationError(
            _("%(field)s: at most %(ceiling)s hours (this says %(value)s).")
            % {"field": label, "ceiling": HOURS_CEILING, "value": _shown(text)}
        )
    if number != number.quantize(HOURS_PLACES):
        raise ValidationError(
            _("%(field)s: give hours to at most two decimal places (this says %(value)s).")
            % {"field": label, "value": _shown(text)}
        )
    return abs(number) if number == 0 else number


def hours_text(number):
    """12.50 -> "12.5", 20 -> "20": how hours are stored."""
    return f"{number.normalize():f}"


def clean_outcome(number, item):
    """One learning outcome in its stored shape; errors keyed by the outcome's fields, each
    message naming the outcome by its number."""
    if not isinstance(item, dict):
        raise ValidationError(
            {"statement": _("Outcome %(number)d: not in the expected form.") % {"number": number}}
        )
    errors = {}
    statement = assessment = ""
    try:
        statement = _one_line(
            clean_plain_text(
                item.get("statement"),
                label=_("Outcome %(number)d, statement") % {"number": number},
                max_length=OUTCOME_MAX_LENGTH,
            )
        )
        if not statement:
            raise ValidationError(
                _("Outcome %(number)d: write what the learner will be able to do.")
                % {"number": number}
            )
    except ValidationError as error:
        errors["statement"] = error.messages
    domain = item.get("domain") or ""
    if domain not in dict(OUTCOME_DOMAINS):
        errors["domain"] = [
            _(
                "Outcome %(number)d: choose whether it is knowledge, skills, or responsibility "
                "and autonomy."
            )
            % {"number": number}
        ]
    try:
        assessment = _one_line(
            clean_plain_text(
                item.get("assessment"),
                label=_("Outcome %(number)d, how it is assessed") % {"number": number},
                max_length=SHORT_TEXT_MAX_LENGTH,
            )
        )
    except ValidationError as error:
        errors["assessment"] = error.messages
    if errors:
        raise ValidationError(errors)
    return {"statement": statement, "domain": domain, "assessment": assessment}


def awarding_organisations(workspace):
    """The organisations members of the workspace speak for: the bodies that may award."""
    return Organisation.objects.filter(
        pk__in=WorkspaceMember.objects.filter(
            workspace=workspace, organisation__isnull=False
        ).values("organisation")
    ).order_by("name")


def _choice(value, choices, *, label):
    value = value or ""
    if value and value not in dict(choices):
        raise ValidationError(
            _("%(field)s: “%(value)s” is not one of the choices.")
            % {"field": label, "value": _shown(value)}
        )
    return value


class _Errors:
    """Collects each field's errors, so one save reports every problem at once."""

    def __init__(self):
        self.by_field = {}

    def run(self, name, function, *args, **kwargs):
        try:
            return function(*args, **kwargs)
        except ValidationError as error:
            self.by_field.setdefault(name, []).extend(error.messages)
            return None

    def raise_any(self):
        if self.by_field:
            raise ValidationError(self.by_field)


def _clean_text_fields(definition, content, errors, names):
    return {
        name: errors.run(
            name,
            clean_plain_text,
            content.get(name),
            label=field_label(definition, name),
            max_length=TEXT_LIMITS[definition.kind, name],
        )
        for name in names
    }


def _clean_outcomes(definition, content, errors, design):
    outcomes = content.get("outcomes") or []
    if not isinstance(outcomes, list):
        errors.by_field["outcomes"] = [_("Learning outcomes: not in the expected form.")]
        return {}
    if len(outcomes) > MAX_OUTCOMES:
        errors.by_field["outcomes"] = [
            _("Learning outcomes: at most %(max)d outcomes (this has %(count)d).")
            % {"max": MAX_OUTCOMES, "count": len(outcomes)}
        ]
        return {}
    cleaned = []
    for number, item in enumerate(outcomes, start=1):
        try:
            cleaned.append(clean_outcome(number, item))
        except ValidationError as error:
            errors.by_field.setdefault("outcomes", []).extend(error.messages)
    return {"outcomes": cleaned}


def _clean_workload(definition, content, errors, design):
    numbers = {
        name: errors.run(name, clean_hours, content.get(name), label=str(label))
        for name, label in WORKLOAD_COMPONENTS
    }
    if errors.by_field:
        return {}
    total = sum(numbers.values(), Decimal(0))
    if total > TOTAL_HOURS_CEILING:
        errors.by_field[NON_FIELD_ERRORS] = [
            _("Total notional hours: at most %(ceiling)s (these add up to %(total)s).")
            % {"ceiling": TOTAL_HOURS_CEILING, "total": hours_text(total)}
        ]
    return {name: hours_text(number) for name, number in numbers.items()}


def _clean_modes(modes, *, label):
    if not isinstance(modes, list | tuple):
        raise ValidationError(_("%(field)s: not in the expected form.") % {"field": label})
    for mode in modes:
        _choice(mode, PARTICIPATION_MODES, label=label)
    return [key for key, _label in PARTICIPATION_MODES if key in modes]


def _clean_participation(definition, content, errors, design):
    modes = errors.run(
        "modes",
        _clean_modes,
        content.get("modes") or [],
        label=field_label(definition, "modes"),
    )
    return {"modes": modes, **_clean_text_fields(definition, content, errors, ["text"])}


def _clean_assessment(definition, content, errors, design):
    supervision = errors.run(
        "supervision",
        _choice,
        content.get("supervision"),
        SUPERVISION,
        label=field_label(definition, "supervision"),
    )
    return {
        **_clean_text_fields(definition, content, errors, ["text"]),
        "supervision": supervision,
    }


def _clean_bodies(bodies, *, design, label):
    if not isinstance(bodies, list | tuple):
        raise ValidationError(_("%(field)s: not in the expected form.") % {"field": label})
    allowed = {
        organisation.pk: organisation for organisation in awarding_organisations(design.workspace)
    }
    cleaned = []
    for body in bodies:
        value = body.get("organisation") if isinstance(body, dict) else body
        try:
            organisation = allowed.get(int(value))
        except (TypeError, ValueError):
            organisation = None
        if organisation is None:
            raise ValidationError(
                _(
                    "%(field)s: “%(value)s” is not an organisation that a member of this "
                    "workspace speaks for."
                )
                % {"field": label, "value": _shown(value)}
            )
        if all(item["organisation"] != organisation.pk for item in cleaned):
            cleaned.append({"organisation": organisation.pk, "name": organisation.name})
    return cleaned


def _clean_awarding(definition, content, errors, design):
    bodies = errors.run(
        "bodies",
        _clean_bodies,
        content.get("bodies") or [],
        design=design,
        label=field_label(definition, "bodies"),
    )
    return {"bodies": bodies, **_clean_text_fields(definition, content, errors, ["others"])}


def _clean_stackability(definition, content, errors, design):
    integration = errors.run(
        "integration",
        _choice,
        content.get("integration"),
        INTEGRATION,
        label=field_label(definition, "integration"),
    )
    return {
        "integration": integration,
        **_clean_text_fields(definition, content, errors, ["towards", "rpl"]),
    }


def _clean_text_kind(definition, content, errors, design):
    return _clean_text_fields(definition, content, errors, ["text"])


CLEANERS = {
    "text": _clean_text_kind,
    "outcomes": _clean_outcomes,
    "workload": _clean_workload,
    "participation": _clean_participation,
    "assessment": _clean_assessment,
    "awarding": _clean_awarding,
    "stackability": _clean_stackability,
}


def clean(definition, content, *, design):
    """The content in its stored shape, or ValidationError keyed by the content's fields (the
    form fields share their names), every message naming its field.

    The last line whoever asks: the section editor's forms call it to show messages beside
    their fields, and save_section calls it again. Cleaning cleaned content changes nothing.
    The basics are not content: save_section checks them (they are the design's columns).
    """
    cleaner = CLEANERS.get(definition.kind)
    if cleaner is None or not isinstance(content, dict):
        raise ValidationError(_("The section's content is not in the expected form."))
    errors = _Errors()
    cleaned = cleaner(definition, content, errors, design)
    errors.raise_any()
    return cleaned
