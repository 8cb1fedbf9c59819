from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from portal.frameworks.models import Country, Sector
from portal.text import NameField

from .models import MembershipRole, OrganisationKind, User


class OrganisationForm(forms.Form):
    name = NameField(
        label=_("Name"),
        max_length=200,
        help_text=_("The organisation's full name, as it appears on its own documents."),
    )
    kind = forms.ChoiceField(label=_("Kind of organisation"), choices=OrganisationKind.choices)
    country = forms.ModelChoiceField(
        label=_("Country"), queryset=Country.objects.all(), empty_label=_("Choose a country")
    )
    sectors = forms.ModelMultipleChoiceField(
        label=_("Sectors"),
        queryset=Sector.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The sectors it works in, if any."),
    )
    website = forms.URLField(
        label=_("Website"),
        required=False,
        assume_scheme="https",
        help_text=_("For example https://www.example.org"),
    )


class OrganisationDetailsForm(forms.Form):
    """What an organisation's admins keep up to date themselves. Name, kind and country are
    what staff verified (the kind decides its members' roles): staff change those."""

    sectors = OrganisationForm.base_fields["sectors"]
    website = OrganisationForm.base_fields["website"]


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_("The invitation goes to this address; it works for 7 days, once."),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    role = forms.ChoiceField(
        label=_("Role"),
        choices=MembershipRole.choices,
        initial=MembershipRole.MEMBER,
        help_text=_("Admins invite people, change roles and remove members."),
    )


class RoleForm(forms.Form):
    membership = forms.IntegerField(widget=forms.HiddenInput)
    role = forms.ChoiceField(label=_("Role"), choices=MembershipRole.choices)


class ProfileForm(forms.ModelForm):
    display_name = NameField(
        label=_("Name"),
        max_length=150,
        required=False,
        help_text=_("How colleagues see you in the portal."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )

    class Meta:
        model = User
        fields = ["display_name"]


class UserAdminForm(forms.ModelForm):
    """The Django admin's form for a person: the name follows the same rule as on the portal."""

    display_name = ProfileForm.base_fields["display_name"]

    class Meta:
        model = User
        fields = ["display_name", "is_active", "is_staff", "is_superuser"]


class DirectoryFilterForm(forms.Form):
    """The GET filters of the directory of verified organisations."""

    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("Any kind")), *OrganisationKind.choices]
    )
    country = forms.ModelChoiceField(
        label=_("Country"),
        queryset=Country.objects.all(),
        required=False,
        empty_label=_("Any country"),
        to_field_name="code",
    )
    sector = forms.ModelChoiceField(
        label=_("Sector"),
        queryset=Sector.objects.all(),
        required=False,
        empty_label=_("Any sector"),
        to_field_name="key",
    )

    def filter(self, organisations):
        if not self.is_valid():
            return organisations.none()
        data = self.cleaned_data
        if data.get("kind"):
            organisations = organisations.filter(kind=data["kind"])
        if data.get("country"):
            organisations = organisations.filter(country=data["country"])
        if data.get("sector"):
            organisations = organisations.filter(sectors=data["sector"])
        return organisations


class SignupForm(AllauthSignupForm):
    """allauth's sign-up form with its honeypot made CSP-safe and labelled.

    allauth hides the honeypot with an inline style, which the Content Security Policy
    blocks; the portal hides it with a class instead (static/css/portal.css).
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        honeypot = self.fields.get(settings.ACCOUNT_SIGNUP_FORM_HONEYPOT_FIELD or "")
        if honeypot is not None:
            honeypot.label = _("Leave this field empty")
            honeypot.is_honeypot = True
            honeypot.widget.attrs = {"tabindex": "-1", "autocomplete": "off"}

    def try_save(self, request):
        """Make the account, its e-mail address and its password in one transaction (nothing
        half-made), or, for an address that already has an account, hash the password all the
        same: allauth makes nothing then, and without the hashing that answer came 10 to 30
        times sooner, telling anyone who has an account. The e-mail either way goes out after
        the request (portal.mail)."""
        if self.account_already_exists:
            make_password(self.cleaned_data.get("password1"))
        with transaction.atomic():
            return super().try_save(request)
