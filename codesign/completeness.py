"""What a design still lacks, and what its framework's rules say about it.

`check(design)` returns findings, errors first: every required section still empty (naming
the EU information elements it carries and the approval criteria it answers), the framework's
rules applied to the design's hours, credits and type (each with the rule's own severity), and
each learning outcome whose verb cannot be observed. The EU elements filled in on each
learner's award, not in the design, are listed for information. A design with an error cannot
be marked ready.
"""

import json
from dataclasses import dataclass
from functools import cache

from django.utils.translation import gettext as _

from portal.frameworks.credits import check_rules
from portal.frameworks.models import plain_number

from . import section_kinds, writing_aid
from .models import DesignSection
from .sections import BASICS, DATA_DIR, information_elements, outline_for
from .workload import workload_of

ERROR, WARNING, INFO = "error", "warning", "info"
SEVERITY_ORDER = {ERROR: 0, WARNING: 1, INFO: 2}
OUTCOMES_KIND = "outcomes"
WORKLOAD_KIND = "workload"


@dataclass(frozen=True)
class Finding:
    severity: str  # error | warning | info
    message: str
    section_key: str = ""  # the section to go to, "" when none is to blame
    source: str = ""

    @property
    def anchor(self):
        return f"#section-{self.section_key}" if self.section_key else ""


@cache
def eu_source():
    data = json.loads((DATA_DIR / "eu_information_elements.json").read_text(encoding="utf-8"))
    return data["source"]


def _quoted(labels):
    return "; ".join(f"“{label}”" for label in labels)


def _empty_section(definition, framework, criteria_by_key):
    elements = {element.key: element for element in information_elements()}
    mandatory = [
        elements[key].label
        for key in definition.elements
        if elements[key].mandatory and elements[key].stage == "design"
    ]
    criteria = [criteria_by_key[key] for key in definition.criteria if key in criteria_by_key]
    parts = [_("“%(section)s” is empty.") % {"section": definition.title}]
    sources = []
    if mandatory:
        parts.append(
            _("It carries the EU information elements: %(elements)s.")
            % {"elements": _quoted(mandatory)}
            if len(mandatory) > 1
            else _("It carries the EU information element %(elements)s.")
            % {"elements": _quoted(mandatory)}
        )
        sources.append(eu_source())
    if criteria:
        parts.append(
            _("It answers the approval criteria of %(framework)s: %(criteria)s.")
            % {"framework": framework.code, "criteria": _quoted(c.label for c in criteria)}
            if len(criteria) > 1
            else _("It answers the approval criterion of %(framework)s %(criteria)s.")
            % {"framework": framework.code, "criteria": _quoted(c.label for c in criteria)}
        )
        sources += [c.source or framework.source for c in criteria]
    if not (mandatory or criteria):
        parts.append(_("Every design on the portal explains this."))
    return Finding(ERROR, " ".join(parts), definition.key, "; ".join(dict.fromkeys(sources)))


def _award_stage_findings():
    return [
        Finding(
            INFO,
            _("%(element)s: filled in on each learner's award, not in the design.")
            % {"element": element.label},
            "",
            eu_source(),
        )
        for element in information_elements()
        if element.stage == "award"
    ]


def _rule_value(finding, workload):
    if finding.field == "is_core_module":
        return _("this design is marked as a core module of a qualification")
    if finding.field == "credits":
        return _("this design: %(credits)s credits") % {"credits": workload.credits_shown}
    if finding.field == "ects_credits":
        return _("this design: %(ects)s ECTS credits") % {"ects": workload.ects_shown}
    return _("this design: %(hours)s notional hours") % {"hours": plain_number(workload.hours)}


def _rule_findings(design, workload, workload_key):
    values = {"is_core_module": design.is_core_module}
    if workload is not None and workload.hours > 0 and workload.ects is not None:
        values.update(notional_hours=workload.hours, ects_credits=workload.ects)
        if workload.credits is not None:
            values["credits"] = workload.credits
    result = check_rules(design.framework, values)
    return [
        Finding(
            finding.severity,
            f"{finding.text} ({_rule_value(finding, workload)})",
            BASICS if finding.field == "is_core_module" else workload_key,
            finding.source,
        )
        for finding in result.findings
    ]


def _verb_findings(definition, content):
    findings = []
    for number, outcome in enumerate(content.get("outcomes", []), start=1):
        for flag in writing_aid.flags(outcome.get("statement", ""), outcome.get("domain", "")):
            findings.append(
                Finding(
                    WARNING,
                    _(
                        "Outcome %(number)d: “%(found)s” cannot be observed or assessed. "
                        "Try: %(suggestions)s."
                    )
                    % {
                        "number": number,
                        "found": flag.found,
                        "suggestions": ", ".join(flag.suggestions),
                    },
                    definition.key,
                    writing_aid.source(),
                )
            )
    return findings


def check(design, *, outline=None, contents=None, workload=None):
    """The design's findings, errors first. `outline`, `contents` (section key -> content) and
    `workload` (its figures) may be passed by a page that has them already."""
    framework = design.framework
    outline = outline or outline_for(framework)
    if contents is None:
        contents = dict(DesignSection.objects.filter(design=design).values_list("key", "content"))
    criteria_by_key = {c.key: c for c in framework.approval_criteria.all()}
    findings = []
    workload_key = ""
    for definition in outline:
        if definition.kind == BASICS:
            continue
        content = contents.get(definition.key) or {}
        if definition.key in outline.required and section_kinds.is_empty(definition.kind, content):
            findings.append(_empty_section(definition, framework, criteria_by_key))
        if definition.kind == OUTCOMES_KIND:
            findings += _verb_findings(definition, content)
        if definition.kind == WORKLOAD_KIND and not workload_key:
            workload_key = definition.key
            workload = workload or workload_of(framework, content)
    findings += _rule_findings(design, workload, workload_key)
    findings += _award_stage_findings()
    return sorted(findings, key=lambda finding: SEVERITY_ORDER[finding.severity])


def errors(findings):
    return [finding for finding in findings if finding.severity == ERROR]
