"""What a register entry recognises: built once, on approval, from the frozen revision the
authority reviewed, and never changed after.

`recognised_content` reads the revision's snapshot (not the design as it stands: its authors
go on drafting) and the reference data it names (framework, level and that level's mappings
onto the EQF and the SADCQF, credits by the framework's rule), and returns a JSON object in the
shape below. Only keys and codes are stored, never translated labels, so the fingerprint is
the same whatever language the approver's page was in; names that are data (a framework's,
an organisation's) are stored as they were on the day.

    {
      "format": "register-entry/1",
      "identifier": "MU-2026-00042", "version": 1,
      "title": str, "description": str, "language": "en-GB",
      "credential_type": stackable | industry_led | stand_alone,
      "sector": {"key", "label"} | null,
      "issuer_country": {"code", "name"},
      "awarding_bodies": [{"name", "country", "website", "organisation"}, ...],
      "learning_outcomes": [{"statement", "domain", "assessment"}, ...],
      "notional_workload": {"hours", "components": {...}, "credits", "credit_unit",
                            "hours_per_credit", "ects_credits", "ects_hours_per_credit"},
      "level": {"framework", "framework_name", "number",
                "mapped": [{"framework", "framework_name", "number"}, ...]},
      "assessment": {"type", "supervision"},
      "participation": {"modes": [...], "text"},
      "quality_assurance": str,
      "prerequisites": str, "integration": {"option", "towards", "rpl"},
      "further_information": str,
      "approval": {"authority": {"name", "country", "website"}, "approved_on", "review_date",
                   "design_revision"}
    }

Figures are decimal strings ("2.4"), dates ISO strings; an optional element not written is ""
(or null where the value is not text). codesign.register.canonical says how this is
serialised and fingerprinted.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.utils.translation import to_locale

from portal.accounts.models import Organisation
from portal.frameworks.models import (
    FrameworkLevel,
    LevelMapping,
    QualificationFramework,
    plain_number,
)

from ..sections import BASICS, WORKLOAD_COMPONENTS, outline_for
from ..workload import workload_of
from .canonical import normalised

CONTENT_FORMAT = "register-entry/1"
# The regional meta-frameworks a national level is placed on (RegisterEntry's columns).
EQF = "EQF"
SADCQF = "SADCQF"


class ContentError(ValueError):
    """The revision cannot be recognised as it is (its framework or level is gone)."""


def content_language():
    """The language the content is written in, as a BCP 47 tag ("en-GB"): the portal's
    language, since designs are written in it."""
    return to_locale(settings.LANGUAGE_CODE).replace("_", "-")


def _text(content, name="text"):
    value = (content or {}).get(name) or ""
    return value.strip() if isinstance(value, str) else ""


def _lines(text):
    return [" ".join(line.split()) for line in (text or "").splitlines() if line.strip()]


def _section_for(outline, element):
    """The key of the section that carries the EU information element, or None."""
    return next((section.key for section in outline if section.carries(element)), None)


def _figure(value):
    return plain_number(value) if value is not None else None


@dataclass(frozen=True)
class Recognised:
    """The content, and the rows its denormalised columns point at."""

    content: dict
    framework: QualificationFramework
    level: FrameworkLevel
    sector: object
    organisations: list
    eqf_level: int | None
    sadcqf_level: int | None
    workload: object


def _awarding(content, organisations_by_pk):
    bodies, organisations = [], []
    for body in (content or {}).get("bodies", []):
        organisation = organisations_by_pk.get(body.get("organisation"))
        if organisation is not None:
            organisations.append(organisation)
        bodies.append(
            {
                # The name the authority read (the snapshot's), even if renamed since.
                "name": body.get("name") or (organisation.name if organisation else ""),
                "country": organisation.country.code if organisation else "",
                "website": organisation.website if organisation else "",
                "organisation": organisation.slug if organisation else "",
            }
        )
    for name in _lines(_text(content, "others")):
        bodies.append({"name": name, "country": "", "website": "", "organisation": ""})
    return [body for body in bodies if body["name"]], organisations


def _mapped_number(mapped, code):
    return next((item["number"] for item in mapped if item["framework"] == code), None)


def recognised_content(
    *, revision, design, authority, identifier, version, approved_on, review_date
):
    """The recognised content of `revision` (see the module's docstring), with the rows its
    columns point at. Raises ContentError when the snapshot names a framework or level that
    no longer exists."""
    snapshot = revision.snapshot or {}
    basics = snapshot.get(BASICS) or {}
    framework = (
        QualificationFramework.objects.select_related("country")
        .prefetch_related("approval_criteria")
        .filter(code=basics.get("framework"))
        .first()
    )
    level = (
        FrameworkLevel.objects.filter(framework=framework, number=basics.get("level")).first()
        if framework is not None
        else None
    )
    if framework is None or level is None:
        raise ContentError(
            f"revision {revision.pk}: framework {basics.get('framework')!r} level "
            f"{basics.get('level')!r} does not exist"
        )
    outline = outline_for(framework)

    def section(element):
        key = _section_for(outline, element)
        return (snapshot.get(key) or {}) if key else {}

    mappings = (
        LevelMapping.objects.filter(level=level)
        .select_related("target_level__framework")
        .order_by("target_level__framework__position", "target_level__number")
    )
    mapped = [
        {
            "framework": mapping.target_level.framework.code,
            "framework_name": mapping.target_level.framework.name,
            "number": mapping.target_level.number,
        }
        for mapping in mappings
    ]
    if framework.is_regional:
        # A design written for a regional framework sits on it directly.
        mapped.insert(
            0,
            {"framework": framework.code, "framework_name": framework.name, "number": level.number},
        )

    workload_content = section("notional_workload")
    workload = workload_of(framework, workload_content)

    awarding_content = section("awarding_body")
    ids = [body.get("organisation") for body in awarding_content.get("bodies", [])]
    organisations_by_pk = Organisation.objects.select_related("country").in_bulk(
        [pk for pk in ids if isinstance(pk, int)]
    )
    bodies, organisations = _awarding(awarding_content, organisations_by_pk)

    need = design.workspace.need if design.workspace_id else None
    sector = need.sector if need is not None else None
    country = framework.country or authority.country

    outcomes = [
        {
            "statement": item.get("statement", ""),
            "domain": item.get("domain", ""),
            "assessment": item.get("assessment", ""),
        }
        for item in section("learning_outcomes").get("outcomes", [])
        if isinstance(item, dict) and (item.get("statement") or "").strip()
    ]
    assessment = section("assessment_type")
    participation = section("participation_form")
    integration = section("integration_stackability")
    description = _text(snapshot.get("structure")) or "; ".join(
        item["statement"] for item in outcomes
    )

    content = {
        "format": CONTENT_FORMAT,
        "identifier": identifier,
        "version": version,
        "title": basics.get("title", ""),
        "description": description,
        "language": content_language(),
        "credential_type": basics.get("credential_type", ""),
        "sector": {"key": sector.key, "label": sector.label} if sector else None,
        "issuer_country": {"code": country.code, "name": country.name},
        "awarding_bodies": bodies,
        "learning_outcomes": outcomes,
        "notional_workload": {
            "hours": plain_number(workload.hours),
            "components": {
                name: plain_number(Decimal(str(workload_content.get(name) or 0)))
                for name, _label in WORKLOAD_COMPONENTS
            },
            "credits": _figure(workload.credits),
            "credit_unit": framework.credit_unit if workload.credits is not None else "",
            "hours_per_credit": _figure(workload.hours_per_credit),
            "ects_credits": _figure(workload.ects),
            "ects_hours_per_credit": _figure(workload.ects_hours_per_credit),
        },
        "level": {
            "framework": framework.code,
            "framework_name": framework.name,
            "number": level.number,
            "mapped": mapped,
        },
        "assessment": {
            "type": _text(assessment),
            "supervision": assessment.get("supervision") or "",
        },
        "participation": {
            "modes": list(participation.get("modes") or []),
            "text": _text(participation),
        },
        "quality_assurance": _text(section("quality_assurance")),
        "prerequisites": _text(section("prerequisites")),
        "integration": {
            "option": integration.get("integration") or "",
            "towards": _text(integration, "towards"),
            "rpl": _text(integration, "rpl"),
        },
        "further_information": _text(section("further_information")),
        "approval": {
            "authority": {
                "name": authority.name,
                "country": authority.country.code,
                "website": authority.website,
            },
            "approved_on": approved_on.isoformat(),
            "review_date": review_date.isoformat(),
            "design_revision": revision.number,
        },
    }
    return Recognised(
        content=normalised(content),
        framework=framework,
        level=level,
        sector=sector,
        organisations=organisations,
        eqf_level=_mapped_number(mapped, EQF),
        sadcqf_level=_mapped_number(mapped, SADCQF),
        workload=workload,
    )


def search_text(content):
    """The words the register's search reads: title, outcomes, awarding bodies, sector, and
    the identifier, framework and country (one per line)."""
    parts = [
        content["identifier"],
        content["title"],
        *(item["statement"] for item in content["learning_outcomes"]),
        *(body["name"] for body in content["awarding_bodies"]),
        (content.get("sector") or {}).get("label", ""),
        content["level"]["framework"],
        content["issuer_country"]["name"],
    ]
    return "\n".join(part for part in parts if part)
