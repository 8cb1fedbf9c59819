from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class CompareForm(forms.Form):
    """Two revision numbers of one design, each from 1 to its latest."""

    def __init__(self, *args, latest, **kwargs):
        super().__init__(*args, **kwargs)
        message = _("Choose a revision from 1 to %(latest)d.") % {"latest": latest}
        labels = {"a": gettext_lazy("Compare revision"), "b": gettext_lazy("with revision")}
        for name, label in labels.items():
            self.fields[name] = forms.IntegerField(
                label=label,
                min_value=1,
                max_value=latest,
                error_messages={
                    "required": message,
                    "invalid": message,
                    "min_value": message,
                    "max_value": message,
                },
            )
