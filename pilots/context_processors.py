"""The "Pilots" navigation link, for signed-in people with at least one pilot open to them
(partners, the ministries and quality authorities of a pilot's country, staff). Asked only
when a template reads it."""

from django.utils.functional import SimpleLazyObject


def _has_visible_pilot(user):
    from .models import Pilot

    if user is None or not user.is_authenticated:
        return False
    return Pilot.objects.aggregates_visible_to(user).exists()


def pilots_navigation(request):
    user = getattr(request, "user", None)
    return {"show_pilots_link": SimpleLazyObject(lambda: _has_visible_pilot(user))}
