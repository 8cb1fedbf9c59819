"""A register entry as JSON-LD: an Open Badges 3.0 `Achievement`, with the EU information
elements it has no field for under the portal's one extension (codesign/data/openbadges3/
register-vocabulary-v1.json, served as a context at /register/context/v1.jsonld).

Everything comes from the entry's recognised content, except its status today (recognised,
lapsed, withdrawn), which the register adds. Addresses are absolute, on the portal's base URL
(PORTAL_BASE_URL), so the identifiers of a document do not depend on how it was reached.
"""

import json
import re
from decimal import Decimal
from functools import cache
from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from ..models import EntryStatus
from ..sections import DATA_DIR, INTEGRATION, OUTCOME_DOMAINS, PARTICIPATION_MODES, SUPERVISION

OB3_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
OPENBADGES_DIR = DATA_DIR / "openbadges3"
SCHEMA_FILE = OPENBADGES_DIR / "achievementcredential.schema.json"
VOCABULARY_FILE = OPENBADGES_DIR / "register-vocabulary-v1.json"
QUALIFICATION_LEVEL = "ext:QualificationLevel"
XSD = "http://www.w3.org/2001/XMLSchema#"
MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#])")


@cache
def vocabulary():
    return json.loads(VOCABULARY_FILE.read_text(encoding="utf-8"))


@cache
def achievement_schema():
    """The copied OB 3.0 schema, pointed at its `$defs.Achievement`."""
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    return {"$schema": schema["$schema"], "$defs": schema["$defs"], "$ref": "#/$defs/Achievement"}


def base_url():
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def absolute(path):
    return base_url() + path


def namespace():
    """The extension's namespace: each term's IRI is its anchor on the vocabulary page."""
    return absolute(reverse("register:vocabulary")) + "#"


def context_url():
    return absolute(reverse("register:context"))


def value_choices():
    """The keys each enumerated term takes, with their meaning."""
    from ..models import CredentialType

    return {
        "credential_types": CredentialType.choices,
        "outcome_domains": OUTCOME_DOMAINS,
        "supervision": SUPERVISION,
        "participation_modes": PARTICIPATION_MODES,
        "integration": INTEGRATION,
        "statuses": EntryStatus.choices,
    }


def context_document():
    """The extension's JSON-LD context: one term per entry of the vocabulary."""
    terms = {"@version": 1.1, "@protected": True, "mcr": namespace(), "xsd": XSD}
    for item in vocabulary()["terms"]:
        definition = {"@id": f"mcr:{item['term']}"}
        kind = item["kind"]
        if kind == "number":
            definition["@type"] = "xsd:decimal"
        elif kind == "date":
            definition["@type"] = "xsd:date"
        elif kind == "url":
            definition["@type"] = "@id"
        elif kind in ("keys", "profiles", "objects"):
            definition["@container"] = "@list" if kind != "keys" else "@set"
        terms[item["term"]] = definition
    return {"@context": terms}


def _number(text):
    """A content figure ("2.4") as a JSON number."""
    if text in (None, ""):
        return None
    value = Decimal(text)
    return int(value) if value == value.to_integral_value() else float(value)


def _profile(node_id, name, *, website="", country_code="", country_name=""):
    profile = {"id": node_id, "type": ["Profile"], "name": name}
    if website:
        profile["url"] = website
    if country_code or country_name:
        address = {"type": ["Address"]}
        if country_name:
            address["addressCountry"] = country_name
        if country_code:
            address["addressCountryCode"] = country_code
        profile["address"] = address
    return profile


def _narrative(outcomes):
    return "\n".join("- " + MARKDOWN_SPECIAL.sub(r"\\\1", item["statement"]) for item in outcomes)


def _alignment(code, name, number):
    return {
        "type": ["Alignment"],
        "targetName": f"{code} level {number}",
        "targetDescription": f"{name}, level {number}",
        "targetFramework": code,
        "targetCode": str(number),
        "targetType": QUALIFICATION_LEVEL,
        "targetUrl": absolute(reverse("frameworks:detail", args=[code])),
    }


def verification_url(entry):
    query = urlencode({"identifier": entry.identifier, "fingerprint": entry.fingerprint})
    return absolute(reverse("register:verify")) + "?" + query


