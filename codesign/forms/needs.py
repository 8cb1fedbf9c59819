"""The forms of skill needs and offers. They read what was typed into Python values; the
actions clean the text and keep the rules, and their messages land beside the field at fault."""

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from portal.frameworks.models import Country, FrameworkLevel, QualificationFramework, Sector

from ..actions import needs as actions
from ..models import Delivery, NeedStatus, Urgency, Visibility


class ActionForm(forms.Form):
    """A form whose data an action checks again: the action's messages land beside the field
    they name, and a hidden field's in the summary at the top, with its label."""

    def full_clean(self):
        super().full_clean()
        for name, errors in list(self.errors.items()):
            if name in self.fields and self.fields[name].widget.is_hidden:
                for message in errors:
                    self.add_error(None, f"{self.fields[name].label}: {message}")

    def add_action_errors(self, error):
        if not hasattr(error, "error_dict"):
            for message in error.messages:
                self.add_error(None, message)
            return
        for name, errors in error.error_dict.items():
            field = self.fields.get(name)
            for item in errors:
                if field is None:
                    self.add_error(None, item)
                elif field.widget.is_hidden:
                    for message in item.messages:
                        self.add_error(None, f"{field.label}: {message}")
                else:
                    self.add_error(name, item)


class OrganisationChoiceField(forms.ModelChoiceField):
    """The organisation a person acts for: a select when they have several, else hidden."""

    def __init__(self, queryset, **kwargs):
        super().__init__(queryset=queryset, empty_label=None, **kwargs)
        self.only_choice = self.queryset[0] if len(self.queryset) == 1 else None
        if self.only_choice is not None:
            self.widget = forms.HiddenInput()
            self.initial = self.only_choice.pk


def _filled(message, values):
    return str(message) % values


# A translated message with figures put in when it is shown, in the reader's language.
filled = lazy(_filled, str)


def _textarea(rows):
    return forms.Textarea(attrs={"rows": rows})


