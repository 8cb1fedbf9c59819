"""The frameworks as JSON, for machines: the portal's policy, readable by people and programs.

SCHEMA_VERSION changes whenever a key is renamed or removed, or its meaning changes; adding
a key leaves it as it is. Version 2: a framework's hours_per_credit is null when it has no
credit system of its own (the EQF), which has_credit_system says.
"""

import hashlib
from decimal import Decimal

from django.db.models import Count, Max
from django.urls import reverse

from .models import (
    ApprovalCriterion,
    Country,
    EctsReference,
    FrameworkLevel,
    FrameworkRule,
    LevelMapping,
    QualificationFramework,
)

SCHEMA_VERSION = 2

# Everything the JSON shows; any row added, changed or deleted in them changes the ETag.
_TRACKED = (
    QualificationFramework,
    FrameworkLevel,
    LevelMapping,
    FrameworkRule,
    ApprovalCriterion,
    EctsReference,
    Country,
)


def reference_etag(request=None, *args, **kwargs):
    """A cheap fingerprint of the reference data: each table's row count and latest change."""
    parts = [f"v{SCHEMA_VERSION}"]
    for model in _TRACKED:
        state = model.objects.aggregate(n=Count("id"), latest=Max("updated_at"))
        parts.append(f"{model._meta.model_name}:{state['n']}:{state['latest']}")
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]


def _number(value):
    if value is None:
        return None
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else float(value)


def _ects(reference):
    if reference is None:
        return None
    return {
        "hours_per_credit": _number(reference.hours_per_credit),
        "hours_per_credit_min": _number(reference.hours_per_credit_min),
        "hours_per_credit_max": _number(reference.hours_per_credit_max),
        "status": reference.status,
        "source": reference.source,
    }


def _rule(rule):
    return {
        "key": rule.key,
        "kind": rule.kind,
        "field": rule.field or None,
        "severity": rule.severity,
        "text": rule.text,
        "min": _number(rule.min_value),
        "min_inclusive": rule.min_inclusive,
        "max": _number(rule.max_value),
        "max_inclusive": rule.max_inclusive,
        "value": _number(rule.value),
        "unit": rule.unit or None,
        "in_force": rule.is_active,
        "source": rule.source,
    }


def _level(level):
    return {
        "number": level.number,
        "knowledge": level.knowledge or None,
        "skills": level.skills or None,
        "responsibility_autonomy": level.responsibility_autonomy or None,
        "descriptor": level.descriptor or None,
        "descriptor_recorded": level.has_descriptor,
        "source": level.source or None,
        "maps_to": [
            {
                "framework": mapping.target_level.framework.code,
                "level": mapping.target_level.number,
                "basis": mapping.basis,
                "basis_label": mapping.get_basis_display(),
                "source": mapping.source or None,
            }
            for mapping in level.mappings.all()
        ],
    }


def framework_data(framework, *, request=None):
    """One framework, read through QualificationFramework.objects.for_detail()."""
    path = reverse("frameworks:detail", args=[framework.code])
    json_path = reverse("frameworks:framework_json", args=[framework.code])
    country = framework.country
    return {
        "code": framework.code,
        "name": framework.name,
        "region": framework.region,
        "country": {"code": country.code, "name": country.name} if country else None,
        "level_count": framework.level_count,
        "credit_unit": framework.credit_unit,
        "has_credit_system": framework.has_credit_system,
        "hours_per_credit": _number(framework.hours_per_credit),
        "is_confirmed": framework.is_confirmed,
        "status": framework.status,
        "source": framework.source,
        "quality_bodies": framework.quality_body_list,
        "url": request.build_absolute_uri(path) if request else path,
        "json_url": request.build_absolute_uri(json_path) if request else json_path,
        "levels": [_level(level) for level in framework.levels.all()],
        "rules": [_rule(rule) for rule in framework.rules.all()],
        "approval_criteria": [
            {"key": c.key, "label": c.label, "order": c.order, "source": c.source or None}
            for c in framework.approval_criteria.all()
        ],
    }


def reference_data(*, request=None):
    return {
        "schema_version": SCHEMA_VERSION,
        "ects": _ects(EctsReference.objects.filter(key="ects").first()),
        "frameworks": [
            framework_data(framework, request=request)
            for framework in QualificationFramework.objects.for_detail()
        ],
    }


def single_framework_data(framework, *, request=None):
    return {
        "schema_version": SCHEMA_VERSION,
        "ects": _ects(EctsReference.objects.filter(key="ects").first()),
        "framework": framework_data(framework, request=request),
    }
