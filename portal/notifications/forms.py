from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Frequency


class FrequencyForm(forms.Form):
    frequency = forms.ChoiceField(
        label=_("E-mail me about mentions, replies, invitations and offers"),
        choices=Frequency.choices,
        widget=forms.RadioSelect,
    )
