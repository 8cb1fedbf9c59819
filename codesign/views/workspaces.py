"""The workspace pages: the list, the overview and its activity feed, members and invitations,
files, and the link in an invitation e-mail.

Private: to anyone who is not a member every page answers 404, for anonymous visitors and
signed-in strangers alike, and so do ids in forms that belong to another workspace. Project
staff read (overview, activity, members, files) but never change anything.
"""

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from portal.accounts.actions import has_verified_address
from portal.accounts.models import InvitationStatus
from portal.accounts.views import sign_in_links

from ..actions import workspaces as actions
from ..actions.common import seat_of
from ..forms.workspaces import FileForm, InvitationForm, JoinForm, RoleForm
from ..models import Workspace, WorkspaceInvitation, WorkspaceMember
from ..uploads import FILE_MAX_BYTES, STATED_EXTENSIONS, WORKSPACE_FILES_MAX_BYTES

LIST_PAGE_SIZE = 30
ACTIVITY_PAGE_SIZE = 50
# The overview shows the newest lines and files; the rest are a click away.
OVERVIEW_ACTIVITY_LINES = 15
OVERVIEW_FILES = 10


# Access checks: each answers 404 to anyone the rules do not name.


def _readable(request, pk):
    """The workspace and the person's seat in it; project staff read with no seat (None)."""
    workspace = get_object_or_404(
        Workspace.objects.visible_to(request.user).select_related("need"), pk=pk
    )
    return workspace, seat_of(workspace, request.user)


def _seat(request, pk, *, lead=False):
    """The signed-in person's own seat in the workspace: changing anything takes one."""
    if not request.user.is_authenticated:
        raise Http404
    seat = get_object_or_404(
        WorkspaceMember.objects.select_related("workspace", "user", "organisation"),
        workspace_id=pk,
        user=request.user,
    )
    if lead and not seat.can_manage:
        raise Http404
    return seat


def _id_from_post(request, name):
    # A forged or malformed id is treated like one that belongs to another workspace: 404.
    value = request.POST.get(name, "")
    if not value.isdigit():
        raise Http404
    return int(value)


def _add_errors(form, error):
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            for item in errors:
                form.add_error(field if field in form.fields else None, item)
    else:
        for message in error.messages:
            form.add_error(None, message)


def _error_message(error):
    return " ".join(error.messages)


def _members(workspace):
    return workspace.members.select_related("user", "organisation", "organisation__country")


# The list and the overview.


@login_required
def workspace_list(request):
    workspaces = Workspace.objects.visible_to(request.user).with_summary()
    mine = set(
        WorkspaceMember.objects.filter(user=request.user).values_list("workspace", flat=True)
    )
    page = Paginator(
        workspaces.order_by("-last_activity_at", "-created_at", "-pk"), LIST_PAGE_SIZE
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "codesign/workspaces/list.html",
        {
            "page": page,
            "rows": [(workspace, workspace.pk in mine) for workspace in page.object_list],
        },
    )


def workspace_detail(request, pk):
    workspace, seat = _readable(request, pk)
    invitations = []
    if seat is not None and seat.can_manage:
        invitations = workspace.invitations.pending().select_related("invited_by")
    files = list(workspace.files.select_related("uploaded_by")[: OVERVIEW_FILES + 1])
    activities = list(
        workspace.activities.select_related("actor", "design")[: OVERVIEW_ACTIVITY_LINES + 1]
    )
    return render(
        request,
        "codesign/workspaces/detail.html",
        {
            "workspace": workspace,
            "seat": seat,
            "designs": workspace.designs.select_related("framework", "level").order_by(
                "-updated_at", "-pk"
            ),
            "members": _members(workspace),
            "invitations": invitations,
            "files": files[:OVERVIEW_FILES],
            "more_files": len(files) > OVERVIEW_FILES,
            "activities": activities[:OVERVIEW_ACTIVITY_LINES],
            "more_activity": len(activities) > OVERVIEW_ACTIVITY_LINES,
        },
    )


def workspace_activity(request, pk):
    workspace, seat = _readable(request, pk)
    page = Paginator(
        workspace.activities.select_related("actor", "design"), ACTIVITY_PAGE_SIZE
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "codesign/workspaces/activity.html",
        {"workspace": workspace, "seat": seat, "page": page},
    )


# Members and invitations.


