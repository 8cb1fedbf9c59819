"""The design editor's forms: the basics, and one form per kind of section.

No field here judges content on its own: every section form hands what was typed to
section_kinds.clean, the rule save_section applies too, and shows each message beside the
field it names (the form fields are named as the content's keys). Each section form carries
the version of the section it was loaded from, so a save made on a stale version is caught.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.frameworks.models import FrameworkLevel

from .. import section_kinds, writing_aid
from ..actions.designs import clean_title
from ..models import CredentialType
from ..sections import (
    BASICS,
    INTEGRATION,
    MAX_OUTCOMES,
    OUTCOME_DOMAINS,
    OUTCOME_MAX_LENGTH,
    PARTICIPATION_MODES,
    SHORT_TEXT_MAX_LENGTH,
    SUPERVISION,
    WORKLOAD_COMPONENTS,
)

EXTRA_OUTCOME_ROWS = 3
NOT_DECIDED = ("", gettext_lazy("Not decided yet"))


def _limit_help(max_length):
    return _(
        "Plain text, at most %(max_length)d characters; leave a blank line between paragraphs."
    ) % {"max_length": max_length}


def _text_field(label, max_length, *, rows=6, guidance=""):
    help_text = f"{guidance} {_limit_help(max_length)}".strip()
    return forms.CharField(
        label=label,
        required=False,
        strip=False,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


def _choice_messages(label):
    return {
        "invalid_choice": _("%(field)s: “%%(value)s” is not one of the choices.")
        % {"field": label},
        "required": _("%(field)s: choose one.") % {"field": label},
    }


def _level_choices():
    """Levels grouped by framework, in the frameworks' order: one optgroup per framework."""
    groups = {}
    levels = FrameworkLevel.objects.select_related("framework").order_by(
        "framework__position", "framework__code", "number"
    )
    for level in levels:
        group = groups.setdefault(level.framework, [])
        group.append(
            (
                str(level.pk),
                _("%(framework)s level %(number)d")
                % {"framework": level.framework.code, "number": level.number},
            )
        )
    return [(str(framework), options) for framework, options in groups.items()]


class LevelField(forms.ChoiceField):
    """The framework and level in one select; its value is the level, which names its
    framework, so a design can never target a level its framework lacks."""

    def __init__(self, **kwargs):
        label = _("Framework and level")
        super().__init__(
            label=label,
            choices=[("", _("Choose a framework and level"))] + _level_choices(),
            error_messages={
                "required": _("%(field)s: choose the level the design targets.") % {"field": label},
                "invalid_choice": _(
                    "%(field)s: there is no level “%%(value)s”; choose one from the list."
                )
                % {"field": label},
            },
            help_text=_(
                "Grouped by framework. Credits and rules follow from the framework; the "
                "level's descriptors are shown beside the learning outcomes."
            ),
            **kwargs,
        )

    def clean(self, value):
        value = super().clean(value)
        return FrameworkLevel.objects.select_related("framework").get(pk=value)


class NewDesignForm(forms.Form):
    title = forms.CharField(
        label=gettext_lazy("Title"),
        required=False,
        help_text=gettext_lazy(
            "What the learner will be able to do, in a few words; at most 200 characters."
        ),
    )
    credential_type = forms.ChoiceField(
        label=gettext_lazy("Type of micro-credential"),
        choices=CredentialType.choices,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"] = LevelField()
        self.fields["credential_type"].error_messages.update(
            _choice_messages(_("Type of micro-credential"))
        )
        # Keep "Framework and level" after the title.
        self.order_fields(["title", "level", "credential_type"])

    def clean_title(self):
        return clean_title(self.cleaned_data["title"])


def _version_field():
    """The version of the section the person started from, sent back with their save."""
    message = gettext_lazy("This page is out of date: open the section again.")
    return forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=0,
        error_messages={"required": message, "invalid": message, "min_value": message},
    )


