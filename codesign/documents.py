"""The Word documents a design makes: a concept paper and a proposal for approval.

Both read the design as it stands (its columns, its sections, its workspace and the skill need
that workspace answers) and are made again only when the design has a new revision. Only the
workspace's members and project staff may ask for them or read them, and the members of a
quality authority the design was submitted to may read its proposals; to anyone else a design
does not exist. Where a section is still empty the document says so in words, so that a reader
never mistakes a gap for an oversight of the generator.
"""

from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property

import pandas as pd
from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from portal.documents.models import GeneratedDocument
from portal.documents.registry import DocumentKind, register
from portal.frameworks.models import LevelMapping, plain_number

from . import completeness, section_kinds
from .models import Design, DesignSection, Submission, WorkspaceMember
from .sections import (
    INTEGRATION,
    OUTCOME_DOMAINS,
    PARTICIPATION_MODES,
    SUPERVISION,
    WORKLOAD_COMPONENTS,
    information_elements,
    outline_for,
)
from .workload import workload_of

# A value in the EU elements' table stops after this many characters: the full text is in
# the section the table names.
TABLE_VALUE_LIMIT = 1_200
CONCEPT_PAPER_SLUG = "concept_paper"
PROPOSAL_SLUG = "proposal"
WORKLOAD_KIND = "workload"


def _label(choices, key):
    return str(dict(choices).get(key, key)) if key else ""


def _clip(text, limit=TABLE_VALUE_LIMIT):
    text = text or ""
    if len(text) <= limit:
        return text
    return text[: limit - 1].rstrip() + "…"


def _date(value):
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    return date_format(value, "j F Y")


@dataclass
class DesignData:
    """Everything the two documents read of one design, read once."""

    design: Design
    outline: object
    contents: dict
    workload: object
    findings: list
    members: list
    mappings: list = field(default_factory=list)

    @classmethod
    def of(cls, design):
        design = (
            Design.objects.select_related(
                "workspace__need__organisation",
                "workspace__need__sector",
                "workspace__need__country",
                "workspace__offer__organisation",
                "framework__country",
                "level",
            )
            .prefetch_related(
                "framework__approval_criteria",
                Prefetch(
                    "level__mappings",
                    queryset=LevelMapping.objects.select_related(
                        "target_level__framework"
                    ).order_by("target_level__framework__position", "target_level__number"),
                ),
            )
            .get(pk=design.pk)
        )
        outline = outline_for(design.framework)
        contents = dict(DesignSection.objects.filter(design=design).values_list("key", "content"))
        workload_key = next((d.key for d in outline if d.kind == WORKLOAD_KIND), None)
        workload = workload_of(design.framework, contents.get(workload_key) or {})
        findings = completeness.check(design, outline=outline, contents=contents, workload=workload)
        members = list(
            WorkspaceMember.objects.filter(workspace=design.workspace)
            .select_related("user", "organisation")
            .order_by("joined_at", "pk")
        )
        return cls(
            design=design,
            outline=outline,
            contents=contents,
            workload=workload,
            findings=findings,
            members=members,
            mappings=list(design.level.mappings.all()),
        )

    @property
    def framework(self):
        return self.design.framework

    @property
    def need(self):
        return self.design.workspace.need

    @property
    def offer(self):
        return self.design.workspace.offer

    def content(self, key):
        return self.contents.get(key) or {}

    def definition(self, key):
        return self.outline.get(key)

    def is_empty(self, key):
        definition = self.definition(key)
        if definition is None:
            return True
        return section_kinds.is_empty(definition.kind, self.content(key))

    def text(self, key, name="text"):
        return (self.content(key).get(name) or "").strip()

    @cached_property
    def outcomes(self):
        return [
            item
            for item in self.content("learning_outcomes").get("outcomes", [])
            if isinstance(item, dict) and (item.get("statement") or "").strip()
        ]

    @cached_property
    def organisations(self):
        found = {}
        for member in self.members:
            if member.organisation is not None:
                found.setdefault(member.organisation.pk, member.organisation)
        return sorted(found.values(), key=lambda organisation: organisation.name.casefold())

    @cached_property
    def awarding_bodies(self):
        content = self.content("awarding_bodies")
        names = [body.get("name", "") for body in content.get("bodies", []) if body.get("name")]
        others = (content.get("others") or "").strip()
        return names + ([others] if others else [])

    @property
    def level_text(self):
        text = _("%(framework)s level %(number)s") % {
            "framework": self.framework.code,
            "number": self.design.level.number,
        }
        mapped = [str(mapping.target_level) for mapping in self.mappings]
        if mapped:
            text = _("%(level)s (maps to %(mapped)s)") % {
                "level": text,
                "mapped": ", ".join(mapped),
            }
        return text

    @property
    def workload_text(self):
        workload = self.workload
        if workload.hours <= 0:
            return ""
        if workload.problem:
            return _("%(hours)s notional hours (credits cannot be computed: %(problem)s)") % {
                "hours": workload.hours_shown,
                "problem": workload.problem,
            }
        if workload.has_credit_system:
            return _(
                "%(hours)s notional hours on %(framework)s = %(credits)s credits; "
                "%(ects)s ECTS credits"
            ) % {
                "hours": workload.hours_shown,
                "credits": workload.credits_shown,
                "framework": self.framework.code,
                "ects": workload.ects_shown,
            }
        return _("%(hours)s notional hours = %(ects)s ECTS credits") % {
            "hours": workload.hours_shown,
            "ects": workload.ects_shown,
        }


