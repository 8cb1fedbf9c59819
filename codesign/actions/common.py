"""What the co-design actions share: the rights a workspace role gives, and the feed."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ..models import Activity, WorkspaceMember


def seat_of(workspace, user):
    """The person's seat in the workspace, or None."""
    if user is None or not user.is_authenticated:
        return None
    return WorkspaceMember.objects.filter(workspace=workspace, user=user).first()


def require_writer(workspace, user):
    seat = seat_of(workspace, user)
    if seat is None or not seat.can_write:
        raise ValidationError(
            _("Only the workspace's leads and co-authors can change its designs.")
        )
    return seat


def require_lead(workspace, user):
    seat = seat_of(workspace, user)
    if seat is None or not seat.can_manage:
        raise ValidationError(_("Only a lead of the workspace can do this."))
    return seat


def require_member(workspace, user):
    seat = seat_of(workspace, user)
    if seat is None:
        raise ValidationError(_("Only members of the workspace can do this."))
    return seat


def add_activity(*, workspace, by, kind, design=None, subject=""):
    return Activity.objects.create(
        workspace=workspace,
        actor=by if by is not None and by.is_authenticated else None,
        kind=kind,
        design=design,
        subject=str(subject)[:255],
    )
