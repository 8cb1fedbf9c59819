"""Finding entries in the register: the filters (one form for the pages, the exports and the
API) and the full-text search.

On PostgreSQL the search is PostgreSQL's full-text search over `search_text` (title, learning
outcomes, awarding bodies, sector, identifier), with the "english" configuration, so
"installing" finds "install"; migration 0004_register_search_index gives it a GIN index on
exactly the expression used here. On SQLite (the embedded set-up) each word must appear in
`search_text`, case-insensitively: simpler, and enough for a laptop's register.
"""

from decimal import Decimal

from django import forms
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from portal.accounts.models import Organisation
from portal.frameworks.models import Country, Sector

from ..models import CredentialType, EntryStatus, RegisterEntry
from ..needs_search import QueryError, search_words

# The text search configuration of the search and of its index (the two must match).
SEARCH_CONFIG = "english"
ALL_STATUSES = "all"
LEVELS = [(str(number), str(number)) for number in range(1, 11)]
EQF_LEVELS = [(str(number), str(number)) for number in range(1, 9)]
CREDITS_CEILING = Decimal(1000)


def search_vector():
    return SearchVector("search_text", config=SEARCH_CONFIG)


def is_postgresql():
    return connection.vendor == "postgresql"


def full_text(entries, raw):
    """`entries` holding every word of the query, the most relevant first on PostgreSQL.
    Raises QueryError (with a message for the person) when the query has no words."""
    words = search_words(raw)
    if is_postgresql():
        query = SearchQuery(words, config=SEARCH_CONFIG, search_type="plain")
        return (
            entries.annotate(search=search_vector(), rank=SearchRank(F("search"), query))
            .filter(search=query)
            .order_by("-rank", "-approved_on", "-pk")
        )
    condition = Q()
    for word in words.split():
        condition &= Q(search_text__icontains=word)
    return entries.filter(condition)


def _providers():
    """The organisations that award at least one entry, by name (the provider filter)."""
    return Organisation.objects.filter(
        pk__in=RegisterEntry.awarding_bodies.through.objects.values("organisation")
    ).order_by("name")


class RegisterFilterForm(forms.Form):
    """The register's search and filters, read from GET. Empty means "any"; the status is
    "recognised" unless asked otherwise."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        help_text=_("Words of the title, the learning outcomes, an awarding body or the sector."),
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    country = forms.ModelChoiceField(
        label=_("Country"),
        queryset=Country.objects.all(),
        required=False,
        empty_label=_("Any country"),
        to_field_name="code",
    )
    sector = forms.ModelChoiceField(
        label=_("Sector"),
        queryset=Sector.objects.all(),
        required=False,
        empty_label=_("Any sector"),
        to_field_name="key",
    )
    level = forms.TypedChoiceField(
        label=_("National level"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Any level")), *LEVELS],
    )
    eqf = forms.TypedChoiceField(
        label=_("EQF level"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Any EQF level")), *EQF_LEVELS],
    )
    credits_min = forms.DecimalField(
        label=_("ECTS credits, from"),
        required=False,
        min_value=0,
        max_value=CREDITS_CEILING,
        decimal_places=2,
    )
    credits_max = forms.DecimalField(
        label=_("ECTS credits, up to"),
        required=False,
        min_value=0,
        max_value=CREDITS_CEILING,
        decimal_places=2,
    )
    type = forms.ChoiceField(
        label=_("Type"),
        required=False,
        choices=[("", _("Any type")), *CredentialType.choices],
    )
    provider = forms.ModelChoiceField(
        label=_("Awarding body"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("Any awarding body"),
        to_field_name="slug",
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            (EntryStatus.RECOGNISED, _("Recognised")),
            (EntryStatus.LAPSED, _("Lapsed")),
            (EntryStatus.WITHDRAWN, _("Withdrawn")),
            (ALL_STATUSES, _("Any status")),
        ],
    )

    def __init__(self, data=None, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["provider"].queryset = _providers()

    def clean(self):
        data = super().clean()
        low, high = data.get("credits_min"), data.get("credits_max")
        if low is not None and high is not None and low > high:
            self.add_error(
                "credits_max",
                _("ECTS credits, up to: write a number no smaller than the “from” figure."),
            )
        if data.get("q"):
            try:
                search_words(data["q"])
            except QueryError as error:
                self.add_error("q", str(error))
        return data

    @property
    def searched(self):
        return self.is_valid() and bool(self.cleaned_data.get("q"))

    def filter(self, entries):
        """`entries` narrowed by the filters and the search (call after is_valid())."""
        data = self.cleaned_data
        status = data.get("status") or EntryStatus.RECOGNISED
        if status != ALL_STATUSES:
            entries = entries.filter(status=status)
        for name, lookup in (
            ("country", "country"),
            ("sector", "sector"),
            ("level", "level_number"),
            ("eqf", "eqf_level"),
            ("type", "credential_type"),
            ("credits_min", "ects_credits__gte"),
            ("credits_max", "ects_credits__lte"),
        ):
            value = data.get(name)
            if value not in (None, ""):
                entries = entries.filter(**{lookup: value})
        if data.get("provider"):
            entries = entries.filter(
                pk__in=RegisterEntry.awarding_bodies.through.objects.filter(
                    organisation=data["provider"]
                ).values("registerentry")
            )
        if data.get("q"):
            entries = full_text(entries, data["q"])
        return entries

    def active_filters(self):
        """The GET parameters in use (for links to exports and the API of the same view)."""
        return {
            name: value
            for name, value in (self.data or {}).items()
            if name in self.fields and value not in ("", None)
        }


def register_entries():
    """Every entry with what lists show, without the heavy columns (the content and the
    search text)."""
    return RegisterEntry.objects.select_related(
        "country", "sector", "framework", "authority"
    ).defer("content", "search_text")