# Shared pieces ----------------------------------------------------------------------------


def _not_written(doc, title):
    doc.paragraph(
        _("Not written yet: the design's section “%(section)s” is still empty.")
        % {"section": title}
    )


def _section_title(data, key, fallback):
    definition = data.definition(key)
    return definition.title if definition is not None else str(fallback)


def _paragraphs(doc, text):
    for line in (text or "").splitlines():
        if line.strip():
            doc.paragraph(line)


def _text_or_gap(doc, data, key, name="text", fallback=""):
    text = data.text(key, name)
    if text:
        _paragraphs(doc, text)
        return True
    _not_written(doc, _section_title(data, key, fallback or key))
    return False


def _facts(doc, rows, caption):
    frame = pd.DataFrame(
        [(str(label), value or "—") for label, value in rows],
        columns=[_("Item"), _("Value")],
    )
    doc.table(frame, caption=caption, column_widths=[5, 11])


def _cover(doc, data, subtitle):
    design = data.design
    title = design.title
    doc.set_properties(
        title=title,
        subject=subtitle,
        author=", ".join(o.name for o in data.organisations),
        keywords=(
            _("micro-credential"),
            design.framework.code,
            design.get_credential_type_display(),
        ),
    )
    doc.cover(
        title=title,
        subtitle=subtitle,
        organisation=", ".join(o.name for o in data.organisations),
        date=timezone.localdate(),
        version=str(design.revision_count),
    )
    doc.running_header_footer(title=title)
    doc.table_of_contents()


def _basic_rows(data):
    design = data.design
    return [
        (_("Title"), design.title),
        (_("Workspace"), design.workspace.title),
        (
            _("Qualification framework"),
            f"{design.framework.name} ({design.framework.code})",
        ),
        (_("Level"), data.level_text),
        (_("Type of micro-credential"), design.get_credential_type_display()),
        (
            _("Core module of a qualification"),
            _("Yes") if design.is_core_module else _("No"),
        ),
        (_("Notional workload"), data.workload_text or _("Not written yet")),
        (_("Awarding bodies"), "; ".join(data.awarding_bodies) or _("Not written yet")),
        (_("Status"), design.get_status_display()),
        (
            _("Revision"),
            _("%(number)d, last changed %(date)s")
            % {"number": design.revision_count, "date": _date(design.updated_at)},
        ),
    ]


def _outcomes_table(doc, data):
    if not data.outcomes:
        _not_written(doc, _section_title(data, "learning_outcomes", _("Learning outcomes")))
        return
    frame = pd.DataFrame(
        [
            (
                str(number),
                item.get("statement", ""),
                _label(OUTCOME_DOMAINS, item.get("domain", "")),
                item.get("assessment", "") or "—",
            )
            for number, item in enumerate(data.outcomes, start=1)
        ],
        columns=[
            _("No."),
            _("On completion the learner will be able to"),
            _("Domain"),
            _("Assessed by"),
        ],
    )
    doc.table(
        frame,
        caption=_("The learning outcomes of “%(title)s”") % {"title": data.design.title},
        column_widths=[1.2, 8.3, 3, 3.5],
    )


