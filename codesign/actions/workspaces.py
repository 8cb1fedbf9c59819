"""Workspaces: opened when an offer is accepted, joined by invitation, with files shared in
private storage. The rules here hold whoever asks; the views check who may ask."""

import hashlib
import secrets
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q, Sum
from django.template.defaultfilters import filesizeformat
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.accounts.actions import check_sending_limit, has_verified_address
from portal.accounts.models import InvitationStatus, Organisation, User, hash_invitation_token
from portal.audit.actions import record
from portal.notifications.actions import notify
from portal.text import clean_name

from ..models import (
    ActivityKind,
    Workspace,
    WorkspaceFile,
    WorkspaceInvitation,
    WorkspaceMember,
    WorkspaceRole,
)
from ..models.workspaces import WORKSPACE_INVITATION_LIFETIME_DAYS, side_of
from ..uploads import FILE_MAX_BYTES, WORKSPACE_FILES_MAX_BYTES, identify
from .common import add_activity, require_lead, require_writer, seat_of

HANDLE_MAX_LENGTH = 40


def mention_handle(workspace, user):
    """What colleagues type after @ to mention this person: their name (or the first part of
    their e-mail address) as a slug, with a number added if someone in the workspace has it."""
    base = slugify(user.display_name or user.email.split("@")[0])[:HANDLE_MAX_LENGTH]
    base = base or f"member-{user.pk}"
    taken = set(
        WorkspaceMember.objects.filter(workspace=workspace, handle__startswith=base).values_list(
            "handle", flat=True
        )
    )
    handle, number = base, 2
    while handle in taken:
        handle = f"{base}-{number}"
        number += 1
    return handle


def seat(*, workspace, user, organisation, role):
    """Give a person a seat (no audit entry of its own: the calling action records)."""
    return WorkspaceMember.objects.create(
        workspace=workspace,
        user=user,
        organisation=organisation,
        role=role,
        handle=mention_handle(workspace, user),
    )


@transaction.atomic
def open_workspace(*, title, members, by, need=None, offer=None):
    """Open a workspace with its first members: `members` is a list of (user, organisation,
    role). Called when a need's owner accepts an offer, with both sides as leads."""
    workspace = Workspace.objects.create(title=title, need=need, offer=offer, created_by=by)
    for user, organisation, role in members:
        seat(workspace=workspace, user=user, organisation=organisation, role=role)
    add_activity(
        workspace=workspace, by=by, kind=ActivityKind.WORKSPACE_OPENED, subject=workspace.title
    )
    record(
        action="codesign.open_workspace",
        by=by,
        obj=workspace,
        detail={
            "need": need.pk if need else None,
            "offer": offer.pk if offer else None,
            "members": [
                {"user": user.email, "organisation": org.slug if org else "", "role": role}
                for user, org, role in members
            ],
        },
    )
    return workspace


# Invitations: the rules of an organisation's invitations (portal.accounts.actions.invite_member):
# single use, only the token's hash stored, seven days, sending limits counted from the rows.

INVITATIONS_PER_WORKSPACE_PER_DAY = 30
INVITATIONS_PER_PERSON_PER_HOUR = 10

INVITATION_PROBLEMS = {
    InvitationStatus.ACCEPTED: gettext_lazy("This invitation has already been used."),
    InvitationStatus.REVOKED: gettext_lazy(
        "This invitation was revoked by a lead of the workspace."
    ),
    InvitationStatus.EXPIRED: gettext_lazy("This invitation has expired."),
}


def _lock_workspace(workspace):
    """Serialise changes to one workspace's members, so its rules (a lead; both sides) hold
    and two people joining at once cannot take the same mention handle."""
    return Workspace.objects.select_for_update().get(pk=workspace.pk)


def _role_label(role):
    return WorkspaceRole(role).label


def _check_role(role):
    if role not in WorkspaceRole.values:
        raise ValidationError(
            {
                "role": _("Choose a role: %(roles)s.")
                % {"roles": ", ".join(map(str, WorkspaceRole.labels))}
            }
        )


def _check_invitation_limits(*, workspace, by, now):
    day, hour = timedelta(days=1), timedelta(hours=1)
    check_sending_limit(
        workspace.invitations.filter(created_at__gt=now - day),
        limit=INVITATIONS_PER_WORKSPACE_PER_DAY,
        window=day,
        message=_(
            "This workspace has sent %(limit)d invitations in the last 24 hours, the most a "
            "workspace may send in a day. The next one can go after %(when)s."
        ),
        code="workspace_invitation_limit",
    )
    check_sending_limit(
        WorkspaceInvitation.objects.filter(invited_by=by, created_at__gt=now - hour),
        limit=INVITATIONS_PER_PERSON_PER_HOUR,
        window=hour,
        message=_(
            "You have sent %(limit)d workspace invitations in the last hour, the most one "
            "person may send in an hour. You can send the next one after %(when)s."
        ),
        code="person_workspace_invitation_limit",
    )