class SectionEditing:
    """What the section editor asks of every kind's form (and of the outcomes editor)."""

    @property
    def started_from(self):
        return self.cleaned_data["base_version"]

    def add_content_errors(self, error):
        """Show a ValidationError from section_kinds.clean or save_section beside the fields
        it names (the form's fields are named as the content's keys)."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for name, errors in error.error_dict.items():
            field = name if name in self.fields else None
            if field is None or field not in self.errors:
                self.add_error(field, errors)


class SectionForm(SectionEditing, forms.Form):
    """A form for one section's content, the content's keys as its fields."""

    base_version = _version_field()

    def __init__(self, data=None, *, definition, design, content, version):
        self.definition, self.design = definition, design
        super().__init__(data, initial={**self.initial_from(content), "base_version": version})
        self.cleaned_content = None

    def initial_from(self, content):
        return dict(content)

    def content(self):
        """What was typed, in the shape section_kinds.clean takes."""
        return {name: self.cleaned_data.get(name) for name in self.fields if name != "base_version"}

    def as_stored(self):
        """The content as it would be stored: what is compared with the stored version."""
        return self.cleaned_content

    def clean(self):
        cleaned = super().clean()
        try:
            self.cleaned_content = section_kinds.clean(
                self.definition, self.content(), design=self.design
            )
        except ValidationError as error:
            self.add_content_errors(error)
        return cleaned


class TextSectionForm(SectionForm):
    text = forms.CharField()

    def __init__(self, *args, definition, **kwargs):
        super().__init__(*args, definition=definition, **kwargs)
        self.fields["text"] = _text_field(
            definition.title,
            section_kinds.TEXT_LIMITS["text", "text"],
            rows=10,
            guidance=definition.guidance,
        )


def _hours_field(label):
    return forms.CharField(
        label=label,
        required=False,
        help_text=gettext_lazy("Notional hours; leave empty for none."),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )


class WorkloadForm(SectionForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in WORKLOAD_COMPONENTS:
            self.fields[name] = _hours_field(label)
        self.order_fields([name for name, _label in WORKLOAD_COMPONENTS])

    def initial_from(self, content):
        # "0" is shown as an empty field: nothing to type over.
        return {name: value for name, value in content.items() if value not in ("0", 0)}


def _labels(kind):
    return section_kinds.FIELD_LABELS[kind]


class ParticipationForm(SectionForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        labels = _labels("participation")
        self.fields["modes"] = forms.MultipleChoiceField(
            label=labels["modes"],
            choices=PARTICIPATION_MODES,
            required=False,
            widget=forms.CheckboxSelectMultiple,
            error_messages=_choice_messages(labels["modes"]),
            help_text=_("Every form a learner can take part in."),
        )
        self.fields["text"] = _text_field(
            labels["text"], section_kinds.TEXT_LIMITS["participation", "text"]
        )


class AssessmentForm(SectionForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        labels = _labels("assessment")
        self.fields["text"] = _text_field(
            labels["text"],
            section_kinds.TEXT_LIMITS["assessment", "text"],
            guidance=_("How each learning outcome is assessed, and how marking is moderated."),
        )
        self.fields["supervision"] = forms.ChoiceField(
            label=labels["supervision"],
            choices=[NOT_DECIDED, *SUPERVISION],
            required=False,
            widget=forms.RadioSelect,
            error_messages=_choice_messages(labels["supervision"]),
        )


class AwardingForm(SectionForm):
    def __init__(self, *args, design, **kwargs):
        super().__init__(*args, design=design, **kwargs)
        labels = _labels("awarding")
        self.fields["bodies"] = forms.MultipleChoiceField(
            label=labels["bodies"],
            choices=[
                (str(organisation.pk), organisation.name)
                for organisation in section_kinds.awarding_organisations(design.workspace)
            ],
            required=False,
            widget=forms.CheckboxSelectMultiple,
            error_messages={
                "invalid_choice": _(
                    "%(field)s: “%%(value)s” is not an organisation that a member of this "
                    "workspace speaks for."
                )
                % {"field": labels["bodies"]}
            },
            help_text=_("The organisations the workspace's members speak for."),
        )
        self.fields["others"] = _text_field(
            labels["others"], section_kinds.TEXT_LIMITS["awarding", "others"], rows=3
        )
        self.order_fields(["bodies", "others"])

    def initial_from(self, content):
        return {
            "bodies": [str(body["organisation"]) for body in content.get("bodies", [])],
            "others": content.get("others", ""),
        }


class StackabilityForm(SectionForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        labels = _labels("stackability")
        self.fields["integration"] = forms.ChoiceField(
            label=labels["integration"],
            choices=[NOT_DECIDED, *INTEGRATION],
            required=False,
            widget=forms.RadioSelect,
            error_messages=_choice_messages(labels["integration"]),
        )
        self.fields["towards"] = _text_field(
            labels["towards"],
            section_kinds.TEXT_LIMITS["stackability", "towards"],
            rows=3,
            guidance=_("The qualification or other micro-credentials it counts towards."),
        )
        self.fields["rpl"] = _text_field(
            labels["rpl"],
            section_kinds.TEXT_LIMITS["stackability", "rpl"],
            guidance=_("How a learner's prior learning is recognised towards it."),
        )


class BasicsForm(SectionEditing, NewDesignForm):
    is_core_module = forms.BooleanField(
        label=gettext_lazy("A core module of an academic qualification"), required=False
    )
    base_version = _version_field()

    def __init__(self, data=None, *, definition, design, content=None, version):
        self.definition, self.design = definition, design
        super().__init__(
            data,
            initial={
                "title": design.title,
                "level": str(design.level_id),
                "credential_type": design.credential_type,
                "is_core_module": design.is_core_module,
                "base_version": version,
            },
        )

    def content(self):
        level = self.cleaned_data["level"]
        return {
            "title": self.cleaned_data["title"],
            "framework": level.framework,
            "level": level,
            "credential_type": self.cleaned_data["credential_type"],
            "is_core_module": self.cleaned_data["is_core_module"],
        }

    def as_stored(self):
        content = self.content()
        return {**content, "framework": content["framework"].code, "level": content["level"].number}

    def add_content_errors(self, error):
        # save_section names the framework apart from the level; here they are one field.
        if hasattr(error, "error_dict") and "framework" in error.error_dict:
            error = ValidationError(
                {("level" if k == "framework" else k): v for k, v in error.error_dict.items()}
            )
        super().add_content_errors(error)


class OutcomeRowForm(forms.Form):
    statement = forms.CharField(
        label=gettext_lazy("Statement"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy(
            "Start with a verb that can be observed; at most %(max_length)d characters."
        )
        % {"max_length": OUTCOME_MAX_LENGTH},
    )
    domain = forms.ChoiceField(
        label=gettext_lazy("Domain"),
        choices=[("", gettext_lazy("Choose…")), *OUTCOME_DOMAINS],
        required=False,
    )
    assessment = forms.CharField(
        label=gettext_lazy("How it is assessed"),
        required=False,
        strip=False,
        help_text=gettext_lazy("At most %(max_length)d characters.")
        % {"max_length": SHORT_TEXT_MAX_LENGTH},
    )
    order = forms.IntegerField(
        label=gettext_lazy("Position"),
        required=False,
        min_value=1,
        max_value=1000,
        help_text=gettext_lazy("Outcomes are saved in the order of these numbers."),
        widget=forms.NumberInput(attrs={"class": "narrow-number"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["domain"].error_messages.update(_choice_messages(_("Domain")))
        position = _("Position: a whole number from 1 to 1000.")
        self.fields["order"].error_messages.update(
            {"invalid": position, "min_value": position, "max_value": position}
        )


class BaseOutcomeFormSet(forms.BaseFormSet):
    def clean(self):
        rows = []
        for index, form in enumerate(self.forms):
            data = form.cleaned_data
            if form.errors or (self.can_delete and self._should_delete_form(form)):
                continue
            typed = [(data.get(name) or "").strip() for name in ("statement", "assessment")]
            if not any(typed) and not data.get("domain"):
                continue  # a blank row, or one emptied to remove it
            try:
                outcome = section_kinds.clean_outcome(index + 1, data)
            except ValidationError as error:
                for name, messages in error.error_dict.items():
                    form.add_error(name, messages)
                continue
            rows.append(((data.get("order") or index + 1, index), outcome))
        if len(rows) > MAX_OUTCOMES:
            raise ValidationError(
                _("Learning outcomes: at most %(max)d outcomes (this has %(count)d).")
                % {"max": MAX_OUTCOMES, "count": len(rows)}
            )
        self.outcomes = [outcome for _key, outcome in sorted(rows, key=lambda row: row[0])]


OutcomeFormSet = forms.formset_factory(
    OutcomeRowForm,
    formset=BaseOutcomeFormSet,
    extra=EXTRA_OUTCOME_ROWS,
    max_num=MAX_OUTCOMES,
    absolute_max=MAX_OUTCOMES + EXTRA_OUTCOME_ROWS,
    can_delete=True,
    can_delete_extra=False,
)


class OutcomesEditor(SectionForm):
    """The learning outcomes: a row per outcome (and a few blank rows to add more), with the
    writing aid's flags beside each row."""

    def __init__(self, data=None, *, definition, design, content, version):
        super().__init__(data, definition=definition, design=design, content={}, version=version)
        outcomes = content.get("outcomes", [])
        self.formset = OutcomeFormSet(
            data,
            prefix="outcomes",
            initial=[{**item, "order": number} for number, item in enumerate(outcomes, 1)],
            error_messages={
                "too_many_forms": _("Learning outcomes: at most %(max)d outcomes.")
                % {"max": MAX_OUTCOMES},
            },
        )
        for form in self.formset.forms:
            form.flags = writing_aid.flags(
                form["statement"].value() or "", form["domain"].value() or ""
            )

    def is_valid(self):
        # Both, so every message shows at once.
        form_valid = super().is_valid()
        return self.formset.is_valid() and form_valid

    def clean(self):
        # The rows are cleaned by the formset; what is left is the version.
        return self.cleaned_data

    def content(self):
        return {"outcomes": self.formset.outcomes}

    def as_stored(self):
        return self.content()

    def add_content_errors(self, error):
        messages = error.message_dict.get("outcomes") if hasattr(error, "error_dict") else None
        self.add_error(None, messages or error)

    @property
    def summary_errors(self):
        """Every message of the rows, for the summary at the top of the page."""
        return [(None, message) for message in self.formset.non_form_errors()] + [
            (form[name].auto_id, message)
            for form in self.formset.forms
            for name, messages in form.errors.items()
            for message in messages
        ]


FORMS = {
    "text": TextSectionForm,
    "workload": WorkloadForm,
    "participation": ParticipationForm,
    "assessment": AssessmentForm,
    "awarding": AwardingForm,
    "stackability": StackabilityForm,
    "outcomes": OutcomesEditor,
}


def editor_for(definition, *, design, section, data=None):
    """The form that edits this section, holding `data` or the stored content."""
    form_class = BasicsForm if definition.kind == BASICS else FORMS[definition.kind]
    return form_class(
        data,
        definition=definition,
        design=design,
        content=section.content if section else {},
        version=section.version if section else 0,
    )