def _workload_table(doc, data):
    content = data.content(_workload_key(data))
    rows = [
        (str(label), section_kinds.hours_text(section_kinds.hours(content, name)))
        for name, label in WORKLOAD_COMPONENTS
    ]
    rows.append((_("Total"), data.workload.hours_shown))
    frame = pd.DataFrame(rows, columns=[_("Component"), _("Notional hours")])
    doc.table(frame, caption=_("Notional hours by component"), column_widths=[10, 6])


def _workload_key(data):
    return next((d.key for d in data.outline if d.kind == WORKLOAD_KIND), "workload")


def _workload_chart(doc, data):
    content = data.content(_workload_key(data))
    labels = [str(label) for _name, label in WORKLOAD_COMPONENTS]
    values = [float(section_kinds.hours(content, name)) for name, _label in WORKLOAD_COMPONENTS]

    def draw(ax):
        positions = list(range(len(labels)))
        ax.barh(positions, values, color="#1f5f8b")
        ax.set_yticks(positions, labels=labels)
        ax.invert_yaxis()
        ax.set_xlabel(_("Notional hours"))
        for position, value in zip(positions, values, strict=True):
            ax.annotate(
                plain_number(value),
                (value, position),
                xytext=(4, 0),
                textcoords="offset points",
                va="center",
            )

    description = "; ".join(
        f"{label}: {plain_number(value)}" for label, value in zip(labels, values, strict=True)
    )
    doc.chart(
        draw,
        alt_text=_("Bar chart of notional hours by component. %(values)s.")
        % {"values": description},
        caption=_("Where the %(hours)s notional hours go") % {"hours": data.workload.hours_shown},
        width_cm=15,
        height_cm=6,
    )


def _credits_paragraphs(doc, data):
    workload, framework = data.workload, data.framework
    if workload.hours <= 0:
        doc.paragraph(_("No notional hours are written yet, so no credits can be computed."))
        return
    if workload.problem:
        doc.paragraph(_("Credits cannot be computed: %(problem)s") % {"problem": workload.problem})
        return
    doc.paragraph(framework.credit_rule)
    if workload.has_credit_system:
        doc.paragraph(
            _(
                "%(hours)s notional hours ÷ %(per)s hours per credit = %(credits)s credits "
                "on %(framework)s."
            )
            % {
                "hours": workload.hours_shown,
                "per": workload.hours_per_credit_shown,
                "credits": workload.credits_shown,
                "framework": framework.code,
            }
        )
    doc.paragraph(
        _(
            "%(hours)s notional hours ÷ %(per)s hours per ECTS credit = %(ects)s ECTS credits "
            "(the portal's ECTS reference)."
        )
        % {
            "hours": workload.hours_shown,
            "per": workload.ects_hours_per_credit_shown,
            "ects": workload.ects_shown,
        }
    )


def _participation(doc, data):
    content = data.content("delivery")
    if data.is_empty("delivery"):
        _not_written(doc, _section_title(data, "delivery", _("Delivery")))
        return
    modes = [_label(PARTICIPATION_MODES, mode) for mode in content.get("modes", [])]
    doc.paragraph(_("Forms of participation: %(modes)s.") % {"modes": ", ".join(modes)})
    _paragraphs(doc, content.get("text"))


def _assessment(doc, data):
    content = data.content("assessment")
    if data.is_empty("assessment"):
        _not_written(doc, _section_title(data, "assessment", _("Assessment")))
    else:
        _paragraphs(doc, content.get("text"))
    if content.get("supervision"):
        doc.paragraph(
            _("Supervision and identity verification: %(value)s.")
            % {"value": _label(SUPERVISION, content.get("supervision"))}
        )