def members_with_address(workspace, email):
    """The workspace's members who have this e-mail address (as their own, or verified)."""
    return workspace.members.filter(
        Q(user__email__iexact=email)
        | Q(user__emailaddress__email__iexact=email, user__emailaddress__verified=True)
    )


@transaction.atomic
def invite_to_workspace(*, workspace, email, role, by, base_url=None):
    """A lead invites an e-mail address, on the portal or not yet; the e-mail with the link
    goes out after commit, rendered when it is sent (send_invitation_email).

    Returns (invitation, token). Only the token's hash is stored.
    """
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError as error:
        raise ValidationError({"email": _("Enter a valid e-mail address.")}) from error
    _check_role(role)
    workspace = _lock_workspace(workspace)
    require_lead(workspace, by)
    # Serialise each inviter's invitations too, so two at once cannot both pass their limit.
    User.objects.select_for_update().get(pk=by.pk)
    now = timezone.now()
    _check_invitation_limits(workspace=workspace, by=by, now=now)
    if members_with_address(workspace, email).exists():
        raise ValidationError(
            {"email": _("%(email)s is already a member of this workspace.") % {"email": email}}
        )
    if workspace.invitations.pending().filter(email__iexact=email).exists():
        raise ValidationError(
            {
                "email": _(
                    "%(email)s already has a pending invitation to this workspace. Revoke it "
                    "first if you want to send a new one."
                )
                % {"email": email}
            }
        )
    token = secrets.token_urlsafe(32)
    invitation = WorkspaceInvitation.objects.create(
        workspace=workspace,
        email=email,
        role=role,
        token_hash=hash_invitation_token(token),
        invited_by=by,
        created_at=now,
        expires_at=now + timedelta(days=WORKSPACE_INVITATION_LIFETIME_DAYS),
    )
    add_activity(
        workspace=workspace,
        by=by,
        kind=ActivityKind.MEMBER_INVITED,
        # The role only: the address is for the leads, not yet a colleague's to read.
        subject=_role_label(role),
    )
    record(
        action="codesign.invite_to_workspace",
        by=by,
        obj=invitation,
        detail={"workspace": workspace.pk, "email": email, "role": role},
    )
    base_url = base_url or settings.WAGTAILADMIN_BASE_URL
    from .. import tasks

    transaction.on_commit(
        partial(tasks.send_workspace_invitation_email, invitation.pk, token, base_url),
        robust=True,
    )
    return invitation, token


def invitation_url(token, base_url):
    return base_url.rstrip("/") + reverse("codesign:workspace_join", kwargs={"token": token})


