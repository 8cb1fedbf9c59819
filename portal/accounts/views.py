from allauth.account import app_settings as allauth_account_settings
from allauth.account.models import EmailAddress
from allauth.account.views import ConfirmEmailView as AllauthConfirmEmailView
from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from portal.notifications.actions import frequency_for
from portal.notifications.models import Frequency

from . import actions
from .forms import (
    DirectoryFilterForm,
    InvitationForm,
    OrganisationDetailsForm,
    OrganisationForm,
    ProfileForm,
    RoleForm,
)
from .models import Invitation, InvitationStatus, Membership, MembershipRole, Organisation, Role

DIRECTORY_PAGE_SIZE = 30


# Access checks: each answers 404 to anyone the rules do not name.


def _visible_organisation(request, slug):
    """Verified organisations are public; an unverified one only to its members and staff."""
    organisation = get_object_or_404(
        Organisation.objects.select_related("country", "verified_by"), slug=slug
    )
    if organisation.is_verified or _is_staff(request.user):
        return organisation
    if organisation.memberships.filter(user__pk=request.user.pk).exists():
        return organisation
    raise Http404


def _membership(request, slug):
    """The signed-in person's own membership of the organisation, or 404."""
    if not request.user.is_authenticated:
        raise Http404
    return get_object_or_404(
        Membership.objects.select_related("organisation", "organisation__country"),
        organisation__slug=slug,
        user=request.user,
    )


def _administered_organisation(request, slug):
    membership = _membership(request, slug)
    if not membership.is_admin:
        raise Http404
    return membership.organisation


def _is_staff(user):
    return user.is_authenticated and Role.STAFF in user.roles


def _id_from_post(request, name):
    # A forged or malformed id is treated like one that belongs to someone else: 404.
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


def sign_in_links(request):
    """Links to sign in or create an account that bring the visitor back to this page: for a
    link opened from an e-mail before signing in (invitations to organisations and to
    workspaces). The page shows them with accounts/includes/sign_in_or_up.html."""
    here = urlencode({"next": request.get_full_path()})
    return {
        "login_url": reverse("account_login") + "?" + here,
        "signup_url": reverse("account_signup") + "?" + here,
    }


# The person's own page.


@login_required
def profile(request):
    if request.method == "POST":
        form = ProfileForm(request.POST, instance=request.user)
        if form.is_valid():
            actions.update_profile(
                user=request.user, display_name=form.cleaned_data["display_name"]
            )
            messages.success(request, _("Your name is saved."))
            return redirect("accounts:profile")
    else:
        form = ProfileForm(instance=request.user)
    memberships = request.user.memberships.select_related(
        "organisation", "organisation__country"
    ).order_by("organisation__name")
    return render(
        request,
        "accounts/profile.html",
        {
            "form": form,
            "email_addresses": EmailAddress.objects.filter(user=request.user).order_by(
                "-primary", "email"
            ),
            "memberships": memberships,
            "two_factor_on": is_mfa_enabled(request.user),
            "two_factor_required": request.user.requires_two_factor,
            "role_labels": sorted(Role(role).label for role in request.user.roles),
            "notice_frequency": Frequency(frequency_for(request.user)).label,
        },
    )


# Organisations.


def organisation_list(request):
    memberships = []
    if request.user.is_authenticated:
        memberships = request.user.memberships.select_related(
            "organisation", "organisation__country"
        ).order_by("organisation__name")
    filters = DirectoryFilterForm(request.GET or None)
    directory = (
        Organisation.objects.verified()
        .select_related("country")
        .prefetch_related("sectors")
        .order_by("name")
    )
    if filters.is_bound:
        directory = filters.filter(directory)
    page = Paginator(directory, DIRECTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "accounts/organisation_list.html",
        {
            "memberships": memberships,
            "filters": filters,
            "page": page,
            "query": query.urlencode(),
        },
    )


@login_required
def organisation_register(request):
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = actions.register_organisation(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "%(organisation)s is registered and you are its admin. Project staff will "
                    "verify it; until then it is not in the directory."
                )
                % {"organisation": organisation},
            )
            return redirect("accounts:organisation_detail", slug=organisation.slug)
    return render(request, "accounts/organisation_register.html", {"form": form})


def organisation_detail(request, slug):
    organisation = _visible_organisation(request, slug)
    membership = None
    if request.user.is_authenticated:
        membership = organisation.memberships.filter(user=request.user).first()
    return render(
        request,
        "accounts/organisation_detail.html",
        {
            "organisation": organisation,
            "sectors": organisation.sectors.all(),
            "membership": membership,
            "member_count": organisation.memberships.count(),
        },
    )


