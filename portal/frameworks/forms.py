from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import QualificationFramework

MOST_HOURS = Decimal(100_000)
HUNDREDTH = Decimal("0.01")


class CreditCalculatorForm(forms.Form):
    framework = forms.ModelChoiceField(
        label=_("Qualification framework"),
        queryset=QualificationFramework.objects.select_related("country"),
        to_field_name="code",
        empty_label=_("Choose a framework"),
        error_messages={
            "required": _("Choose the qualification framework to count credits in."),
            "invalid_choice": _("Choose one of the qualification frameworks listed."),
        },
    )
    # Bounds are checked in clean_hours, one message for one mistake: the field's own
    # validators would stack "at most 100,000" and "at most two decimal places" on 1e999.
    hours = forms.DecimalField(
        label=_("Notional hours"),
        help_text=_("All the learning time: contact, self-study, assessment. For example 60."),
        # Text, not type="number": the browser would block bad input before our message shows.
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        error_messages={
            "required": _("Enter the notional hours, for example 60."),
            "invalid": _("Enter the notional hours as a number, for example 60 or 7.5."),
        },
    )
    is_core_module = forms.BooleanField(
        label=_("It is a core module of an academic qualification"),
        required=False,
    )

    def clean_hours(self):
        hours = self.cleaned_data["hours"]
        if hours < 0:
            raise ValidationError(_("Notional hours cannot be negative."), code="min_value")
        if hours > MOST_HOURS:
            raise ValidationError(_("Enter at most 100,000 notional hours."), code="max_value")
        if hours % HUNDREDTH:
            raise ValidationError(
                _("Enter the notional hours with at most two decimal places."),
                code="max_decimal_places",
            )
        # "-0" is zero: Decimal keeps its sign, and the page would show "-0 notional hours".
        return abs(hours) if hours == 0 else hours
