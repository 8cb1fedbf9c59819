"""A pilot's participants and their outcomes: for members of its partner organisations only
(everyone else, ministries and staff included, gets 404: they read aggregates)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ..actions.achievements import display_code
from ..actions.participants import record_outcomes
from ..disaggregation import youth_of
from ..forms import CohortFilterForm, OutcomeForm
from ..models import Achievement, YouthDefinition
from .access import partnered_participant, partnered_pilot

PAGE_SIZE = 50


def participant_list(request, pk):
    pilot = partnered_pilot(request, pk)
    filters = CohortFilterForm(request.GET or None, pilot=pilot)
    participants = pilot.participants.select_related("cohort", "district").order_by("reference")
    cohort = None
    if filters.is_valid():
        cohort = filters.cleaned_data["cohort"]
        if cohort is not None:
            participants = participants.filter(cohort=cohort)
    page = Paginator(participants, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "pilots/participants/list.html",
        {
            "pilot": pilot,
            "filters": filters,
            "cohort": cohort,
            "page": page,
            "query": query.urlencode(),
        },
    )


def participant_detail(request, pk, participant_pk):
    pilot, participant = partnered_participant(request, pk, participant_pk)
    form = OutcomeForm(request.POST or None, initial=OutcomeForm.initial_for(participant))
    if request.method == "POST" and form.is_valid():
        try:
            record_outcomes(participant=participant, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_action_errors(error)
        else:
            messages.success(request, _("The outcomes are saved."))
            return redirect(participant.get_absolute_url())
    achievement = Achievement.objects.filter(participant=participant).first()
    youth = YouthDefinition.objects.filter(country=pilot.country_id).first()
    # Counted as the dashboards count it (pilots.disaggregation): the age reached in the year
    # the pilot starts, so this page and the figures never disagree about who is young.
    age = pilot.starts_on.year - participant.birth_year
    return render(
        request,
        "pilots/participants/detail.html",
        {
            "pilot": pilot,
            "participant": participant,
            "form": form,
            "age": age,
            "start_year": pilot.starts_on.year,
            "youth": youth,
            "is_young": youth is not None
            and youth_of(age, (youth.min_age, youth.max_age)) == "young",
            "achievement": achievement,
            "achievement_code": display_code(achievement.verification_code) if achievement else "",
        },
        status=400 if form.errors else 200,
    )