def organisation_members(request, slug):
    membership = _membership(request, slug)
    organisation = membership.organisation
    members = list(organisation.memberships.select_related("user").order_by("user__email"))
    admins = [member for member in members if member.is_admin]
    invitations = []
    if membership.is_admin:
        invitations = organisation.invitations.pending().select_related("invited_by")
    return render(
        request,
        "accounts/organisation_members.html",
        {
            "organisation": organisation,
            "membership": membership,
            "members": [
                (member, RoleForm(initial={"membership": member.pk, "role": member.role}))
                for member in members
            ],
            "invitations": invitations,
            # The last admin can be neither removed, demoted nor leave: offer no such button.
            "only_admin": admins[0] if len(admins) == 1 else None,
        },
    )


def organisation_edit(request, slug):
    organisation = _administered_organisation(request, slug)
    form = OrganisationDetailsForm(
        request.POST or None,
        initial={"sectors": organisation.sectors.all(), "website": organisation.website},
    )
    if request.method == "POST" and form.is_valid():
        actions.update_organisation_details(
            organisation=organisation,
            sectors=form.cleaned_data["sectors"],
            website=form.cleaned_data["website"],
            by=request.user,
        )
        messages.success(
            request, _("%(organisation)s's details are saved.") % {"organisation": organisation}
        )
        return redirect("accounts:organisation_detail", slug=organisation.slug)
    return render(
        request, "accounts/organisation_edit.html", {"organisation": organisation, "form": form}
    )


def organisation_invite(request, slug):
    organisation = _administered_organisation(request, slug)
    context = {
        "organisation": organisation,
        "per_organisation_per_day": actions.INVITATIONS_PER_ORGANISATION_PER_DAY,
        "per_person_per_hour": actions.INVITATIONS_PER_PERSON_PER_HOUR,
    }
    if not organisation.is_verified:
        # No form to fill in for nothing: the page says why (invite_member refuses anyway).
        return render(request, "accounts/organisation_invite.html", context)
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation, _token = actions.invite_member(
                organisation=organisation,
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
                _("An invitation is on its way to %(email)s. It works for 7 days.")
                % {"email": invitation.email},
            )
            return redirect("accounts:organisation_members", slug=organisation.slug)
    return render(request, "accounts/organisation_invite.html", context | {"form": form})


@require_POST
def member_change_role(request, slug):
    organisation = _administered_organisation(request, slug)
    membership = get_object_or_404(
        organisation.memberships.select_related("user"), pk=_id_from_post(request, "membership")
    )
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a role for %(person)s.") % {"person": membership.user})
    else:
        try:
            actions.change_role(
                membership=membership, role=form.cleaned_data["role"], by=request.user
            )
        except ValidationError as error:
            messages.error(request, _error_message(error))
        else:
            membership.refresh_from_db()
            messages.success(
                request,
                _("%(person)s is now: %(role)s.")
                % {"person": membership.user, "role": membership.get_role_display()},
            )
    if not organisation.memberships.filter(user=request.user, role=MembershipRole.ADMIN).exists():
        # They gave up their own admin role: the members page is still theirs to read.
        return redirect("accounts:organisation_detail", slug=organisation.slug)
    return redirect("accounts:organisation_members", slug=organisation.slug)


@require_POST
def member_remove(request, slug):
    organisation = _administered_organisation(request, slug)
    membership = get_object_or_404(
        organisation.memberships.select_related("user"), pk=_id_from_post(request, "membership")
    )
    if request.POST.get("confirm") != "yes":
        # Removing someone cannot be undone from here: ask once, without JavaScript.
        return render(
            request,
            "accounts/member_remove_confirm.html",
            {"organisation": organisation, "membership": membership},
        )
    try:
        actions.remove_member(membership=membership, by=request.user)
    except ValidationError as error:
        messages.error(request, _error_message(error))
    else:
        messages.success(
            request,
            _("%(person)s is no longer a member of %(organisation)s.")
            % {"person": membership.user, "organisation": organisation},
        )
        if membership.user == request.user:
            return redirect("accounts:organisation_list")
    return redirect("accounts:organisation_members", slug=organisation.slug)


@require_POST
def invitation_revoke(request, slug):
    organisation = _administered_organisation(request, slug)
    invitation = get_object_or_404(
        organisation.invitations, pk=_id_from_post(request, "invitation")
    )
    try:
        actions.revoke_invitation(invitation=invitation, by=request.user)
    except ValidationError as error:
        messages.error(request, _error_message(error))
    else:
        messages.success(
            request, _("The invitation of %(email)s is revoked.") % {"email": invitation.email}
        )
    return redirect("accounts:organisation_members", slug=organisation.slug)


@require_POST
def organisation_leave(request, slug):
    membership = _membership(request, slug)
    try:
        actions.leave_organisation(membership=membership)
    except ValidationError as error:
        messages.error(request, _error_message(error))
        return redirect("accounts:organisation_members", slug=slug)
    messages.success(
        request, _("You have left %(organisation)s.") % {"organisation": membership.organisation}
    )
    return redirect("accounts:organisation_list")


# Invitations, from the link in the e-mail.

