"""The pilot pages: the list, a new pilot, a pilot's page, and the forms that change it.

Partners (members of the pilot's verified partner organisations) see and change everything;
the ministries and quality authorities of the pilot's country, and staff, read the pilot's
page without its participant-level parts; everyone else gets 404 (views/access.py).
"""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.accounts.models import Organisation

from ..actions import pilots as actions
from ..actions.common import is_partner
from ..actions.pilots import STANDARD_TARGETS, STATUS_MOVES
from ..forms import (
    CohortForm,
    CustomTargetForm,
    NarrativeForm,
    PartnerForm,
    PilotForm,
    SiteForm,
    StandardTargetsForm,
    StatusForm,
)
from ..models import IndicatorTarget, PartnerRole, Pilot
from .access import may_see_across, partnered_pilot, visible_pilot


def _standard_actuals(pilot):
    """{key: value} of the standard indicators, from pilots.indicators when that part of the
    app is there (its actual_values(pilot)); None otherwise, and the page links to the
    dashboard instead."""
    try:
        from .. import indicators
    except ImportError:
        return None
    compute = getattr(indicators, "actual_values", None)
    return compute(pilot) if compute is not None else None


def indicator_rows(pilot, *, partner):
    """The pilot's targets with their actual values and progress, as the page shows them.
    Computed values only for partners: anyone else reads them, suppressed, on the dashboard."""
    actuals = _standard_actuals(pilot) if partner else None
    rows = []
    for indicator in pilot.indicator_targets.all():
        if indicator.is_custom:
            label, unit, actual = indicator.label, indicator.unit, indicator.actual
        else:
            label, unit, _low, _high = STANDARD_TARGETS.get(
                indicator.key, (indicator.key, "", 0, 0)
            )
            actual = actuals.get(indicator.key) if actuals is not None else None
        progress = None
        if actual is not None and indicator.target:
            progress = min(Decimal(actual) / indicator.target * 100, Decimal(100)).quantize(
                Decimal("1")
            )
        rows.append(
            {
                "key": indicator.key,
                "label": label,
                "unit": unit,
                "target": indicator.target,
                "actual": actual,
                "progress": progress,
                "is_custom": indicator.is_custom,
                "computed": not indicator.is_custom,
            }
        )
    return rows, actuals is not None


def _partners(pilot):
    """The lead first, then the others by name."""
    partners = pilot.partners.select_related("organisation", "organisation__country")
    return sorted(partners, key=lambda p: (p.role != PartnerRole.LEAD, p.organisation.name))


# The list and a new pilot.


@login_required
def pilot_list(request):
    user = request.user
    pilots = list(
        Pilot.objects.aggregates_visible_to(user)
        .select_related("register_entry", "lead_organisation", "country")
        .order_by("-starts_on", "-pk")
    )
    partnered = set(Pilot.objects.partnered_by(user).values_list("pk", flat=True))
    for pilot in pilots:
        pilot.is_partnered = pilot.pk in partnered
    return render(
        request,
        "pilots/pilots/list.html",
        {
            "pilots": pilots,
            "may_start": actions.may_start_pilot(user),
            "may_see_across": may_see_across(user),
        },
    )


