"""The forms of the pilot pages. They read what was typed into Python values; the actions
keep the rules, and their messages land beside the field they name."""

from django import forms
from django.utils.translation import gettext_lazy as _

from codesign.forms.needs import ActionForm, OrganisationChoiceField, filled
from codesign.models import RegisterEntry
from portal.accounts.models import Organisation
from portal.frameworks.models import Country, Sector

from .actions import pilots as actions
from .actions.pilots import NEVER_PARTNER_KINDS, STANDARD_TARGETS
from .models import (
    AssessmentResult,
    DeliveryMode,
    District,
    FollowUpStatus,
    PartnerRole,
    PilotStatus,
    Setting,
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def _date(label, **kwargs):
    return forms.DateField(label=label, widget=DateInput(), **kwargs)


class EntryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.title} ({obj.identifier}, {obj.country})"


class PilotForm(ActionForm):
    """A new pilot (with the person's organisations) or a pilot's basics."""

    title = forms.CharField(
        label=_("Title"),
        help_text=filled(
            _("What the pilot is called in reports; at most %(max)d characters."),
            {"max": actions.TITLE_MAX_LENGTH},
        ),
    )
    starts_on = _date(_("Start date"))
    ends_on = _date(_("End date"))
    sector = forms.ModelChoiceField(
        label=_("Sector"),
        queryset=Sector.objects.all(),
        required=False,
        empty_label=_("The micro-credential's sector"),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:
            lead = OrganisationChoiceField(
                actions.organisations_that_may_lead(user),
                label=_("Lead organisation"),
                help_text=_("The organisation that runs the pilot; you can add partners next."),
            )
            entry = EntryChoiceField(
                label=_("Recognised micro-credential"),
                queryset=RegisterEntry.objects.recognised().select_related("country"),
                empty_label=_("Choose from the register"),
                help_text=_("Only micro-credentials recognised in the register are piloted."),
            )
            country = forms.ModelChoiceField(
                label=_("Country"),
                queryset=Country.objects.filter(is_partner=True),
                empty_label=_("Choose a country"),
                help_text=_("Where the participants are; its districts describe the sites."),
            )
            self.fields = {
                "lead_organisation": lead,
                "register_entry": entry,
                "country": country,
                **self.fields,
            }

    @classmethod
    def initial_for(cls, pilot):
        return {
            "title": pilot.title,
            "starts_on": pilot.starts_on,
            "ends_on": pilot.ends_on,
            "sector": pilot.sector,
        }


class NarrativeForm(ActionForm):
    narrative = forms.CharField(
        label=_("The partners' narrative"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=filled(
            _(
                "Your own account of the pilot for its outcome report: what worked, what did "
                "not, what you would change. Plain text; at most %(max)s characters. Never "
                "name or describe a participant."
            ),
            {"max": f"{actions.NARRATIVE_MAX_LENGTH:,}"},
        ),
    )


class StatusForm(ActionForm):
    status = forms.ChoiceField(label=_("Status"), choices=PilotStatus.choices)

    def __init__(self, *args, moves=None, **kwargs):
        super().__init__(*args, **kwargs)
        if moves is not None:
            self.fields["status"].choices = [
                (value, label) for value, label in PilotStatus.choices if value in moves
            ]


class PartnerForm(ActionForm):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        empty_label=_("Choose a verified organisation"),
    )
    role = forms.ChoiceField(
        label=_("Role"),
        choices=[(v, label) for v, label in PartnerRole.choices if v != PartnerRole.LEAD],
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, pilot, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = (
            Organisation.objects.verified()
            .exclude(kind__in=NEVER_PARTNER_KINDS)
            .exclude(pilot_partnerships__pilot=pilot)
            .select_related("country")
            .order_by("country__name", "name")
        )
        self.fields["organisation"].label_from_instance = lambda org: f"{org} ({org.country})"


class SiteForm(ActionForm):
    name = forms.CharField(label=_("Name"), help_text=_("A centre, campus or workplace."))
    district = forms.ModelChoiceField(
        label=_("District"), queryset=District.objects.none(), empty_label=_("Choose a district")
    )
    setting = forms.ChoiceField(
        label=_("Rural or urban"), choices=Setting.choices, widget=forms.RadioSelect
    )

    def __init__(self, *args, pilot, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = District.objects.filter(country=pilot.country_id)


class CohortForm(ActionForm):
    code = forms.CharField(
        label=_("Cohort code"),
        help_text=_("How participants' rows name the cohort, e.g. 2026-A."),
    )
    site = forms.ModelChoiceField(
        label=_("Site"), queryset=None, required=False, empty_label=_("No site (online)")
    )
    starts_on = _date(_("Start date"))
    ends_on = _date(_("End date"))
    delivery_mode = forms.ChoiceField(
        label=_("Delivery mode"), choices=DeliveryMode.choices, widget=forms.RadioSelect
    )
    capacity = forms.IntegerField(
        label=_("Capacity"),
        min_value=1,
        max_value=actions.CAPACITY_MAX,
        help_text=_("The number of places."),
    )

    def __init__(self, *args, pilot, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = pilot.sites.all()


def _target_field(key):
    label, unit, low, high = STANDARD_TARGETS[key]
    return forms.DecimalField(
        label=label,
        required=False,
        min_value=low,
        max_value=high,
        decimal_places=2,
        help_text=filled(
            _("In %(unit)s, from %(low)s to %(high)s; leave empty for no target."),
            {"unit": unit, "low": low, "high": high},
        ),
    )


class StandardTargetsForm(ActionForm):
    """One field per standard indicator: a number sets its target, an empty field removes it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key in STANDARD_TARGETS:
            self.fields[key] = _target_field(key)


class CustomTargetForm(ActionForm):
    key = forms.CharField(required=False, widget=forms.HiddenInput, label=_("Indicator"))
    label = forms.CharField(label=_("Indicator"), help_text=_("What is counted or measured."))
    unit = forms.CharField(label=_("Unit"), required=False, help_text=_("e.g. hours, %, people"))
    target = forms.DecimalField(label=_("Target"), min_value=0, decimal_places=2)
    actual = forms.DecimalField(
        label=_("Actual value so far"),
        min_value=0,
        decimal_places=2,
        required=False,
        help_text=_("You record it yourselves; leave empty until it is known."),
    )


def _choices(choices, empty):
    return [("", empty), *choices]


class OutcomeForm(ActionForm):
    """One participant's outcomes; every field may stay empty until it is known."""

    completed_on = _date(_("Completion date"), required=False)
    assessment_result = forms.ChoiceField(
        label=_("Assessment result"),
        required=False,
        choices=_choices(AssessmentResult.choices, _("Not assessed yet")),
    )
    assessment_score = forms.DecimalField(
        label=_("Assessment score"),
        required=False,
        decimal_places=2,
        help_text=_("From 0 to 100."),
    )
    awarded_on = _date(
        _("Credential awarded on"),
        required=False,
        help_text=_(
            "Recording an award adds the credential to the register of learner achievements; "
            "clearing it revokes it."
        ),
    )
    status_3_months = forms.ChoiceField(
        label=_("Status at 3 months"),
        required=False,
        choices=_choices(FollowUpStatus.choices, _("Not followed up yet")),
    )
    status_6_months = forms.ChoiceField(
        label=_("Status at 6 months"),
        required=False,
        choices=_choices(FollowUpStatus.choices, _("Not followed up yet")),
    )
    status_12_months = forms.ChoiceField(
        label=_("Status at 12 months"),
        required=False,
        choices=_choices(FollowUpStatus.choices, _("Not followed up yet")),
    )
    employer_satisfaction = forms.TypedChoiceField(
        label=_("Employer satisfaction"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=_choices([(n, str(n)) for n in range(1, 6)], _("Not asked")),
        help_text=_("From 1 (very dissatisfied) to 5 (very satisfied), for a participant in work."),
    )

    @classmethod
    def initial_for(cls, participant):
        return {name: getattr(participant, name) for name in cls.base_fields}


class CohortFilterForm(forms.Form):
    cohort = forms.ModelChoiceField(
        label=_("Cohort"), queryset=None, required=False, empty_label=_("All cohorts")
    )

    def __init__(self, *args, pilot, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cohort"].queryset = pilot.cohorts.all()


class VerifyForm(forms.Form):
    code = forms.CharField(
        label=_("Verification code"),
        max_length=40,
        help_text=_("The code printed on the credential, e.g. 7KQ4-M9TX-2HWP."),
    )