def send_invitation_email(*, invitation_id, token, base_url):
    """Render and send one invitation e-mail; the task calls it after the commit. Rendered when
    it is sent, so it names the workspace's organisations as they are then, and an invitation
    revoked meanwhile is not sent. Returns the number of e-mails sent."""
    invitation = (
        WorkspaceInvitation.objects.select_related("workspace", "invited_by")
        .filter(pk=invitation_id)
        .first()
    )
    if invitation is None or not invitation.is_pending:
        return 0
    workspace = invitation.workspace
    organisations = Organisation.objects.filter(
        pk__in=workspace.members.values("organisation")
    ).order_by("name")
    context = {
        "invitation": invitation,
        "workspace": workspace,
        "organisations": organisations,
        "accept_url": invitation_url(token, base_url),
        "site_name": settings.WAGTAIL_SITE_NAME,
    }
    subject = render_to_string("codesign/workspaces/email/invitation_subject.txt", context)
    message = EmailMessage(
        subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + " ".join(subject.split()),
        body=render_to_string("codesign/workspaces/email/invitation_message.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[invitation.email],
    )
    with get_connection() as connection:
        return connection.send_messages([message])


def organisations_to_speak_for(user):
    """The verified organisations a person may speak for in a workspace."""
    return Organisation.objects.verified().filter(memberships__user=user).order_by("name")


@transaction.atomic
def accept_workspace_invitation(*, invitation, user, organisation=None):
    """The invited person takes a seat with the invitation's role, speaking for one of their
    verified organisations or, with organisation=None, as an independent expert. The
    invitation is then used up, and whoever sent it hears of it."""
    invitation = WorkspaceInvitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_pending:
        raise ValidationError(INVITATION_PROBLEMS[invitation.status], code=invitation.status)
    workspace = _lock_workspace(invitation.workspace)
    if not has_verified_address(user, invitation.email):
        raise ValidationError(
            _(
                "This invitation is for %(email)s. Sign in with that address, or add it to "
                "your account and verify it, to accept."
            )
            % {"email": invitation.email},
            code="address",
        )
    if (
        organisation is not None
        and not organisations_to_speak_for(user).filter(pk=organisation.pk).exists()
    ):
        raise ValidationError(
            {
                "organisation": _(
                    "You can speak only for a verified organisation you belong to, or take "
                    "part as an independent expert."
                )
            }
        )
    if workspace.members.filter(user=user).exists():
        raise ValidationError(
            _("You are already a member of this workspace."), code="already_member"
        )
    member = seat(workspace=workspace, user=user, organisation=organisation, role=invitation.role)
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    add_activity(workspace=workspace, by=user, kind=ActivityKind.MEMBER_JOINED, subject=str(user))
    if invitation.invited_by is not None and invitation.invited_by != user:
        notify(
            recipient=invitation.invited_by,
            kind="codesign.invitation_accepted",
            subject=_("%(person)s joined “%(workspace)s”")
            % {"person": user, "workspace": workspace},
            body=_(
                "%(person)s (%(email)s) accepted your invitation and joined the workspace "
                "“%(workspace)s” as %(role)s, for %(organisation)s."
            )
            % {
                "person": user,
                "email": invitation.email,
                "workspace": workspace,
                "role": _role_label(member.role).lower(),
                "organisation": organisation or _("no organisation (an independent expert)"),
            },
            url=reverse("codesign:workspace_detail", args=[workspace.pk]),
        )
    record(
        action="codesign.accept_workspace_invitation",
        by=user,
        obj=invitation,
        detail={
            "workspace": workspace.pk,
            "role": member.role,
            "organisation": organisation.slug if organisation else "",
            "handle": member.handle,
        },
    )
    return member


@transaction.atomic
def revoke_workspace_invitation(*, invitation, by):
    invitation = WorkspaceInvitation.objects.select_for_update().get(pk=invitation.pk)
    require_lead(invitation.workspace, by)
    if not invitation.is_pending:
        raise ValidationError(
            _("The invitation of %(email)s cannot be revoked: %(problem)s")
            % {
                "email": invitation.email,
                "problem": str(INVITATION_PROBLEMS[invitation.status]).lower(),
            }
        )
    invitation.revoked_at = timezone.now()
    invitation.revoked_by = by
    invitation.save(update_fields=["revoked_at", "revoked_by"])
    record(
        action="codesign.revoke_workspace_invitation",
        by=by,
        obj=invitation,
        detail={"workspace": invitation.workspace_id, "email": invitation.email},
    )
    return invitation


# Members: the rules that hold whoever asks.

SIDE_LABELS = {
    "industry": gettext_lazy("an industry organisation"),
    "education": gettext_lazy("a university or TVET college"),
}


def _check_can_go(workspace, member):
    """Refuse when the workspace without this member would have no lead, or no member left
    from the member's side (industry, or education)."""
    others = list(workspace.members.exclude(pk=member.pk).select_related("organisation"))
    if member.role == WorkspaceRole.LEAD and not any(
        other.role == WorkspaceRole.LEAD for other in others
    ):
        raise ValidationError(
            _(
                "%(person)s is the workspace's only lead, and a workspace always keeps one. "
                "Make someone else a lead first."
            )
            % {"person": member.user},
            code="last_lead",
        )
    side = side_of(member.organisation)
    if side and not any(side_of(other.organisation) == side for other in others):
        raise ValidationError(
            _(
                "%(person)s is the only member from %(side)s. A workspace always keeps at "
                "least one member from an industry organisation and one from a university or "
                "TVET college: invite another member from %(side)s first."
            )
            % {"person": member.user, "side": SIDE_LABELS[side]},
            code="last_of_side",
        )


def _locked_member(member):
    workspace = _lock_workspace(member.workspace)
    member = WorkspaceMember.objects.select_related("user", "organisation").get(pk=member.pk)
    return workspace, member


@transaction.atomic
def change_workspace_role(*, member, role, by):
    _check_role(role)
    workspace, member = _locked_member(member)
    require_lead(workspace, by)
    if member.role == role:
        return member
    if member.role == WorkspaceRole.LEAD and not workspace.members.leads().exclude(pk=member.pk):
        raise ValidationError(
            _(
                "%(person)s is the workspace's only lead, and a workspace always keeps one. "
                "Make someone else a lead first."
            )
            % {"person": member.user},
            code="last_lead",
        )
    previous = member.role
    member.role = role
    member.save(update_fields=["role"])
    add_activity(
        workspace=workspace,
        by=by,
        kind=ActivityKind.ROLE_CHANGED,
        subject=f"{member.user}: {_role_label(role)}",
    )
    record(
        action="codesign.change_workspace_role",
        by=by,
        obj=member,
        detail={
            "workspace": workspace.pk,
            "user": member.user.email,
            "from": previous,
            "to": role,
        },
    )
    return member


def _take_seat_away(*, member, by, action, kind):
    workspace, member = _locked_member(member)
    _check_can_go(workspace, member)
    add_activity(workspace=workspace, by=by, kind=kind, subject=str(member.user))
    record(
        action=action,
        by=by,
        obj=member,
        detail={
            "workspace": workspace.pk,
            "user": member.user.email,
            "role": member.role,
            "organisation": member.organisation.slug if member.organisation else "",
        },
    )
    member.delete()


@transaction.atomic
def remove_from_workspace(*, member, by):
    require_lead(_lock_workspace(member.workspace), by)
    _take_seat_away(
        member=member,
        by=by,
        action="codesign.remove_from_workspace",
        kind=ActivityKind.MEMBER_REMOVED,
    )


@transaction.atomic
def leave_workspace(*, member):
    _take_seat_away(
        member=member,
        by=member.user,
        action="codesign.leave_workspace",
        kind=ActivityKind.MEMBER_LEFT,
    )


# Files, kept in private storage and served only to members (codesign/uploads.py says which).


def _clean_file_name(name):
    try:
        return clean_name(name, max_length=WorkspaceFile._meta.get_field("name").max_length)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from error


@transaction.atomic
def upload_workspace_file(*, workspace, upload, by):
    """Store a file a lead or co-author shares, after every limit and check has passed: its
    size, the workspace's total, its type by name and by content. Stored under a random
    name; its SHA-256 and size are recorded."""
    workspace = _lock_workspace(workspace)
    require_writer(workspace, by)
    name = _clean_file_name(upload.name)
    if upload.size > FILE_MAX_BYTES:
        raise ValidationError(
            {
                "file": _("“%(name)s” is %(size)s; a file can be at most %(limit)s.")
                % {
                    "name": name,
                    "size": filesizeformat(upload.size),
                    "limit": filesizeformat(FILE_MAX_BYTES),
                }
            }
        )
    used = workspace.files.aggregate(total=Sum("size"))["total"] or 0
    if used + upload.size > WORKSPACE_FILES_MAX_BYTES:
        raise ValidationError(
            {
                "file": _(
                    "The workspace's files take %(used)s of the %(limit)s it may hold, so "
                    "“%(name)s” (%(size)s) does not fit. Delete files that are no longer "
                    "needed first."
                )
                % {
                    "used": filesizeformat(used),
                    "limit": filesizeformat(WORKSPACE_FILES_MAX_BYTES),
                    "name": name,
                    "size": filesizeformat(upload.size),
                }
            }
        )
    try:
        content_type = identify(upload, name)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from error
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    stored = WorkspaceFile(
        workspace=workspace,
        name=name,
        content_type=content_type,
        size=upload.size,
        sha256=digest.hexdigest(),
        uploaded_by=by,
    )
    stored.file.save("upload", upload, save=False)
    try:
        stored.save()
        add_activity(workspace=workspace, by=by, kind=ActivityKind.FILE_UPLOADED, subject=name)
        record(
            action="codesign.upload_workspace_file",
            by=by,
            obj=stored,
            detail={
                "workspace": workspace.pk,
                "name": name,
                "size": stored.size,
                "sha256": stored.sha256,
                "stored_as": stored.file.name,
            },
        )
    except Exception:
        # No row, no file: the stored copy goes with the transaction.
        stored.file.storage.delete(stored.file.name)
        raise
    return stored


def may_delete_file(seat, workspace_file):
    """The uploader, while still a member, or a lead."""
    return seat is not None and (seat.can_manage or (workspace_file.uploaded_by_id == seat.user_id))


@transaction.atomic
def delete_workspace_file(*, workspace_file, by):
    workspace = _lock_workspace(workspace_file.workspace)
    workspace_file = WorkspaceFile.objects.get(pk=workspace_file.pk)
    if not may_delete_file(seat_of(workspace, by), workspace_file):
        raise ValidationError(_("Only the person who uploaded a file, or a lead, can delete it."))
    stored_as = workspace_file.file.name
    storage = workspace_file.file.storage
    add_activity(
        workspace=workspace, by=by, kind=ActivityKind.FILE_DELETED, subject=workspace_file.name
    )
    record(
        action="codesign.delete_workspace_file",
        by=by,
        obj=workspace_file,
        detail={
            "workspace": workspace.pk,
            "name": workspace_file.name,
            "size": workspace_file.size,
            "sha256": workspace_file.sha256,
            "stored_as": stored_as,
        },
    )
    workspace_file.delete()
    # The stored copy goes only once the row is gone for good.
    transaction.on_commit(partial(storage.delete, stored_as), robust=True)
