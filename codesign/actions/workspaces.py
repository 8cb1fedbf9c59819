"""Workspaces: opened when an offer is accepted, joined by invitation."""

from django.db import transaction
from django.utils.text import slugify

from portal.audit.actions import record

from ..models import ActivityKind, Workspace, WorkspaceMember
from .common import add_activity

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
