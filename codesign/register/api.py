"""The register's read-only JSON API: what an entry looks like in it, and the OpenAPI 3
description the portal serves at /register/api/openapi.json (docs/register.md explains it).
"""

from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from ..models import CredentialType, EntryStatus
from .jsonld import absolute, base_url, verification_url
from .search import ALL_STATUSES, CREDITS_CEILING

API_VERSION = "1.0.0"
PAGE_SIZE = 25
MAX_PAGE_SIZE = 100


def _number(value):
    if value is None:
        return None
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else float(value)


def summary(entry):
    """One entry in a list: its columns, no content (reads country, sector, framework and
    authority, selected with it)."""
    status_changed_on = None
    if entry.status != EntryStatus.RECOGNISED:
        status_changed_on = timezone.localdate(entry.status_changed_at).isoformat()
    return {
        "identifier": entry.identifier,
        "url": absolute(entry.get_absolute_url()),
        "jsonld": absolute(reverse("register:entry_jsonld", args=[entry.identifier])),
        "api": absolute(reverse("register:api_entry", args=[entry.identifier])),
        "title": entry.title,
        "status": entry.status,
        "status_reason": entry.status_reason,
        "status_changed_on": status_changed_on,
        "country": {"code": entry.country.code, "name": entry.country.name},
        "sector": {"key": entry.sector.key, "label": entry.sector.label} if entry.sector else None,
        "framework": entry.framework.code,
        "level": entry.level_number,
        "eqf_level": entry.eqf_level,
        "sadcqf_level": entry.sadcqf_level,
        "credential_type": entry.credential_type,
        "notional_hours": _number(entry.notional_hours),
        "credits": _number(entry.credits),
        "ects_credits": _number(entry.ects_credits),
        "awarding_bodies": entry.awarding_body_names.splitlines(),
        "authority": entry.authority.name,
        "approved_on": entry.approved_on.isoformat(),
        "review_date": entry.review_date.isoformat(),
        "version": entry.version,
        "fingerprint": entry.fingerprint,
    }


def detail(entry, versions):
    """One entry in full: its summary, the recognised content (what the fingerprint is of),
    and every version's fingerprint and dates, newest first."""
    return {
        **summary(entry),
        "verification": verification_url(entry),
        "content": entry.content,
        "versions": [
            {
                "number": version.number,
                "fingerprint": version.fingerprint,
                "approved_on": version.approved_on.isoformat(),
                "review_date": version.review_date.isoformat(),
            }
            for version in versions
        ],
    }


def verification(result):
    entry = result.entry
    return {
        "identifier": result.identifier,
        "fingerprint": result.fingerprint,
        "result": result.result,
        "matches": result.matches,
        "recognised": result.recognised,
        "status": entry.status if entry else None,
        "status_changed_on": (
            result.status_changed_on.isoformat() if result.status_changed_on else None
        ),
        "status_reason": entry.status_reason if entry else "",
        "version": result.version.number if result.version else None,
        "current_version": entry.version if entry else None,
        "message": result.message(),
        "entry": absolute(entry.get_absolute_url()) if entry else None,
    }


# The OpenAPI description ------------------------------------------------------------------


def _parameter(name, description, schema, where="query", required=False):
    return {
        "name": name,
        "in": where,
        "required": required,
        "description": description,
        "schema": schema,
    }


def _filters():
    return [
        _parameter(
            "q",
            "Words to find in the title, outcomes, awarding bodies or sector; "
            "every word must appear.",
            {"type": "string", "maxLength": 100},
        ),
        _parameter(
            "country",
            "ISO 3166-1 code of the issuer's country.",
            {"type": "string", "example": "MU"},
        ),
        _parameter("sector", "Key of the sector.", {"type": "string"}),
        _parameter(
            "level", "National framework level.", {"type": "integer", "minimum": 1, "maximum": 10}
        ),
        _parameter("eqf", "EQF level.", {"type": "integer", "minimum": 1, "maximum": 8}),
        _parameter(
            "credits_min",
            "Fewest ECTS credits.",
            {"type": "number", "minimum": 0, "maximum": int(CREDITS_CEILING)},
        ),
        _parameter(
            "credits_max",
            "Most ECTS credits.",
            {"type": "number", "minimum": 0, "maximum": int(CREDITS_CEILING)},
        ),
        _parameter(
            "type",
            "Type of micro-credential.",
            {"type": "string", "enum": list(CredentialType.values)},
        ),
        _parameter(
            "provider",
            "Slug of an awarding body (an organisation of the portal).",
            {"type": "string"},
        ),
        _parameter(
            "status",
            "Status; recognised when not given.",
            {
                "type": "string",
                "enum": [*EntryStatus.values, ALL_STATUSES],
                "default": EntryStatus.RECOGNISED,
            },
        ),
    ]


