"""The dashboards: one pilot's, and across the pilots a person may see, with their exports.

Who sees what (pilots/disaggregation.py does the counting, pilots/suppression.py the hiding):
a pilot's partners see its figures whole; the ministries and quality authorities of its
country, staff and anyone else the aggregate rule names see them with cells under five
people hidden; everyone else (a signed-in stranger, an anonymous visitor) gets 404.
"""

from django import forms
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from codesign.models import RegisterEntry
from portal.frameworks.models import Country, Sector

from .. import charts, disaggregation, exports
from ..models import Pilot, PilotStatus
from .access import may_see_across, visible_pilot

EXPORT_FORMATS = {"csv": exports.CSV_CONTENT_TYPE, "xlsx": exports.XLSX_CONTENT_TYPE}


def _private(response):
    patch_cache_control(response, private=True, no_store=True)
    return response


def _charted(tables, prefix):
    """(table, svg or None) pairs: every table with rows to chart gets its chart."""
    pairs = []
    for table in tables:
        svg = None
        if table.chart_columns and charts.has_bars(table):
            svg = charts.svg_bars(table, f"{prefix}-{table.key.replace('_', '-')}")
        pairs.append((table, svg))
    return pairs


def _document_kinds():
    from .. import documents

    return documents


# One pilot.


def _pilot_data(request, pk):
    pilot = visible_pilot(request, pk)
    data = disaggregation.for_reader([pilot], request.user)
    targets = list(pilot.indicator_targets.all())
    return pilot, data, disaggregation.pilot_tables(data, targets)


@require_GET
def pilot_dashboard(request, pk):
    pilot, data, tables = _pilot_data(request, pk)
    documents = _document_kinds()
    return _private(
        render(
            request,
            "pilots/dashboards/pilot.html",
            {
                "pilot": pilot,
                "data": data,
                "partner": pilot.pk in data.raw_pilot_ids,
                "indicators": tables[0],
                "sections": _charted(tables[1:], "chart"),
                "may_request_report": documents.OUTCOME_REPORT.may_request(request.user, pilot),
                "report_kind": documents.OUTCOME_REPORT_SLUG,
            },
        )
    )


def _export(tables, *, fmt, title, suppressed, file_stem):
    if fmt not in EXPORT_FORMATS:
        raise Http404
    maker = exports.to_csv if fmt == "csv" else exports.to_xlsx
    response = HttpResponse(
        maker(tables, title=title, suppressed=suppressed), content_type=EXPORT_FORMATS[fmt]
    )
    name = (slugify(file_stem) or "dashboard")[:80]
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    response["X-Content-Type-Options"] = "nosniff"
    return _private(response)


@require_GET
def pilot_export(request, pk, fmt):
    pilot, data, tables = _pilot_data(request, pk)
    return _export(
        tables,
        fmt=fmt,
        title=_("Dashboard of the pilot “%(title)s”") % {"title": pilot.title},
        suppressed=data.applies_suppression,
        file_stem=f"pilot-{pilot.pk}-dashboard",
    )


# Across pilots.


class DashboardFilter(forms.Form):
    """Which pilots the dashboard adds up: the choices are those of the pilots the person may
    see, so the form lists nothing they may not."""

    country = forms.ModelChoiceField(
        label=gettext_lazy("Country"), queryset=Country.objects.none(), required=False
    )
    sector = forms.ModelChoiceField(
        label=gettext_lazy("Sector"), queryset=Sector.objects.none(), required=False
    )
    entry = forms.ModelChoiceField(
        label=gettext_lazy("Micro-credential"),
        queryset=RegisterEntry.objects.none(),
        required=False,
    )
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        choices=[("", gettext_lazy("Any status")), *PilotStatus.choices],
        required=False,
    )

    def __init__(self, *args, pilots, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].queryset = Country.objects.filter(
            pk__in=pilots.values("country")
        ).order_by("name")
        self.fields["country"].empty_label = _("Any country")
        self.fields["sector"].queryset = Sector.objects.filter(
            pk__in=pilots.values("sector")
        ).order_by("label")
        self.fields["sector"].empty_label = _("Any sector")
        self.fields["entry"].queryset = RegisterEntry.objects.filter(
            pk__in=pilots.values("register_entry")
        ).order_by("title", "identifier")
        self.fields["entry"].empty_label = _("Any micro-credential")
        self.fields["entry"].label_from_instance = lambda entry: (
            f"{entry.title} ({entry.identifier})"
        )

    def filter(self, pilots):
        data = self.cleaned_data
        if data.get("country"):
            pilots = pilots.filter(country=data["country"])
        if data.get("sector"):
            pilots = pilots.filter(sector=data["sector"])
        if data.get("entry"):
            pilots = pilots.filter(register_entry=data["entry"])
        if data.get("status"):
            pilots = pilots.filter(status=data["status"])
        return pilots


def _across_data(request):
    if not may_see_across(request.user):
        raise Http404
    visible = Pilot.objects.aggregates_visible_to(request.user)
    form = DashboardFilter(request.GET or None, pilots=visible)
    pilots = visible
    if form.is_bound:
        pilots = form.filter(pilots) if form.is_valid() else pilots.none()
    pilots = list(
        pilots.select_related("country", "sector", "register_entry").order_by("title", "pk")
    )
    data = disaggregation.for_reader(pilots, request.user)
    return form, data, disaggregation.across_tables(data)


@require_GET
def across_dashboard(request):
    form, data, tables = _across_data(request)
    documents = _document_kinds()
    countries = list(documents.summary_countries(request.user))
    query = request.GET.urlencode()
    return _private(
        render(
            request,
            "pilots/dashboards/across.html",
            {
                "form": form,
                "data": data,
                "indicators": tables[0],
                "sections": _charted(tables[1:], "chart"),
                "query": query,
                "summary_countries": countries,
                "summary_kind": documents.COUNTRY_SUMMARY_SLUG,
            },
        )
    )


@require_GET
def across_export(request, fmt):
    form, data, tables = _across_data(request)
    return _export(
        tables,
        fmt=fmt,
        title=_("Dashboard across %(count)d pilots") % {"count": len(data.pilots)},
        suppressed=data.applies_suppression,
        file_stem="pilots-dashboard",
    )