def _stackability(doc, data):
    content = data.content("stackability")
    if data.is_empty("stackability"):
        _not_written(doc, _section_title(data, "stackability", _("Stackability")))
        return
    doc.paragraph(_label(INTEGRATION, content.get("integration")))
    if (content.get("towards") or "").strip():
        doc.paragraph(_("Stacks towards: %(value)s") % {"value": content["towards"].strip()})
    if (content.get("rpl") or "").strip():
        doc.paragraph(
            _("Recognition of prior learning: %(value)s") % {"value": content["rpl"].strip()}
        )


def _awarding(doc, data):
    if not data.awarding_bodies:
        _not_written(doc, _section_title(data, "awarding_bodies", _("Awarding bodies")))
        return
    doc.bullets(data.awarding_bodies)


def _section_body(doc, data, definition):
    """Any section of the design, written out by its kind."""
    key = definition.key
    if definition.kind == "basics":
        _facts(doc, _basic_rows(data)[:6], _("The design's basics"))
    elif definition.kind == "outcomes":
        _outcomes_table(doc, data)
    elif definition.kind == WORKLOAD_KIND:
        if data.workload.hours <= 0:
            _not_written(doc, definition.title)
        else:
            _workload_table(doc, data)
            _credits_paragraphs(doc, data)
    elif definition.kind == "participation":
        _participation(doc, data)
    elif definition.kind == "assessment":
        _assessment(doc, data)
    elif definition.kind == "awarding":
        _awarding(doc, data)
    elif definition.kind == "stackability":
        _stackability(doc, data)
    else:
        if not data.text(key):
            _not_written(doc, definition.title)
        else:
            _paragraphs(doc, data.text(key))


def _findings_table(doc, data):
    severity = {
        completeness.ERROR: _("Error"),
        completeness.WARNING: _("Warning"),
        completeness.INFO: _("Information"),
    }
    titles = {definition.key: definition.title for definition in data.outline}
    errors = [f for f in data.findings if f.severity == completeness.ERROR]
    warnings = [f for f in data.findings if f.severity == completeness.WARNING]
    if errors:
        doc.paragraph(
            _(
                "%(errors)d errors and %(warnings)d warnings: the design cannot be marked ready "
                "for review until every error is resolved."
            )
            % {"errors": len(errors), "warnings": len(warnings)}
        )
    else:
        doc.paragraph(
            _("No errors and %(warnings)d warnings: the design may be marked ready for review.")
            % {"warnings": len(warnings)}
        )
    frame = pd.DataFrame(
        [
            (
                severity[finding.severity],
                finding.message,
                titles.get(finding.section_key, "—"),
            )
            for finding in data.findings
        ],
        columns=[_("Severity"), _("Finding"), _("Section")],
    )
    doc.table(
        frame,
        caption=_("Completeness report on revision %(number)d")
        % {"number": data.design.revision_count},
        column_widths=[2.5, 9.5, 4],
    )


def _sources(doc, data):
    sources = [completeness.eu_source(), data.framework.source]
    sources += [c.source for c in data.framework.approval_criteria.all() if c.source]
    sources += [finding.source for finding in data.findings if finding.source]
    doc.heading(_("Sources"), level=1, numbered=False)
    doc.numbered_list([source for source in dict.fromkeys(sources) if source])


# The concept paper ------------------------------------------------------------------------


def _need_and_evidence(doc, data):
    doc.heading(_("The need and its evidence"), level=1)
    has_need = _text_or_gap(doc, data, "need", fallback=_("Need and purpose"))
    need = data.need
    if need is None:
        if not has_need:
            doc.paragraph(_("The workspace answers no skill need posted on the portal."))
        return
    doc.heading(_("The skill need posted by %(name)s") % {"name": need.organisation.name}, level=2)
    _facts(
        doc,
        [
            (_("Skill need"), need.title),
            (_("Posted by"), need.organisation.name),
            (_("Sector"), need.sector.label),
            (
                _("Country and region"),
                ", ".join(part for part in (need.country.name, need.region) if part),
            ),
            (_("How many people"), str(need.trainee_count)),
            (_("How soon"), need.get_urgency_display()),
            (_("Preferred delivery"), need.get_delivery_display()),
            (_("Posted on"), _date(need.created_at)),
        ],
        _("The skill need the design answers"),
    )
    doc.paragraph(_("The problem, in the employer's words:"))
    doc.quotation(need.problem, attribution=need.organisation.name)
    skills = [skill for skill in need.skills or [] if str(skill).strip()]
    if skills:
        doc.paragraph(_("The skills and competencies the employer asked for:"))
        doc.bullets(skills)