class NeedForm(ActionForm):
    title = forms.CharField(
        label=_("Title"),
        help_text=filled(
            _("A few words that say what is needed; at most %(max)d characters."),
            {"max": actions.TITLE_MAX_LENGTH},
        ),
    )
    sector = forms.ModelChoiceField(
        label=_("Sector"), queryset=Sector.objects.all(), empty_label=_("Choose a sector")
    )
    country = forms.ModelChoiceField(
        label=_("Country"), queryset=Country.objects.all(), empty_label=_("Choose a country")
    )
    region = forms.CharField(
        label=_("Region, district or city"),
        required=False,
        help_text=filled(
            _("Optional; at most %(max)d characters."), {"max": actions.REGION_MAX_LENGTH}
        ),
    )
    problem = forms.CharField(
        label=_("The problem, in your own words"),
        widget=_textarea(6),
        help_text=filled(
            _(
                "What goes wrong today, and what trained people would change. Plain text; at "
                "most %(max)d characters."
            ),
            {"max": actions.PROBLEM_MAX_LENGTH},
        ),
    )
    skills = forms.CharField(
        label=_("Skills and competencies"),
        widget=_textarea(6),
        help_text=filled(
            _("One per line: at most %(count)d, each at most %(max)d characters."),
            {"count": actions.SKILLS_MAX_COUNT, "max": actions.SKILL_MAX_LENGTH},
        ),
    )
    target_group = forms.CharField(
        label=_("Who is to be trained"),
        widget=_textarea(3),
        help_text=filled(
            _("Their jobs, experience and where they work; at most %(max)d characters."),
            {"max": actions.TARGET_GROUP_MAX_LENGTH},
        ),
    )
    trainee_count = forms.IntegerField(
        label=_("How many people"),
        min_value=1,
        max_value=actions.TRAINEE_COUNT_MAX,
        help_text=filled(
            _("A whole number from 1 to %(max)s."), {"max": f"{actions.TRAINEE_COUNT_MAX:,}"}
        ),
    )
    urgency = forms.ChoiceField(
        label=_("How soon"), choices=Urgency.choices, widget=forms.RadioSelect
    )
    delivery = forms.ChoiceField(
        label=_("Preferred delivery"), choices=Delivery.choices, widget=forms.RadioSelect
    )
    visibility = forms.ChoiceField(
        label=_("Who may see it"),
        choices=Visibility.choices,
        initial=Visibility.PUBLIC,
        widget=forms.RadioSelect,
        help_text=_(
            "Universities and colleges can offer only on a need they can see: “Only my "
            "organisation” keeps it to yourselves."
        ),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:
            # Posting: choose which of one's industry organisations posts it.
            organisation = OrganisationChoiceField(
                actions.organisations_that_may_post(user),
                label=_("Posted by"),
                help_text=_("The organisation that needs the training."),
            )
            self.fields = {"organisation": organisation, **self.fields}

    def need_fields(self):
        """What the actions take: the skills as a list of lines."""
        data = dict(self.cleaned_data)
        data.pop("organisation", None)
        data["skills"] = data["skills"].splitlines()
        return data

    @classmethod
    def initial_for(cls, need):
        return {
            field: getattr(need, field)
            for field in cls.base_fields
            if field not in ("skills", "sector", "country")
        } | {"skills": "\n".join(need.skills), "sector": need.sector, "country": need.country}


class LevelChoiceField(forms.TypedChoiceField):
    """One select of every level, in one group per framework; the value is the level's id."""

    def __init__(self, **kwargs):
        super().__init__(coerce=int, choices=self.grouped_levels, **kwargs)

    @staticmethod
    def grouped_levels():
        frameworks = QualificationFramework.objects.national().prefetch_related("levels")
        return [("", _("Choose a framework and level"))] + [
            (framework.name, [(level.pk, str(level)) for level in framework.levels.all()])
            for framework in frameworks
        ]

    def clean(self, value):
        pk = super().clean(value)
        level = FrameworkLevel.objects.select_related("framework").filter(pk=pk).first()
        if level is None:
            raise forms.ValidationError(_("Choose a framework and level from the list."))
        return level


class OfferForm(ActionForm):
    text = forms.CharField(
        label=_("Your offer"),
        widget=_textarea(6),
        help_text=filled(
            _(
                "How you would meet the need: the programme you would build on, who would teach, "
                "how and where. Plain text; at most %(max)d characters."
            ),
            {"max": actions.OFFER_TEXT_MAX_LENGTH},
        ),
    )
    level = LevelChoiceField(
        label=_("Proposed framework and level"),
        help_text=_("The qualification framework the design will target, and its level."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        organisation = OrganisationChoiceField(
            actions.organisations_that_may_offer(user),
            label=_("Offered by"),
            help_text=_("The university or college that would teach it."),
        )
        self.fields = {"organisation": organisation, **self.fields}


class MessageForm(ActionForm):
    message = forms.CharField(
        label=_("Message"),
        required=False,
        widget=_textarea(4),
        help_text=filled(
            _("Optional; plain text, at most %(max)d characters."),
            {"max": actions.MESSAGE_MAX_LENGTH},
        ),
    )

    def __init__(self, *args, label=None, **kwargs):
        super().__init__(*args, **kwargs)
        if label:
            self.fields["message"].label = label


class StatusForm(ActionForm):
    status = forms.ChoiceField(label=_("New status"), choices=NeedStatus.choices)
    message = MessageForm.base_fields["message"]

    def __init__(self, *args, moves=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [(status.value, status.label) for status in moves]
        self.fields["message"].label = _("Message to the authors of waiting offers")
        self.fields["message"].help_text = _(
            "Sent only when you close the need; optional, plain text, at most %(max)d characters."
        ) % {"max": actions.MESSAGE_MAX_LENGTH}


class NeedFilterForm(forms.Form):
    """The GET search and filters of the list of needs."""

    q = forms.CharField(
        label=_("Search"), required=False, widget=forms.TextInput(attrs={"type": "search"})
    )
    sector = forms.ModelChoiceField(
        label=_("Sector"),
        queryset=Sector.objects.all(),
        required=False,
        empty_label=_("Any sector"),
        to_field_name="key",
    )
    country = forms.ModelChoiceField(
        label=_("Country"),
        queryset=Country.objects.all(),
        required=False,
        empty_label=_("Any country"),
        to_field_name="code",
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any status")), *NeedStatus.choices]
    )
    urgency = forms.ChoiceField(
        label=_("How soon"), required=False, choices=[("", _("Any time")), *Urgency.choices]
    )

    def filter(self, needs):
        data = self.cleaned_data
        for field in ("sector", "country", "status", "urgency"):
            if data.get(field):
                needs = needs.filter(**{field: data[field]})
        return needs
