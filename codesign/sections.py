"""Which sections a design has, and what each kind of section holds.

The list of sections is data (data/design_sections.json): each names the EU information
elements it carries and the approval criteria it answers. A design has every section that
applies always, plus those that answer a criterion of its target framework; a criterion of the
framework that no listed section answers gets a section of its own. Nothing here names a
country.

Each section's content is a small JSON object whose shape its kind fixes (SectionKind below).
`clean_content` turns what a person typed into that shape or raises ValidationError naming the
field; `as_lines` flattens content into lines of text, for comparing two versions.
"""

import json
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

DATA_DIR = Path(__file__).resolve().parent / "data"

BASICS = "basics"
CRITERION_PREFIX = "criterion-"


@dataclass(frozen=True)
class InformationElement:
    key: str
    label: str
    mandatory: bool
    stage: str  # "design": the design carries it; "award": filled in on each learner's award


@dataclass(frozen=True)
class SectionDefinition:
    key: str
    kind: str
    title: str
    guidance: str
    elements: tuple = ()
    criteria: tuple = ()
    # "always", or "criterion": only where the target framework has one of `criteria`.
    when: str = "always"
    required_always: bool = False
    position: int = 0

    def carries(self, element_key):
        return element_key in self.elements


@dataclass(frozen=True)
class DesignOutline:
    """The sections one design has, in order, and which of them must be filled in."""

    sections: tuple
    required: frozenset = field(default_factory=frozenset)
    # criterion key -> the keys of the sections that answer it
    criteria: dict = field(default_factory=dict)

    def __iter__(self):
        return iter(self.sections)

    def get(self, key):
        return next((section for section in self.sections if section.key == key), None)

    @property
    def keys(self):
        return [section.key for section in self.sections]


@cache
def information_elements():
    data = json.loads((DATA_DIR / "eu_information_elements.json").read_text(encoding="utf-8"))
    elements = [
        InformationElement(item["key"], item["label"], True, item.get("stage", "design"))
        for item in data["mandatory"]
    ]
    elements += [
        InformationElement(item["key"], item["label"], False, item.get("stage", "design"))
        for item in data["optional"]
    ]
    return tuple(elements)


@cache
def section_definitions():
    data = json.loads((DATA_DIR / "design_sections.json").read_text(encoding="utf-8"))
    known_elements = {element.key for element in information_elements()}
    definitions = []
    for position, item in enumerate(data["sections"], start=1):
        unknown = set(item.get("elements", [])) - known_elements
        if unknown or item["kind"] not in KINDS:
            raise ValueError(f"design_sections.json: section {item['key']!r} is not valid")
        definitions.append(
            SectionDefinition(
                key=item["key"],
                kind=item["kind"],
                title=item["title"],
                guidance=item["guidance"],
                elements=tuple(item.get("elements", [])),
                criteria=tuple(item.get("criteria", [])),
                when=item.get("when", "always"),
                required_always=item.get("required", False),
                position=position,
            )
        )
    return tuple(definitions)


def outline_for(framework):
    """The sections a design targeting `framework` has, from the data and its criteria."""
    criteria = list(framework.approval_criteria.all())
    criterion_keys = {criterion.key for criterion in criteria}
    mandatory = {e.key for e in information_elements() if e.mandatory and e.stage == "design"}
    sections, required, answered = [], set(), {}
    for definition in section_definitions():
        answers = [key for key in definition.criteria if key in criterion_keys]
        if definition.when == "criterion" and not answers:
            continue
        sections.append(definition)
        for key in answers:
            answered.setdefault(key, []).append(definition.key)
        if definition.required_always or answers or mandatory & set(definition.elements):
            required.add(definition.key)
    for criterion in criteria:
        if criterion.key in answered:
            continue
        key = f"{CRITERION_PREFIX}{criterion.key}"
        sections.append(
            SectionDefinition(
                key=key,
                kind="text",
                title=criterion.label,
                guidance=_("How the design meets this approval criterion of %(framework)s.")
                % {"framework": framework.code},
                criteria=(criterion.key,),
                when="criterion",
                position=len(sections) + 1,
            )
        )
        answered[criterion.key] = [key]
        required.add(key)
    return DesignOutline(sections=tuple(sections), required=frozenset(required), criteria=answered)


# Content of each kind. Limits are stated to the person in the messages.

TEXT_MAX_LENGTH = 20_000
SHORT_TEXT_MAX_LENGTH = 1_000
OUTCOME_MAX_LENGTH = 500
MAX_OUTCOMES = 50
HOURS_CEILING = Decimal(1000)  # per component
TOTAL_HOURS_CEILING = Decimal(1800)  # a full year of study: no micro-credential is longer

WORKLOAD_COMPONENTS = (
    ("guided_learning", gettext_lazy("Guided learning")),
    ("self_study", gettext_lazy("Self-study")),
    ("work_based", gettext_lazy("Work-based learning")),
    ("assessment", gettext_lazy("Assessment")),
)
OUTCOME_DOMAINS = (
    ("knowledge", gettext_lazy("Knowledge")),
    ("skills", gettext_lazy("Skills")),
    ("responsibility_autonomy", gettext_lazy("Responsibility and autonomy")),
)
PARTICIPATION_MODES = (
    ("online", gettext_lazy("Online")),
    ("on_site", gettext_lazy("On site")),
    ("blended", gettext_lazy("Blended")),
    ("work_based", gettext_lazy("Work experience")),
    ("volunteering", gettext_lazy("Volunteering")),
)
# The EU Recommendation's four forms of supervision and identity verification.
SUPERVISION = (
    ("unsupervised", gettext_lazy("Unsupervised, with no identity verification")),
    ("supervised", gettext_lazy("Supervised, with no identity verification")),
    ("supervised_online", gettext_lazy("Supervised online, with identity verification")),
    ("onsite_verified", gettext_lazy("On site, with identity verification")),
)
INTEGRATION = (
    ("stand_alone", gettext_lazy("Stand-alone, independent micro-credential")),
    ("stackable", gettext_lazy("Integrated: stackable towards another credential")),
)

KINDS = (
    "basics",
    "text",
    "outcomes",
    "workload",
    "participation",
    "assessment",
    "awarding",
    "stackability",
)
