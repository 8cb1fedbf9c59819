"""Who sees which pilot, for the pilot, participant and achievement pages.

Each helper answers 404 to anyone the rules do not name: a signed-in stranger, an anonymous
visitor, and (for participant-level pages and every change) a ministry official, a quality
authority or staff, who read a pilot's aggregates only.
"""

from django.shortcuts import get_object_or_404

from ..models import Participant, Pilot
from ..models.pilots import aggregate_reader_organisations


def visible_pilot(request, pk):
    """A pilot whose aggregates the person may read: partners, the ministries and quality
    authorities of its country, staff."""
    return get_object_or_404(
        Pilot.objects.aggregates_visible_to(request.user).select_related(
            "register_entry", "lead_organisation", "country", "sector"
        ),
        pk=pk,
    )


def partnered_pilot(request, pk):
    """A pilot one of the person's verified organisations is a partner in: its participants
    and every change to it."""
    return get_object_or_404(
        Pilot.objects.partnered_by(request.user).select_related(
            "register_entry", "lead_organisation", "country", "sector"
        ),
        pk=pk,
    )


def partnered_participant(request, pk, participant_pk):
    pilot = partnered_pilot(request, pk)
    participant = get_object_or_404(
        Participant.objects.select_related("cohort", "cohort__site", "district"),
        pk=participant_pk,
        pilot=pilot,
    )
    return pilot, participant


def may_see_across(user):
    """Who may open the dashboard across pilots: staff, members of a verified ministry or
    quality authority, and anyone who may read some pilot's aggregates (its partners)."""
    if not user.is_authenticated:
        return False
    if user.is_staff:
        return True
    if aggregate_reader_organisations(user).exists():
        return True
    return Pilot.objects.aggregates_visible_to(user).exists()
