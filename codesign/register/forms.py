"""The register's two small forms: verification (GET, public) and withdrawal (POST, for the
approving authority's admins and project staff)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..actions.register import REASON_MAX_LENGTH
from ..forms.needs import ActionForm
from .canonical import clean_fingerprint
from .verification import clean_identifier


class VerifyForm(forms.Form):
    identifier = forms.CharField(
        label=_("Identifier"),
        max_length=40,
        help_text=_("As the entry or the certificate shows it, for example MU-2026-00042."),
    )
    fingerprint = forms.CharField(
        label=_("Fingerprint"),
        max_length=100,
        help_text=_("The 64 letters and digits (0-9, a-f) of the SHA-256 fingerprint."),
    )

    def clean_identifier(self):
        identifier = clean_identifier(self.cleaned_data["identifier"])
        if not identifier:
            raise forms.ValidationError(
                _("An identifier is two letters, a year and a number, such as MU-2026-00042.")
            )
        return identifier

    def clean_fingerprint(self):
        given = clean_fingerprint(self.cleaned_data["fingerprint"])
        if not given:
            raise forms.ValidationError(
                _("A fingerprint is 64 letters and digits, 0-9 and a-f; check it is complete.")
            )
        return given


class WithdrawForm(ActionForm):
    reason = forms.CharField(
        label=_("Reason for withdrawing it"),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The register shows it to everyone, and its owners are told."),
    )