def _target_group(doc, data):
    doc.heading(_("Target group"), level=1)
    need = data.need
    if need is not None and need.target_group.strip():
        _paragraphs(doc, need.target_group)
        doc.paragraph(
            _("The employer asks for %(count)d people to be trained.")
            % {"count": need.trainee_count}
        )
    else:
        doc.paragraph(_("No target group is stated: the workspace answers no posted skill need."))
    doc.heading(_section_title(data, "entry_requirements", _("Entry requirements")), level=2)
    _text_or_gap(doc, data, "entry_requirements", fallback=_("Entry requirements"))


def _purpose(doc, data):
    doc.heading(_("Purpose"), level=1)
    design = data.design
    doc.paragraph(
        _("“%(title)s” is designed as a micro-credential of this type: %(type)s.")
        % {"title": design.title, "type": design.get_credential_type_display()}
    )
    if data.offer is not None and data.offer.text.strip():
        doc.paragraph(
            _("How %(name)s offered to meet the need:") % {"name": data.offer.organisation.name}
        )
        doc.quotation(data.offer.text, attribution=data.offer.organisation.name)
    if data.outcomes:
        doc.paragraph(
            _(
                "On completion a learner will be able to do what the %(count)d learning outcomes "
                "below state; in short:"
            )
            % {"count": len(data.outcomes)}
        )
        doc.bullets([item["statement"] for item in data.outcomes[:3]])
    _stackability(doc, data)


def _structure(doc, data):
    doc.heading(_("Structure and notional hours"), level=1)
    _text_or_gap(doc, data, "structure", fallback=_("Structure and content"))
    if data.workload.hours <= 0:
        _not_written(doc, _section_title(data, _workload_key(data), _("Notional hours")))
        return
    _workload_table(doc, data)
    _workload_chart(doc, data)


def _credits_and_level(doc, data):
    doc.heading(_("Credits and level"), level=1)
    level = data.design.level
    doc.paragraph(
        _("Designed for %(level)s of the %(name)s.")
        % {"level": data.level_text, "name": data.framework.name}
    )
    descriptors = [
        (_("Knowledge"), level.knowledge),
        (_("Skills"), level.skills),
        (_("Responsibility and autonomy"), level.responsibility_autonomy),
        (_("Descriptor"), level.descriptor),
    ]
    descriptors = [(label, text) for label, text in descriptors if (text or "").strip()]
    if descriptors:
        _facts(
            doc,
            descriptors,
            _("What %(framework)s level %(number)s asks of a learner")
            % {"framework": data.framework.code, "number": level.number},
        )
    _credits_paragraphs(doc, data)


def _partners(doc, data):
    doc.heading(_("Partners and their roles"), level=1)
    rows = []
    for member in data.members:
        organisation = member.organisation
        rows.append(
            (
                organisation.name if organisation else _("Independent expert"),
                organisation.get_kind_display() if organisation else "—",
                str(member.user),
                member.get_role_display(),
            )
        )
    frame = pd.DataFrame(
        rows, columns=[_("Organisation"), _("Kind"), _("Person"), _("Role in the workspace")]
    )
    doc.table(frame, caption=_("The workspace's members"), column_widths=[5.5, 3.5, 4, 3])
    doc.heading(_section_title(data, "awarding_bodies", _("Awarding bodies")), level=2)
    _awarding(doc, data)
    doc.heading(_section_title(data, "resources", _("Resources")), level=2)
    if data.definition("resources") is None and not data.text("resources"):
        doc.paragraph(
            _("%(framework)s asks for no resources section; none is written.")
            % {"framework": data.framework.code}
        )
    else:
        _text_or_gap(doc, data, "resources", fallback=_("Resources"))