INVITATION_PROBLEM_TITLES = {
    "unknown": gettext_lazy("This invitation link is not valid"),
    InvitationStatus.ACCEPTED: gettext_lazy("This invitation has already been used"),
    InvitationStatus.REVOKED: gettext_lazy("This invitation was revoked"),
    InvitationStatus.EXPIRED: gettext_lazy("This invitation has expired"),
    "unverified": gettext_lazy("This invitation cannot be accepted at the moment"),
}
# Unknown: no such link. Unverified: it may work again (409, a conflict with the present
# state). Used, revoked, expired: gone for good (410).
INVITATION_PROBLEM_STATUS = {"unknown": 404, "unverified": 409}


def _invitation_problem(request, problem, invitation=None):
    return render(
        request,
        "accounts/invitation_problem.html",
        {
            "problem": str(problem),
            "title": INVITATION_PROBLEM_TITLES[problem],
            "invitation": invitation,
        },
        status=INVITATION_PROBLEM_STATUS.get(problem, 410),
    )


def invitation(request, token):
    invitation = (
        Invitation.objects.with_token(token)
        .select_related("organisation", "organisation__country", "invited_by")
        .first()
    )
    if invitation is None:
        return _invitation_problem(request, "unknown")
    if not invitation.is_pending:
        return _invitation_problem(request, invitation.status, invitation)
    if not invitation.organisation.is_verified:
        return _invitation_problem(request, "unverified", invitation)
    context = {"invitation": invitation, "organisation": invitation.organisation}
    if not request.user.is_authenticated:
        context |= sign_in_links(request)
        return render(request, "accounts/invitation_anonymous.html", context)
    context["address_matches"] = actions.has_verified_address(request.user, invitation.email)
    if request.method == "POST" and context["address_matches"]:
        try:
            membership = actions.accept_invitation(invitation=invitation, user=request.user)
        except ValidationError as error:
            context["error"] = _error_message(error)
        else:
            messages.success(
                request,
                _("Welcome to %(organisation)s. Your role: %(role)s.")
                % {
                    "organisation": membership.organisation,
                    "role": membership.get_role_display(),
                },
            )
            return redirect("accounts:organisation_detail", slug=membership.organisation.slug)
    return render(request, "accounts/invitation_accept.html", context)


# Project staff: verifying organisations.


def staff_organisations(request):
    if not _is_staff(request.user):
        raise Http404
    if request.method == "POST":
        organisation = get_object_or_404(Organisation, pk=_id_from_post(request, "organisation"))
        try:
            if request.POST.get("decision") == "verify":
                actions.verify_organisation(organisation=organisation, by=request.user)
                messages.success(
                    request, _("%(organisation)s is verified.") % {"organisation": organisation}
                )
            elif request.POST.get("decision") == "unverify":
                actions.unverify_organisation(organisation=organisation, by=request.user)
                messages.success(
                    request,
                    _("%(organisation)s is no longer verified.") % {"organisation": organisation},
                )
            else:
                messages.error(request, _("Choose whether to verify or un-verify."))
        except ValidationError as error:
            messages.error(request, _error_message(error))
        return redirect("accounts:staff_organisations")
    base = Organisation.objects.select_related("country", "created_by", "verified_by")
    return render(
        request,
        "accounts/staff_organisations.html",
        {
            "waiting": base.unverified().order_by("created_at"),
            "verified": base.verified().order_by("-verified_at")[:50],
        },
    )


# The e-mail confirmation link.


def _confirmation_link_problem(key):
    """Why allauth found no unconfirmed address for this key: "confirmed" (the link was used,
    or the address confirmed another way), "expired" or "invalid". Keys are allauth's signed
    address ids (ACCOUNT_EMAIL_CONFIRMATION_HMAC, its default)."""
    salt = allauth_account_settings.SALT
    max_age = 60 * 60 * 24 * allauth_account_settings.EMAIL_CONFIRMATION_EXPIRE_DAYS
    try:
        address_id, expired = signing.loads(key, salt=salt, max_age=max_age), False
    except signing.SignatureExpired:
        address_id, expired = signing.loads(key, salt=salt), True
    except signing.BadSignature:
        return "invalid"
    if EmailAddress.objects.filter(pk=address_id, verified=True).exists():
        return "confirmed"
    return "expired" if expired else "invalid"


CONFIRMATION_HEADINGS = {
    None: gettext_lazy("Confirm your e-mail address"),
    "confirmed": gettext_lazy("Your address is confirmed"),
    "expired": gettext_lazy("This confirmation link has expired"),
    "invalid": gettext_lazy("This confirmation link is not valid"),
}


class ConfirmEmailView(AllauthConfirmEmailView):
    """allauth's confirmation page, telling a used link from an expired or a broken one."""

    def post(self, *args, **kwargs):
        try:
            return super().post(*args, **kwargs)
        except Http404:
            # The form sent twice, or from a page left open: say what became of the link.
            return self.get(*args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if not self.object:
            context["link_problem"] = _confirmation_link_problem(self.kwargs["key"])
        context["heading"] = CONFIRMATION_HEADINGS[context.get("link_problem")]
        return context


confirm_email = ConfirmEmailView.as_view()
