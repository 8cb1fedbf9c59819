from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from portal.accounts.models import Organisation

from . import actions, registry
from .models import PUBLISHABLE_ORGANISATION_KINDS, HouseStyle

HOUSE_STYLE_MAX_BYTES = 5 * 1024 * 1024


class LibraryFilterForm(forms.Form):
    """The reports library's filters, read from the query string (a GET form)."""

    kind = forms.ChoiceField(label=_("Kind"), required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)
    made_from = forms.DateField(
        label=_("Made on or after"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    made_until = forms.DateField(
        label=_("Made on or before"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, countries=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("Every kind"))] + [
            (kind.slug, kind.label) for kind in registry.all_kinds()
        ]
        self.fields["country"].choices = [("", _("Every country"))] + list(countries)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("made_from"), cleaned.get("made_until")
        if start and end and start > end:
            raise ValidationError(
                _("“Made on or after” must be the same day as “Made on or before” or earlier."),
                code="dates_reversed",
            )
        return cleaned

    def filter(self, documents):
        data = self.cleaned_data
        if data.get("kind"):
            documents = documents.filter(kind=data["kind"])
        if data.get("country"):
            documents = documents.filter(country=data["country"])
        if data.get("made_from"):
            documents = documents.filter(created_at__date__gte=data["made_from"])
        if data.get("made_until"):
            documents = documents.filter(created_at__date__lte=data["made_until"])
        return documents


class PublishForm(forms.Form):
    organisations = forms.ModelMultipleChoiceField(
        label=_("Publish to"),
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Their members will find the document in their reports library."),
    )

    def __init__(self, *args, document, **kwargs):
        super().__init__(*args, **kwargs)
        choices = (
            Organisation.objects.verified()
            .of_kind(*PUBLISHABLE_ORGANISATION_KINDS)
            .exclude(pk__in=document.published_to.values("pk"))
            .select_related("country")
        )
        kind, subject = document.document_kind, document.subject
        reading = kind.reading_organisations(subject) if kind and subject is not None else None
        if reading is not None:
            choices = choices.exclude(pk__in=reading.values("pk"))
        self.fields["organisations"].queryset = choices


class HouseStyleForm(forms.ModelForm):
    """The admin's form: a new house style is checked before it is stored."""

    upload = forms.FileField(
        label=_("Word file (.docx)"),
        required=False,
        help_text=_(
            "A Word document holding the styles every generated document uses: title, "
            "subtitle, headings 1-3, body text, lists, captions, quotations and a table style."
        ),
    )

    class Meta:
        model = HouseStyle
        fields = ["name"]

    # Not the model's field: making one style current makes the others not current, which
    # the action does (the model's "one current" constraint would refuse it here).
    make_current = forms.BooleanField(
        label=_("current"),
        required=False,
        initial=True,
        help_text=_("Documents made from now on use the current house style."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["make_current"].initial = self.instance.is_current

    def clean_upload(self):
        upload = self.cleaned_data.get("upload")
        if self.instance.pk is None and not upload:
            raise ValidationError(_("Choose a .docx file to upload."), code="required")
        if not upload:
            return upload
        if not upload.name.lower().endswith(".docx"):
            raise ValidationError(
                _("“%(name)s” is not a .docx file.") % {"name": upload.name}, code="not_docx"
            )
        if upload.size > HOUSE_STYLE_MAX_BYTES:
            raise ValidationError(
                _("A house style can be up to 5 MB; “%(name)s” is larger.") % {"name": upload.name},
                code="too_large",
            )
        actions.check_house_style_upload(upload)
        return upload
