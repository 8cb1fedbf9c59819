from decimal import Decimal

from django import forms

from .models import QualificationFramework


class CreditCalculatorForm(forms.Form):
    framework = forms.ModelChoiceField(
        label="Qualification framework",
        queryset=QualificationFramework.objects.select_related("country"),
        to_field_name="code",
        empty_label="Choose a framework",
        error_messages={
            "required": "Choose the qualification framework to count credits in.",
            "invalid_choice": "Choose one of the qualification frameworks listed.",
        },
    )
    hours = forms.DecimalField(
        label="Notional hours",
        help_text="All the learning time: contact, self-study, assessment. For example 60.",
        min_value=Decimal(0),
        max_value=Decimal(100_000),
        max_digits=8,
        decimal_places=2,
        # Text, not type="number": the browser would block bad input before our message shows.
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        error_messages={
            "required": "Enter the notional hours, for example 60.",
            "invalid": "Enter the notional hours as a number, for example 60 or 7.5.",
            "min_value": "Notional hours cannot be negative.",
            "max_value": "Enter at most 100,000 notional hours.",
            "max_digits": "Enter the notional hours with at most two decimal places.",
            "max_decimal_places": "Enter the notional hours with at most two decimal places.",
            "max_whole_digits": "Enter at most 100,000 notional hours.",
        },
    )
    is_core_module = forms.BooleanField(
        label="It is a core module of an academic qualification",
        required=False,
    )