def _ref(name):
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema, description):
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def openapi_document():
    nullable_integer = {"type": ["integer", "null"]}
    nullable_number = {"type": ["number", "null"]}
    summary_schema = {
        "type": "object",
        "required": ["identifier", "url", "title", "status", "fingerprint"],
        "properties": {
            "identifier": {
                "type": "string",
                "example": "MU-2026-00042",
                "description": "Stable: it never changes.",
            },
            "url": {"type": "string", "format": "uri"},
            "jsonld": {
                "type": "string",
                "format": "uri",
                "description": "The entry as an Open Badges 3.0 Achievement.",
            },
            "api": {"type": "string", "format": "uri"},
            "title": {"type": "string"},
            "status": {"type": "string", "enum": list(EntryStatus.values)},
            "status_reason": {"type": "string"},
            "status_changed_on": {"type": ["string", "null"], "format": "date"},
            "country": {
                "type": "object",
                "properties": {"code": {"type": "string"}, "name": {"type": "string"}},
            },
            "sector": {
                "type": ["object", "null"],
                "properties": {"key": {"type": "string"}, "label": {"type": "string"}},
            },
            "framework": {"type": "string", "example": "MU-NQF"},
            "level": {"type": "integer"},
            "eqf_level": nullable_integer,
            "sadcqf_level": nullable_integer,
            "credential_type": {"type": "string", "enum": list(CredentialType.values)},
            "notional_hours": {"type": "number"},
            "credits": {**nullable_number, "description": "In the framework's own unit."},
            "ects_credits": nullable_number,
            "awarding_bodies": {"type": "array", "items": {"type": "string"}},
            "authority": {"type": "string", "description": "The approving authority."},
            "approved_on": {"type": "string", "format": "date"},
            "review_date": {"type": "string", "format": "date"},
            "version": {"type": "integer"},
            "fingerprint": {
                "type": "string",
                "pattern": "^[0-9a-f]{64}$",
                "description": "SHA-256 of the canonical recognised content.",
            },
        },
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Register of recognised micro-credentials",
            "version": API_VERSION,
            "description": (
                "Read-only. Every entry the quality and qualifications authorities approved, "
                "its status, and verification of an identifier and fingerprint. No "
                "authentication. Lists are paginated; filters are the register page's."
            ),
        },
        "servers": [{"url": base_url()}],
        "paths": {
            "/register/api/entries/": {
                "get": {
                    "operationId": "listEntries",
                    "summary": "Entries, filtered and paginated, newest approval first (the "
                    "most relevant first when searching).",
                    "parameters": [
                        _parameter(
                            "page",
                            "Page number, from 1.",
                            {"type": "integer", "minimum": 1, "default": 1},
                        ),
                        _parameter(
                            "page_size",
                            "Entries a page.",
                            {
                                "type": "integer",
                                "minimum": 1,
                                "maximum": MAX_PAGE_SIZE,
                                "default": PAGE_SIZE,
                            },
                        ),
                        *_filters(),
                    ],
                    "responses": {
                        "200": _json(_ref("EntryPage"), "A page of entries."),
                        "400": _json(_ref("Errors"), "A filter's value is not valid."),
                    },
                }
            },
            "/register/api/entries/{identifier}/": {
                "get": {
                    "operationId": "getEntry",
                    "summary": "One entry with its recognised content and versions.",
                    "parameters": [
                        _parameter(
                            "identifier",
                            "The entry's identifier.",
                            {"type": "string"},
                            where="path",
                            required=True,
                        )
                    ],
                    "responses": {
                        "200": _json(_ref("Entry"), "The entry."),
                        "404": {"description": "No such entry."},
                    },
                }
            },
            "/register/api/verify/": {
                "get": {
                    "operationId": "verify",
                    "summary": "Whether an identifier and fingerprint match what the "
                    "authority approved, and the entry's status.",
                    "parameters": [
                        _parameter(
                            "identifier",
                            "The entry's identifier.",
                            {"type": "string"},
                            required=True,
                        ),
                        _parameter(
                            "fingerprint",
                            "SHA-256, 64 hexadecimal digits.",
                            {"type": "string"},
                            required=True,
                        ),
                    ],
                    "responses": {
                        "200": _json(_ref("Verification"), "The answer."),
                        "400": _json(_ref("Errors"), "A parameter is missing or malformed."),
                    },
                }
            },
            "/register/{identifier}.jsonld": {
                "get": {
                    "operationId": "getAchievement",
                    "summary": "The entry as an Open Badges 3.0 Achievement (JSON-LD).",
                    "parameters": [
                        _parameter(
                            "identifier",
                            "The entry's identifier.",
                            {"type": "string"},
                            where="path",
                            required=True,
                        )
                    ],
                    "responses": {
                        "200": {
                            "description": "The Achievement.",
                            "content": {"application/ld+json": {"schema": {"type": "object"}}},
                        },
                        "404": {"description": "No such entry."},
                    },
                }
            },
            "/register/export.csv": {
                "get": {
                    "operationId": "exportCsv",
                    "summary": "The register, or the filtered part of it, as CSV.",
                    "parameters": _filters(),
                    "responses": {
                        "200": {
                            "description": "CSV, UTF-8 with a byte order mark.",
                            "content": {"text/csv": {"schema": {"type": "string"}}},
                        },
                    },
                }
            },
            "/register/export.xlsx": {
                "get": {
                    "operationId": "exportXlsx",
                    "summary": "The register, or the filtered part of it, as XLSX.",
                    "parameters": _filters(),
                    "responses": {
                        "200": {
                            "description": "An XLSX workbook.",
                            "content": {
                                "application/vnd.openxmlformats-officedocument."
                                "spreadsheetml.sheet": {
                                    "schema": {"type": "string", "format": "binary"}
                                }
                            },
                        }
                    },
                }
            },
        },
        "components": {
            "schemas": {
                "EntrySummary": summary_schema,
                "Entry": {
                    "allOf": [
                        _ref("EntrySummary"),
                        {
                            "type": "object",
                            "properties": {
                                "verification": {"type": "string", "format": "uri"},
                                "content": {
                                    "type": "object",
                                    "description": "The recognised content (format "
                                    "register-entry/1) whose canonical JSON the fingerprint "
                                    "is the SHA-256 of.",
                                },
                                "versions": {
                                    "type": "array",
                                    "items": {
                                        "type": "object",
                                        "properties": {
                                            "number": {"type": "integer"},
                                            "fingerprint": {"type": "string"},
                                            "approved_on": {"type": "string", "format": "date"},
                                            "review_date": {"type": "string", "format": "date"},
                                        },
                                    },
                                },
                            },
                        },
                    ]
                },
                "EntryPage": {
                    "type": "object",
                    "required": ["count", "page", "pages", "results"],
                    "properties": {
                        "count": {"type": "integer"},
                        "page": {"type": "integer"},
                        "pages": {"type": "integer"},
                        "page_size": {"type": "integer"},
                        "next": {"type": ["string", "null"], "format": "uri"},
                        "previous": {"type": ["string", "null"], "format": "uri"},
                        "results": {"type": "array", "items": _ref("EntrySummary")},
                    },
                },
                "Verification": {
                    "type": "object",
                    "required": ["result", "matches", "recognised", "message"],
                    "properties": {
                        "identifier": {"type": "string"},
                        "fingerprint": {"type": "string"},
                        "result": {
                            "type": "string",
                            "enum": ["match", "superseded", "mismatch", "unknown"],
                            "description": "match: the current version's fingerprint; "
                            "superseded: an older version's; mismatch: not a fingerprint of "
                            "anything approved for this entry; unknown: no such entry.",
                        },
                        "matches": {"type": "boolean"},
                        "recognised": {
                            "type": "boolean",
                            "description": "It matches the current version and the entry is "
                            "recognised today (not lapsed, not withdrawn).",
                        },
                        "status": {
                            "type": ["string", "null"],
                            "enum": [*EntryStatus.values, None],
                        },
                        "status_changed_on": {"type": ["string", "null"], "format": "date"},
                        "status_reason": {"type": "string"},
                        "version": nullable_integer,
                        "current_version": nullable_integer,
                        "message": {"type": "string"},
                        "entry": {"type": ["string", "null"], "format": "uri"},
                    },
                },
                "Errors": {
                    "type": "object",
                    "properties": {
                        "errors": {
                            "type": "object",
                            "additionalProperties": {"type": "array", "items": {"type": "string"}},
                        }
                    },
                },
            }
        },
    }
