"""The upload form of a participants file."""

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from . import files


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Participants file"),
        # The browser's file picker offers these first; the server checks name and content.
        widget=forms.FileInput(attrs={"accept": ".csv,.xlsx"}),
    )
    encoding = forms.ChoiceField(
        label=_("For a CSV file: how its text is saved"),
        choices=list(files.ENCODINGS.items()),
        initial="utf-8",
        widget=forms.RadioSelect,
        help_text=_(
            "Leave UTF-8 unless the file was saved as plain “CSV” by Excel on Windows and "
            "its accented letters come out wrong. An XLSX file needs no choice."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "A .csv or .xlsx file of up to %(size)s and %(rows)s rows, with the template's columns."
        ) % {"size": filesizeformat(files.MAX_BYTES), "rows": f"{files.MAX_ROWS:,}"}
