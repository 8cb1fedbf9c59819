"""Django admin for staff housekeeping.

People sign up through allauth and organisations are registered on the portal, so neither is
added here. What changes state with a rule goes through portal.accounts.actions (audited);
everything else is read-only.
"""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from . import actions
from .forms import UserAdminForm
from .models import Invitation, Membership, Organisation, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    can_delete = False
    fields = ["user", "organisation", "role", "created_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    form = UserAdminForm
    list_display = ["email", "display_name", "is_active", "is_staff", "last_login"]
    list_filter = ["is_active", "is_staff", "is_superuser"]
    search_fields = ["email", "display_name", "first_name", "last_name"]
    fields = [
        "email",
        "display_name",
        "is_active",
        "is_staff",
        "is_superuser",
        "last_login",
        "date_joined",
    ]
    readonly_fields = ["email", "last_login", "date_joined"]
    inlines = [MembershipInline]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        # Deleting a person could leave an organisation without an admin: deactivate instead.
        return False

    def save_model(self, request, obj, form, change):
        try:
            actions.update_user_access(
                user=obj,
                by=request.user,
                is_active=form.cleaned_data["is_active"],
                is_staff=form.cleaned_data["is_staff"],
                is_superuser=form.cleaned_data["is_superuser"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return
        actions.update_profile(
            user=obj, display_name=form.cleaned_data["display_name"], by=request.user
        )


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "country", "verified_at", "created_at"]
    list_filter = ["kind", "country", ("verified_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "slug"]
    fields = [
        "name",
        "slug",
        "kind",
        "country",
        "sectors",
        "website",
        "created_at",
        "created_by",
        "verified_at",
        "verified_by",
    ]
    readonly_fields = fields
    inlines = [MembershipInline]
    actions = ["verify", "unverify"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Verify the selected organisations"))
    def verify(self, request, queryset):
        self._decide(
            request, queryset, actions.verify_organisation, _("%(organisations)s: verified.")
        )

    @admin.action(description=_("Withdraw verification of the selected organisations"))
    def unverify(self, request, queryset):
        self._decide(
            request,
            queryset,
            actions.unverify_organisation,
            _("%(organisations)s: no longer verified."),
        )

    def _decide(self, request, queryset, action, outcome):
        """Apply `action` to each organisation; `outcome` says what became of those it
        changed (%(organisations)s: their names)."""
        done = []
        for organisation in queryset:
            try:
                action(organisation=organisation, by=request.user)
            except ValidationError as error:
                messages.warning(request, " ".join(error.messages))
            else:
                done.append(organisation.name)
        if done:
            messages.success(request, outcome % {"organisations": ", ".join(done)})


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "organisation", "role", "created_at", "expires_at", "status"]
    list_filter = ["role"]
    search_fields = ["email", "organisation__name"]
    fields = [
        "organisation",
        "email",
        "role",
        "invited_by",
        "created_at",
        "expires_at",
        "accepted_at",
        "accepted_by",
        "revoked_at",
        "revoked_by",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