def _quality_assurance(doc, data):
    doc.heading(_("Quality assurance"), level=1)
    _text_or_gap(doc, data, "quality_assurance", fallback=_("Quality assurance"))
    bodies = data.framework.quality_body_list
    if bodies:
        doc.paragraph(
            _("The quality bodies of %(framework)s:") % {"framework": data.framework.code}
        )
        doc.bullets(bodies)
    doc.heading(_section_title(data, "assessment", _("Assessment and moderation")), level=2)
    _assessment(doc, data)
    if data.definition("review") is not None or data.text("review"):
        doc.heading(_section_title(data, "review", _("Review")), level=2)
        _text_or_gap(doc, data, "review", fallback=_("Review"))


def _timeline(doc, data):
    doc.heading(_("Timeline"), level=1)
    design, need, offer = data.design, data.need, data.offer
    events = []
    if need is not None:
        events.append(
            (
                need.created_at,
                _("%(name)s posted the skill need.") % {"name": need.organisation.name},
            )
        )
    if offer is not None:
        events.append(
            (
                offer.created_at,
                _("%(name)s offered to meet it.") % {"name": offer.organisation.name},
            )
        )
        if offer.decided_at:
            events.append((offer.decided_at, _("The offer was accepted and the workspace opened.")))
    elif design.workspace.created_at:
        events.append((design.workspace.created_at, _("The workspace opened.")))
    events.append((design.created_at, _("The design was started.")))
    events.append(
        (
            design.updated_at,
            _("Revision %(number)d, the one this paper shows.") % {"number": design.revision_count},
        )
    )
    if design.ready_at:
        events.append((design.ready_at, _("Marked ready for review.")))
    events.sort(key=lambda event: event[0])
    frame = pd.DataFrame(
        [(_date(when), what) for when, what in events], columns=[_("Date"), _("Event")]
    )
    doc.table(frame, caption=_("The design so far"), column_widths=[4, 12])
    if need is not None:
        doc.paragraph(
            _("The employer asked for the training: %(urgency)s.")
            % {"urgency": need.get_urgency_display().lower()}
        )
    doc.paragraph(
        _(
            "Next: the partners complete the design, mark it ready, and submit it for approval "
            "under %(framework)s. A recognised micro-credential is reviewed before its "
            "three-year shelf life ends."
        )
        % {"framework": data.framework.code}
    )


def render_concept_paper(design, doc, progress):
    data = DesignData.of(design)
    progress(10)
    _cover(doc, data, _("Concept paper for a micro-credential"))
    doc.heading(_("Summary"), level=1)
    _facts(doc, _basic_rows(data), _("The micro-credential at a glance"))
    _need_and_evidence(doc, data)
    _target_group(doc, data)
    _purpose(doc, data)
    progress(30)
    doc.heading(_("Learning outcomes"), level=1)
    _outcomes_table(doc, data)
    progress(45)
    _structure(doc, data)
    progress(65)
    _credits_and_level(doc, data)
    doc.heading(_("Delivery"), level=1)
    _participation(doc, data)
    _partners(doc, data)
    _quality_assurance(doc, data)
    _timeline(doc, data)
    progress(90)
    _sources(doc, data)


# The proposal for approval -----------------------------------------------------------------


def _element_values(data):
    """{EU element key: its value in this design, in words}."""
    design = data.design
    framework = data.framework
    outcomes = "; ".join(
        f"{number}. {item['statement']}" for number, item in enumerate(data.outcomes, start=1)
    )
    if outcomes:
        outcomes = _("%(count)d outcomes: %(outcomes)s") % {
            "count": len(data.outcomes),
            "outcomes": outcomes,
        }
    delivery = data.content("delivery")
    modes = ", ".join(_label(PARTICIPATION_MODES, mode) for mode in delivery.get("modes", []))
    participation = "; ".join(part for part in (modes, data.text("delivery")) if part)
    stack = data.content("stackability")
    integration = "; ".join(
        part
        for part in (
            _label(INTEGRATION, stack.get("integration")),
            (stack.get("towards") or "").strip(),
        )
        if part
    )
    countries = [framework.country.name] if framework.country else []
    countries += [o.country.name for o in data.organisations if o.country_id]
    return {
        "title": design.title,
        "issuer_country": ", ".join(dict.fromkeys(countries)),
        "awarding_body": "; ".join(data.awarding_bodies),
        "learning_outcomes": outcomes,
        "notional_workload": data.workload_text,
        "level": data.level_text,
        "assessment_type": data.text("assessment"),
        "participation_form": participation if modes else "",
        "quality_assurance": data.text("quality_assurance"),
        "prerequisites": data.text("entry_requirements"),
        "supervision_identity_verification": _label(
            SUPERVISION, data.content("assessment").get("supervision")
        ),
        "integration_stackability": integration,
        "further_information": data.text("further_information"),
    }