def workspace_members(request, pk):
    workspace, seat = _readable(request, pk)
    members = list(_members(workspace))
    invitations = []
    if seat is not None and seat.can_manage:
        invitations = workspace.invitations.pending().select_related("invited_by")
    return render(
        request,
        "codesign/workspaces/members.html",
        {
            "workspace": workspace,
            "seat": seat,
            "members": [
                (member, RoleForm(initial={"member": member.pk, "role": member.role}))
                for member in members
            ],
            "invitations": invitations,
        },
    )


def workspace_invite(request, pk):
    seat = _seat(request, pk, lead=True)
    workspace = seat.workspace
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation, _token = actions.invite_to_workspace(
                workspace=workspace,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                by=request.user,
                base_url=request.build_absolute_uri("/"),
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                _("An invitation is on its way to %(email)s. It works for 7 days, once.")
                % {"email": invitation.email},
            )
            return redirect("codesign:workspace_members", pk=workspace.pk)
    return render(
        request,
        "codesign/workspaces/invite.html",
        {
            "workspace": workspace,
            "form": form,
            "per_workspace_per_day": actions.INVITATIONS_PER_WORKSPACE_PER_DAY,
            "per_person_per_hour": actions.INVITATIONS_PER_PERSON_PER_HOUR,
        },
    )


@require_POST
def invitation_revoke(request, pk):
    seat = _seat(request, pk, lead=True)
    invitation = get_object_or_404(
        seat.workspace.invitations, pk=_id_from_post(request, "invitation")
    )
    try:
        actions.revoke_workspace_invitation(invitation=invitation, by=request.user)
    except ValidationError as error:
        messages.error(request, _error_message(error))
    else:
        messages.success(
            request, _("The invitation of %(email)s is revoked.") % {"email": invitation.email}
        )
    return redirect("codesign:workspace_members", pk=pk)


def _member_from_post(request, seat):
    return get_object_or_404(
        WorkspaceMember.objects.select_related("user", "organisation"),
        workspace=seat.workspace,
        pk=_id_from_post(request, "member"),
    )


@require_POST
def member_change_role(request, pk):
    seat = _seat(request, pk, lead=True)
    member = _member_from_post(request, seat)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a role for %(person)s.") % {"person": member.user})
    else:
        try:
            member = actions.change_workspace_role(
                member=member, role=form.cleaned_data["role"], by=request.user
            )
        except ValidationError as error:
            messages.error(request, _error_message(error))
        else:
            messages.success(
                request,
                _("%(person)s is now: %(role)s.")
                % {"person": member.user, "role": member.get_role_display()},
            )
    return redirect("codesign:workspace_members", pk=pk)


@require_POST
def member_remove(request, pk):
    seat = _seat(request, pk, lead=True)
    member = _member_from_post(request, seat)
    if request.POST.get("confirm") != "yes":
        # Taking a seat away cannot be undone from here: ask once, without JavaScript.
        return render(
            request,
            "codesign/workspaces/member_remove_confirm.html",
            {"workspace": seat.workspace, "member": member},
        )
    try:
        actions.remove_from_workspace(member=member, by=request.user)
    except ValidationError as error:
        messages.error(request, _error_message(error))
        return redirect("codesign:workspace_members", pk=pk)
    messages.success(
        request,
        _("%(person)s is no longer a member of this workspace.") % {"person": member.user},
    )
    if member.user == request.user:
        return redirect("codesign:workspace_list")
    return redirect("codesign:workspace_members", pk=pk)


@require_POST
def workspace_leave(request, pk):
    seat = _seat(request, pk)
    if request.POST.get("confirm") != "yes":
        return render(
            request,
            "codesign/workspaces/leave_confirm.html",
            {"workspace": seat.workspace, "seat": seat},
        )
    try:
        actions.leave_workspace(member=seat)
    except ValidationError as error:
        messages.error(request, _error_message(error))
        return redirect("codesign:workspace_members", pk=pk)
    messages.success(request, _("You have left “%(workspace)s”.") % {"workspace": seat.workspace})
    return redirect("codesign:workspace_list")


# Files.


def _file_limits():
    return {
        "file_max_bytes": FILE_MAX_BYTES,
        "workspace_files_max_bytes": WORKSPACE_FILES_MAX_BYTES,
        "accepted_types": STATED_EXTENSIONS,
    }


def _files_page(request, workspace, seat, form):
    files = list(workspace.files.select_related("uploaded_by"))
    return render(
        request,
        "codesign/workspaces/files.html",
        {
            "workspace": workspace,
            "seat": seat,
            "form": form,
            "files": [
                (workspace_file, actions.may_delete_file(seat, workspace_file))
                for workspace_file in files
            ],
            "used_bytes": sum(workspace_file.size for workspace_file in files),
            **_file_limits(),
        },
    )


