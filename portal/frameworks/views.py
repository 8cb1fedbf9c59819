from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import condition, require_safe

from .credits import check_rules, credits_for
from .forms import CreditCalculatorForm
from .models import EctsReference, QualificationFramework, RuleKind
from .serialise import reference_data, reference_etag, single_framework_data

CALCULATOR_FIELDS = ("framework", "hours", "is_core_module")


def _framework_or_404(code):
    return get_object_or_404(QualificationFramework.objects.for_detail(), code__iexact=code)


def _calculate(form):
    """Credits and the rules that fire, or None with the problem added to the form."""
    if not form.is_valid():
        return None, None
    try:
        credits = credits_for(form.cleaned_data["framework"], form.cleaned_data["hours"])
        values = {
            "notional_hours": credits.notional_hours,
            "ects_credits": credits.ects,
            "is_core_module": form.cleaned_data["is_core_module"],
        }
        if credits.credits is not None:  # a framework with no credit system counts none
            values["credits"] = credits.credits
        check = check_rules(credits.framework, values)
    except ValueError as exc:
        form.add_error(None, str(exc))
        return None, None
    return credits, check


@require_safe
def index(request):
    submitted = any(name in request.GET for name in CALCULATOR_FIELDS)
    form = CreditCalculatorForm(request.GET if submitted else None)
    credits, check = _calculate(form) if submitted else (None, None)
    frameworks = list(QualificationFramework.objects.for_listing())
    return render(
        request,
        "frameworks/index.html",
        {
            "frameworks": frameworks,
            "with_rules": [f for f in frameworks if f.rules.all()],
            "without_rules": [f for f in frameworks if not f.rules.all()],
            "ects": EctsReference.objects.filter(key="ects").first(),
            "form": form,
            "credits": credits,
            "check": check,
        },
    )


@require_safe
def detail(request, code):
    framework = _framework_or_404(code)
    levels = list(framework.levels.all())
    rules = list(framework.rules.all())
    criteria = list(framework.approval_criteria.all())
    sources = [framework.source]
    sources += [level.source for level in levels]
    sources += [mapping.source for level in levels for mapping in level.mappings.all()]
    sources += [rule.source for rule in rules]
    sources += [criterion.source for criterion in criteria]
    return render(
        request,
        "frameworks/detail.html",
        {
            "framework": framework,
            "levels": levels,
            "has_strands": any(level.has_strands for level in levels),
            "maps_outward": any(level.mappings.all() for level in levels),
            "maps_inward": any(level.mapped_from.all() for level in levels),
            "rules": rules,
            "fact_kind": RuleKind.FACT,
            "criteria": criteria,
            "sources": list(dict.fromkeys(source for source in sources if source)),
        },
    )


# Cached for a few minutes, then revalidated against the ETag (a 304 costs seven small queries).
_json_cache = cache_control(public=True, max_age=300)


@require_safe
@_json_cache
@condition(etag_func=reference_etag)
def frameworks_json(request):
    return JsonResponse(reference_data(request=request), json_dumps_params={"indent": 2})


@require_safe
@_json_cache
@condition(etag_func=reference_etag)
def framework_json(request, code):
    framework = _framework_or_404(code)
    return JsonResponse(
        single_framework_data(framework, request=request), json_dumps_params={"indent": 2}
    )