def _fallback_value(data, element):
    """The value of an element no rule above knows: the sections that carry it, as lines."""
    lines = []
    for definition in data.outline:
        if definition.carries(element.key) and definition.kind != "basics":
            lines += section_kinds.as_lines(definition.kind, data.content(definition.key))
    return "; ".join(line for line in lines if line.strip())


def _elements_table(doc, data):
    values = _element_values(data)
    rows = []
    for element in information_elements():
        if element.stage == "award":
            value = _("Filled in on each learner's award, not in the design.")
        else:
            value = values.get(element.key)
            if value is None:
                value = _fallback_value(data, element)
            value = _clip(value) or _("Not written yet")
        rows.append(
            (
                element.label,
                _("Mandatory") if element.mandatory else _("Optional"),
                value,
            )
        )
    frame = pd.DataFrame(rows, columns=[_("Information element"), _("Status"), _("In this design")])
    doc.table(
        frame,
        caption=_("The EU information elements of a micro-credential and their values"),
        column_widths=[5.5, 2.5, 8],
    )


def _criteria(doc, data):
    framework = data.framework
    criteria = list(framework.approval_criteria.all())
    if not criteria:
        doc.heading(_("The design, section by section"), level=1)
        doc.paragraph(
            _(
                "%(framework)s has no approval criteria in the portal's reference data: the "
                "design's sections follow in order."
            )
            % {"framework": framework.code}
        )
        for definition in data.outline:
            doc.heading(definition.title, level=2)
            _section_body(doc, data, definition)
        return
    doc.heading(
        _("The approval criteria of %(framework)s") % {"framework": framework.code}, level=1
    )
    doc.paragraph(
        ngettext(
            "The proposal answers the %(count)d approval criterion of the %(framework)s.",
            "The proposal answers the %(count)d approval criteria of the %(framework)s in turn.",
            len(criteria),
        )
        % {"count": len(criteria), "framework": framework.name}
    )
    source = next((c.source for c in criteria if c.source), "") or framework.source
    if source:
        doc.paragraph(_("Source: %(source)s") % {"source": source})
    for criterion in criteria:
        doc.heading(criterion.label, level=2)
        keys = data.outline.criteria.get(criterion.key, [])
        if not keys:
            doc.paragraph(_("No section of the design answers this criterion."))
        for key in keys:
            definition = data.definition(key)
            if definition is None:
                continue
            # A section titled as its criterion ("Delivery" under "Delivery") needs no
            # heading of its own.
            if len(keys) > 1 or definition.title.casefold() != criterion.label.casefold():
                doc.heading(definition.title, level=3)
            _section_body(doc, data, definition)
    answered = {key for keys in data.outline.criteria.values() for key in keys}
    others = [d for d in data.outline if d.key not in answered and d.kind != "basics"]
    if others:
        doc.heading(_("Further sections of the design"), level=1)
        for definition in others:
            doc.heading(definition.title, level=2)
            _section_body(doc, data, definition)


def _credit_calculation(doc, data):
    doc.heading(_("The credit calculation"), level=1)
    workload, framework = data.workload, data.framework
    if workload.hours <= 0:
        doc.paragraph(_("No notional hours are written yet, so no credits can be computed."))
        return
    _workload_table(doc, data)
    rows = [(_("Notional hours"), workload.hours_shown)]
    if workload.has_credit_system:
        rows += [
            (
                _("Hours per credit on %(framework)s") % {"framework": framework.code},
                workload.hours_per_credit_shown,
            ),
            (
                _("Credits (%(unit)s)") % {"unit": framework.credit_unit or _("credits")},
                workload.credits_shown or "—",
            ),
        ]
    rows += [
        (_("Hours per ECTS credit"), workload.ects_hours_per_credit_shown or "—"),
        (_("ECTS credits"), workload.ects_shown or "—"),
    ]
    frame = pd.DataFrame(rows, columns=[_("Step"), _("Figure")])
    doc.table(frame, caption=_("Credits computed by the framework's rule"), column_widths=[10, 6])
    _credits_paragraphs(doc, data)