def achievement(entry):
    """The entry as an OB 3.0 Achievement (a dict ready for json.dumps)."""
    content = entry.content
    entry_url = absolute(entry.get_absolute_url())
    country = content["issuer_country"]
    workload = content["notional_workload"]
    level = content["level"]
    bodies = [
        _profile(
            f"{entry_url}#awarding-body-{number}",
            body["name"],
            website=body.get("website", ""),
            country_code=body.get("country", ""),
        )
        for number, body in enumerate(content["awarding_bodies"], start=1)
    ]
    authority = content["approval"]["authority"]
    approving = _profile(
        f"{entry_url}#approving-authority",
        authority["name"],
        website=authority.get("website", ""),
        country_code=authority.get("country", ""),
    )
    # The creator is the first awarding body, placed in the issuer's country (the EU element).
    creator = dict(bodies[0]) if bodies else dict(approving)
    creator["address"] = {
        "type": ["Address"],
        "addressCountry": country["name"],
        "addressCountryCode": country["code"],
    }
    has_credits = workload.get("credits") not in (None, "")
    document = {
        "@context": [OB3_CONTEXT, context_url()],
        "id": entry_url,
        "type": ["Achievement"],
        "name": content["title"],
        "description": content.get("description") or content["title"],
        "criteria": {"narrative": _narrative(content["learning_outcomes"])},
        "achievementType": "MicroCredential",
        "creator": creator,
        "alignment": [
            _alignment(level["framework"], level["framework_name"], level["number"]),
            *(
                _alignment(item["framework"], item["framework_name"], item["number"])
                for item in level["mapped"]
                if item["framework"] != level["framework"]
            ),
        ],
        "inLanguage": content["language"],
        "humanCode": entry.identifier,
        "otherIdentifier": [
            {
                "type": "IdentifierEntry",
                "identifier": entry.identifier,
                "identifierType": "identifier",
            }
        ],
        "version": str(content["version"]),
    }
    credits = _number(workload["credits"] if has_credits else workload.get("ects_credits"))
    if credits is not None:
        document["creditsAvailable"] = credits
    if content.get("sector"):
        document["fieldOfStudy"] = content["sector"]["label"]
    extension = {
        "credentialType": content["credential_type"],
        "awardingBody": bodies,
        "learningOutcome": [
            {
                "outcomeStatement": item["statement"],
                "outcomeDomain": item["domain"],
                "assessedBy": item["assessment"],
            }
            for item in content["learning_outcomes"]
        ],
        "notionalHours": _number(workload["hours"]),
        "creditUnit": workload.get("credit_unit") if has_credits else "ECTS credit",
        "hoursPerCredit": _number(
            workload.get("hours_per_credit")
            if has_credits
            else workload.get("ects_hours_per_credit")
        ),
        "ectsCredits": _number(workload.get("ects_credits")),
        "ectsHoursPerCredit": _number(workload.get("ects_hours_per_credit")),
        "assessmentType": content["assessment"]["type"],
        "supervisionAndIdentityVerification": content["assessment"]["supervision"],
        "participationForm": content["participation"]["modes"],
        "participationDetails": content["participation"]["text"],
        "qualityAssurance": content["quality_assurance"],
        "prerequisites": content["prerequisites"],
        "integrationStackability": content["integration"]["option"],
        "stacksTowards": content["integration"]["towards"],
        "recognitionOfPriorLearning": content["integration"]["rpl"],
        "furtherInformation": content["further_information"],
        "approvingAuthority": approving,
        "approvedOn": content["approval"]["approved_on"],
        "reviewDate": content["approval"]["review_date"],
        "registerStatus": entry.status,
        "contentFingerprint": entry.fingerprint,
        "verification": verification_url(entry),
    }
    if entry.status != EntryStatus.RECOGNISED:
        extension["statusReason"] = entry.status_reason
        extension["statusChangedOn"] = timezone.localdate(entry.status_changed_at).isoformat()
    # Optional elements that were not written are left out, not sent empty.
    document.update(
        {name: value for name, value in extension.items() if value not in ("", None, [])}
    )
    return document
