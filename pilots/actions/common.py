"""What the pilots actions share: who may change a pilot."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from portal.accounts.models import Membership

from ..models import Pilot


def is_partner(pilot, user):
    """Whether the person belongs to one of the pilot's verified partner organisations: they
    see its participants and change its data."""
    if user is None or not user.is_authenticated:
        return False
    return Pilot.objects.partnered_by(user).filter(pk=pilot.pk).exists()


def require_partner(pilot, user):
    if not is_partner(pilot, user):
        raise ValidationError(_("Only members of the pilot's partner organisations can change it."))


def is_member(organisation, user):
    if user is None or not user.is_authenticated or organisation is None:
        return False
    return Membership.objects.filter(organisation=organisation, user=user).exists()


def lock_pilot(pilot):
    """Serialise changes to one pilot (its partners, sites, cohorts, targets, participants)."""
    return Pilot.objects.select_for_update(of=("self",)).get(pk=pilot.pk)


def plain(value):
    """A value as an audit entry stores it."""
    return str(getattr(value, "pk", value)) if value is not None else None