def render_proposal(design, doc, progress):
    data = DesignData.of(design)
    progress(10)
    _cover(
        doc,
        data,
        _("Proposal for approval under the %(framework)s") % {"framework": data.framework.name},
    )
    doc.heading(_("About this proposal"), level=1)
    _facts(doc, _basic_rows(data), _("The micro-credential proposed"))
    progress(20)
    _criteria(doc, data)
    progress(55)
    doc.heading(_("EU information elements"), level=1)
    doc.paragraph(
        _(
            "Every information element the Council Recommendation of 16 June 2022 asks a "
            "micro-credential to carry, and its value in this design."
        )
    )
    _elements_table(doc, data)
    progress(70)
    _credit_calculation(doc, data)
    progress(80)
    doc.heading(_("Completeness report"), level=1)
    _findings_table(doc, data)
    progress(90)
    _sources(doc, data)


def documents_of(design, limit=10):
    """The concept papers and proposals made of `design`, newest first (for its page)."""
    return list(
        GeneratedDocument.objects.filter(
            kind__in=[CONCEPT_PAPER_SLUG, PROPOSAL_SLUG],
            subject_type=ContentType.objects.get_for_model(Design),
            subject_id=design.pk,
        ).order_by("-created_at", "-pk")[:limit]
    )


# Registration -----------------------------------------------------------------------------


def _may(user, design):
    return Design.objects.visible_to(user).filter(pk=design.pk).exists()


def _readable(user):
    return Design.objects.visible_to(user)


def _submitted_to(user):
    """Submissions of designs to a verified authority `user` is a member of."""
    return Submission.objects.for_authority_member(user)


def _may_read_proposal(user, design):
    """The workspace's members and staff; and the members of an authority the design was
    submitted to (its reviewers read the proposal beside the frozen revision)."""
    return _may(user, design) or _submitted_to(user).filter(design=design).exists()


def _may_request_proposal(user, design):
    """As for reading, except that an authority's member may ask only while the design stands
    as the revision an open round put before their authority: a proposal made then is of
    exactly what they review (never of a later draft), and a failed one can be made again."""
    if _may(user, design):
        return True
    return (
        _submitted_to(user)
        .active()
        .filter(
            design=design,
            rounds__decision="",
            rounds__revision__number=design.revision_count,
        )
        .exists()
    )


def _readable_proposals(user):
    return Design.objects.filter(
        Q(pk__in=Design.objects.visible_to(user).values("pk"))
        | Q(pk__in=_submitted_to(user).values("design"))
    )


def _revision(design):
    return str(design.revision_count)


def _country(design):
    framework = design.framework
    return framework.country.code if framework.country_id else ""


CONCEPT_PAPER = register(
    DocumentKind(
        slug=CONCEPT_PAPER_SLUG,
        label=gettext_lazy("Concept paper"),
        subject_model="codesign.Design",
        render=render_concept_paper,
        revision_of=_revision,
        title_of=lambda design: _("Concept paper: %(title)s") % {"title": design.title},
        may_request=_may,
        may_read=_may,
        readable=_readable,
        country_of=_country,
        min_pages=5,
    )
)

PROPOSAL = register(
    DocumentKind(
        slug=PROPOSAL_SLUG,
        label=gettext_lazy("Proposal for approval"),
        subject_model="codesign.Design",
        render=render_proposal,
        revision_of=_revision,
        title_of=lambda design: _("Proposal for approval: %(title)s") % {"title": design.title},
        may_request=_may_request_proposal,
        may_read=_may_read_proposal,
        readable=_readable_proposals,
        country_of=_country,
        min_pages=6,
    )
)