@login_required
def pilot_new(request):
    if not actions.may_start_pilot(request.user):
        return render(request, "pilots/pilots/cannot_start.html", status=403)
    form = PilotForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            pilot = actions.create_pilot(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_action_errors(error)
        else:
            messages.success(
                request,
                _("The pilot is created. Add its partners, sites and cohorts next."),
            )
            return redirect("pilots:pilot", pk=pilot.pk)
    return render(request, "pilots/pilots/new.html", {"form": form})


# A pilot's page.


def pilot_detail(request, pk):
    pilot = visible_pilot(request, pk)
    return _render_detail(request, pilot)


def _render_detail(request, pilot, *, status_form=None, status=200):
    partner = is_partner(pilot, request.user)
    cohorts = pilot.cohorts.select_related("site", "site__district")
    if partner:
        cohorts = cohorts.annotate(enrolled=Count("participants"))
    indicators, computed = indicator_rows(pilot, partner=partner)
    if partner and status_form is None:
        status_form = StatusForm(moves=STATUS_MOVES[pilot.status])
    return render(
        request,
        "pilots/pilots/detail.html",
        {
            "pilot": pilot,
            "partner": partner,
            "partners": _partners(pilot),
            "sites": pilot.sites.select_related("district"),
            "cohorts": cohorts,
            "indicators": indicators,
            "computed": computed,
            "participant_count": pilot.participants.count() if partner else None,
            "status_form": status_form,
        },
        status=status,
    )


@require_POST
def pilot_status(request, pk):
    pilot = partnered_pilot(request, pk)
    form = StatusForm(request.POST, moves=STATUS_MOVES[pilot.status])
    if form.is_valid():
        try:
            actions.set_status(pilot=pilot, status=form.cleaned_data["status"], by=request.user)
        except ValidationError as error:
            form.add_action_errors(error)
        else:
            pilot.refresh_from_db(fields=["status"])
            messages.success(
                request,
                _("The pilot is now “%(status)s”.") % {"status": pilot.get_status_display()},
            )
            return redirect("pilots:pilot", pk=pilot.pk)
    return _render_detail(request, pilot, status_form=form, status=400)


def pilot_edit(request, pk):
    pilot = partnered_pilot(request, pk)
    form = PilotForm(request.POST or None, initial=PilotForm.initial_for(pilot))
    if request.method == "POST" and form.is_valid():
        try:
            actions.edit_pilot(pilot=pilot, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_action_errors(error)
        else:
            messages.success(request, _("The pilot's basics are saved."))
            return redirect("pilots:pilot", pk=pilot.pk)
    return render(request, "pilots/pilots/edit.html", {"pilot": pilot, "form": form})


def pilot_narrative(request, pk):
    pilot = partnered_pilot(request, pk)
    form = NarrativeForm(request.POST or None, initial={"narrative": pilot.narrative})
    if request.method == "POST" and form.is_valid():
        try:
            actions.set_narrative(
                pilot=pilot, narrative=form.cleaned_data["narrative"], by=request.user
            )
        except ValidationError as error:
            form.add_action_errors(error)
        else:
            messages.success(request, _("The narrative is saved."))
            return redirect("pilots:pilot", pk=pilot.pk)
    return render(request, "pilots/pilots/narrative.html", {"pilot": pilot, "form": form})


# Partners, sites and cohorts.


def pilot_partners(request, pk):
    pilot = partnered_pilot(request, pk)
    form = PartnerForm(request.POST or None, pilot=pilot)
    if request.method == "POST" and form.is_valid():
        try:
            actions.add_partner(pilot=pilot, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_action_errors(error)
        else:
            messages.success(
                request,
                _("%(organisation)s is now a partner: its members see the pilot's participants.")
                % {"organisation": form.cleaned_data["organisation"]},
            )
            return redirect("pilots:partners", pk=pilot.pk)
    return render(
        request,
        "pilots/pilots/partners.html",
        {
            "pilot": pilot,
            "form": form,
            "partners": _partners(pilot),
            "lead_role": PartnerRole.LEAD,
        },
        status=400 if form.errors else 200,
    )


@require_POST
def partner_remove(request, pk, organisation_pk):
    pilot = partnered_pilot(request, pk)
    organisation = get_object_or_404(
        Organisation.objects.filter(pilot_partnerships__pilot=pilot), pk=organisation_pk
    )
    try:
        actions.remove_partner(pilot=pilot, organisation=organisation, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("%(organisation)s is no longer a partner.") % {"organisation": organisation},
        )
    if is_partner(pilot, request.user):
        return redirect("pilots:partners", pk=pilot.pk)
    return redirect("pilots:list")  # they removed their own organisation


def site_add(request, pk):
    pilot = partnered_pilot(request, pk)
    form = SiteForm(request.POST or None, pilot=pilot)
    if request.method == "POST" and form.is_valid():
        try:
            actions.add_site(pilot=pilot, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_action_errors(error)
        else:
            messages.success(request, _("The site is added."))
            return redirect("pilots:pilot", pk=pilot.pk)
    return render(
        request,
        "pilots/pilots/site_form.html",
        {"pilot": pilot, "form": form},
        status=400 if form.errors else 200,
    )


def cohort_add(request, pk):
    pilot = partnered_pilot(request, pk)
    form = CohortForm(request.POST or None, pilot=pilot)
    if request.method == "POST" and form.is_valid():
        try:
            actions.add_cohort(pilot=pilot, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_action_errors(error)
        else:
            messages.success(request, _("The cohort is added."))
            return redirect("pilots:pilot", pk=pilot.pk)
    return render(
        request,
        "pilots/pilots/cohort_form.html",
        {"pilot": pilot, "form": form},
        status=400 if form.errors else 200,
    )


# Indicator targets.


def _set_standard_targets(pilot, form, by):
    """Every standard target as the form says, all or nothing; an action's message lands on
    the indicator's field."""
    existing = {t.key: t for t in pilot.indicator_targets.filter(is_custom=False)}
    changed = 0
    with transaction.atomic():
        for key in STANDARD_TARGETS:
            value = form.cleaned_data.get(key)
            try:
                if value is None and key in existing:
                    actions.remove_target(pilot=pilot, key=key, by=by)
                    changed += 1
                elif value is not None and (key not in existing or existing[key].target != value):
                    actions.set_target(pilot=pilot, key=key, target=value, by=by)
                    changed += 1
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(key, message)
        if form.errors:
            transaction.set_rollback(True)
            return None
    return changed


def pilot_targets(request, pk):
    pilot = partnered_pilot(request, pk)
    standard_initial = {t.key: t.target for t in pilot.indicator_targets.filter(is_custom=False)}
    editing = request.GET.get("key") or request.POST.get("custom-key") or ""
    custom_initial = {}
    if editing:
        target = get_object_or_404(IndicatorTarget, pilot=pilot, key=editing, is_custom=True)
        custom_initial = {
            "key": target.key,
            "label": target.label,
            "unit": target.unit,
            "target": target.target,
            "actual": target.actual,
        }
    which = request.POST.get("form") if request.method == "POST" else None
    standard = StandardTargetsForm(
        request.POST if which == "standard" else None,
        initial=standard_initial,
        prefix="standard",
    )
    custom = CustomTargetForm(
        request.POST if which == "custom" else None, initial=custom_initial, prefix="custom"
    )
    if which == "standard" and standard.is_valid():
        if _set_standard_targets(pilot, standard, request.user) is not None:
            messages.success(request, _("The targets are saved."))
            return redirect("pilots:targets", pk=pilot.pk)
    elif which == "custom" and custom.is_valid():
        try:
            actions.set_target(pilot=pilot, by=request.user, **custom.cleaned_data)
        except ValidationError as error:
            custom.add_action_errors(error)
        else:
            messages.success(request, _("The custom indicator is saved."))
            return redirect("pilots:targets", pk=pilot.pk)
    indicators, _computed = indicator_rows(pilot, partner=True)
    return render(
        request,
        "pilots/pilots/targets.html",
        {
            "pilot": pilot,
            "standard": standard,
            "custom": custom,
            "editing": editing,
            "custom_targets": [row for row in indicators if row["is_custom"]],
        },
        status=400 if (standard.errors or custom.errors) else 200,
    )


@require_POST
def target_remove(request, pk, key):
    pilot = partnered_pilot(request, pk)
    try:
        actions.remove_target(pilot=pilot, key=key, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The indicator is removed."))
    return redirect("pilots:targets", pk=pilot.pk)