@require_GET
def workspace_files(request, pk):
    workspace, seat = _readable(request, pk)
    form = FileForm() if seat is not None and seat.can_write else None
    return _files_page(request, workspace, seat, form)


@require_POST
def file_upload(request, pk):
    seat = _seat(request, pk)
    form = FileForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            stored = actions.upload_workspace_file(
                workspace=seat.workspace, upload=form.cleaned_data["file"], by=request.user
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("“%(name)s” is uploaded.") % {"name": stored.name})
            return redirect("codesign:workspace_files", pk=pk)
    return _files_page(request, seat.workspace, seat, form)


def attachment_disposition(name):
    """Content-Disposition for a download: an ASCII fallback name for old clients, and the
    real name, percent-encoded as RFC 5987 says, for the rest. Nothing in it can end the
    header or the quoted string."""
    fallback = "".join(
        character if " " <= character <= "~" and character not in '"\\%;' else "_"
        for character in name
    )
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


@require_GET
def file_download(request, pk, file_pk):
    workspace, _seat_or_none = _readable(request, pk)
    workspace_file = get_object_or_404(workspace.files, pk=file_pk)
    response = FileResponse(
        workspace_file.file.open("rb"), content_type=workspace_file.content_type
    )
    response["Content-Length"] = str(workspace_file.size)
    response["Content-Disposition"] = attachment_disposition(workspace_file.name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
def file_delete(request, pk):
    seat = _seat(request, pk)
    workspace_file = get_object_or_404(
        seat.workspace.files.select_related("uploaded_by"), pk=_id_from_post(request, "file")
    )
    if request.POST.get("confirm") != "yes":
        return render(
            request,
            "codesign/workspaces/file_delete_confirm.html",
            {"workspace": seat.workspace, "workspace_file": workspace_file},
        )
    try:
        actions.delete_workspace_file(workspace_file=workspace_file, by=request.user)
    except ValidationError as error:
        messages.error(request, _error_message(error))
    else:
        messages.success(request, _("“%(name)s” is deleted.") % {"name": workspace_file.name})
    return redirect("codesign:workspace_files", pk=pk)


# The link in an invitation e-mail.

JOIN_PROBLEM_TITLES = {
    "unknown": gettext_lazy("This invitation link is not valid"),
    InvitationStatus.ACCEPTED: gettext_lazy("This invitation has already been used"),
    InvitationStatus.REVOKED: gettext_lazy("This invitation was revoked"),
    InvitationStatus.EXPIRED: gettext_lazy("This invitation has expired"),
}


def _join_problem(request, problem, invitation=None):
    # Unknown: no such link (404). Used, revoked, expired: gone for good (410). The page
    # names no workspace: a link that no longer works opens nothing, not even a title.
    return render(
        request,
        "codesign/workspaces/join_problem.html",
        {"problem": str(problem), "title": JOIN_PROBLEM_TITLES[problem], "invitation": invitation},
        status=404 if problem == "unknown" else 410,
    )


def workspace_join(request, token):
    invitation = (
        WorkspaceInvitation.objects.with_token(token)
        .select_related("workspace", "invited_by")
        .first()
    )
    if invitation is None:
        return _join_problem(request, "unknown")
    if not invitation.is_pending:
        return _join_problem(request, invitation.status, invitation)
    workspace = invitation.workspace
    context = {
        "invitation": invitation,
        "workspace": workspace,
        "organisations": workspace.member_organisations(),
    }
    if not request.user.is_authenticated:
        return render(
            request, "codesign/workspaces/join_anonymous.html", context | sign_in_links(request)
        )
    if workspace.members.filter(user=request.user).exists():
        messages.info(request, _("You are already a member of this workspace."))
        return redirect("codesign:workspace_detail", pk=workspace.pk)
    context["address_matches"] = has_verified_address(request.user, invitation.email)
    form = JoinForm(
        request.POST if request.method == "POST" else None,
        organisations=actions.organisations_to_speak_for(request.user),
    )
    if request.method == "POST" and context["address_matches"] and form.is_valid():
        try:
            member = actions.accept_workspace_invitation(
                invitation=invitation,
                user=request.user,
                organisation=form.cleaned_data["organisation"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                _("Welcome to “%(workspace)s”. Your role: %(role)s.")
                % {"workspace": workspace, "role": member.get_role_display()},
            )
            return redirect("codesign:workspace_detail", pk=workspace.pk)
    return render(request, "codesign/workspaces/join.html", context | {"form": form})
