"""Finding entries in the register: the filters (one form for the pages, the exports and the
API) and the full-text search.

On PostgreSQL the search is PostgreSQL's full-text search over `search_text` (title, learning
outcomes, awarding bodies, sector, identifier), with the "english" configuration, so
"installing" finds "install": migration 0004_register_search_index keeps the vector in a
stored generated column, search_vector, with a GIN index, and the search filters and ranks on
that column. On SQLite (the embedded set-up) each word must appear in `search_text`,
case-insensitively: simpler, and enough for a laptop's register.
"""

from decimal import Decimal

from django import forms
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.core.cache import cache
from django.db import connection
from django.db.models import Expression, F, Q
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from portal.accounts.models import Organisation
from portal.frameworks.models import Country, Sector
from portal.pagecache import content_generation

from ..models import CredentialType, EntryStatus, RegisterEntry
from ..needs_search import QueryError, search_words

# The text search configuration of the search and of its column (migration 0004).
SEARCH_CONFIG = "english"
SEARCH_VECTOR_COLUMN = "search_vector"
ALL_STATUSES = "all"
LEVELS = [(str(number), str(number)) for number in range(1, 11)]
EQF_LEVELS = [(str(number), str(number)) for number in range(1, 9)]
CREDITS_CEILING = Decimal(1000)
CHOICES_SECONDS = 600


class StoredSearchVector(Expression):
    """The entry's search_vector column, which PostgreSQL keeps (migration 0004) and the
    model does not declare."""

    output_field = SearchVectorField()

    def as_sql(self, compiler, connection):
        table = compiler.quote_name_unless_alias(compiler.query.get_initial_alias())
        return f"{table}.{connection.ops.quote_name(SEARCH_VECTOR_COLUMN)}", []


def search_vector():
    return StoredSearchVector()


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


class QuickSelect(forms.Select):
    """A select rendered in Python rather than through a template for each option: the
    register's filters have about 120 options, and rendering each through Django's option
    template costs more than the rest of the page. Same HTML, same attributes (labels,
    aria-describedby, aria-invalid)."""

    def render(self, name, value, attrs=None, renderer=None):
        final = self.build_attrs(self.attrs, attrs)
        final["name"] = name
        chosen = {str(item) for item in self.format_value(value)}
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (str(key), mark_safe(" selected") if str(key) in chosen else "", label)
                for key, label in self.choices
            ),
        )
        return format_html("<select{}>{}</select>", flatatt(final), options)


def _choices():
    """The options of the country, sector and provider filters: (code, name) pairs, read
    once per generation of public content (portal.pagecache: an edit of reference data, or a
    change to the register, starts a new one) and kept at most CHOICES_SECONDS (an awarding
    body renamed meanwhile shows its new name after that)."""

    def read():
        return {
            "country": list(Country.objects.order_by("name").values_list("code", "name")),
            "sector": list(Sector.objects.order_by("label").values_list("key", "label")),
            "provider": list(
                Organisation.objects.filter(
                    pk__in=RegisterEntry.awarding_bodies.through.objects.values("organisation")
                )
                .order_by("name")
                .values_list("slug", "name")
            ),
        }

    return cache.get_or_set(
        f"register:filter-choices:{content_generation()}", read, CHOICES_SECONDS
    )


class RegisterFilterForm(forms.Form):
    """The register's search and filters, read from GET. Empty means "any"; the status is
    "recognised" unless asked otherwise."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        help_text=_("Words of the title, the learning outcomes, an awarding body or the sector."),
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    country = forms.ChoiceField(label=_("Country"), required=False, widget=QuickSelect)
    sector = forms.ChoiceField(label=_("Sector"), required=False, widget=QuickSelect)
    level = forms.TypedChoiceField(
        label=_("National level"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Any level")), *LEVELS],
        widget=QuickSelect,
    )
    eqf = forms.TypedChoiceField(
        label=_("EQF level"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Any EQF level")), *EQF_LEVELS],
        widget=QuickSelect,
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
        widget=QuickSelect,
    )
    provider = forms.ChoiceField(label=_("Awarding body"), required=False, widget=QuickSelect)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            (EntryStatus.RECOGNISED, _("Recognised")),
            (EntryStatus.LAPSED, _("Lapsed")),
            (EntryStatus.WITHDRAWN, _("Withdrawn")),
            (ALL_STATUSES, _("Any status")),
        ],
        widget=QuickSelect,
    )

    ANY = {
        "country": _("Any country"),
        "sector": _("Any sector"),
        "provider": _("Any awarding body"),
    }

    def __init__(self, data=None, **kwargs):
        super().__init__(data, **kwargs)
        for name, choices in _choices().items():
            self.fields[name].choices = [("", self.ANY[name]), *choices]

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
            ("country", "country__code"),
            ("sector", "sector__key"),
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
                    organisation__slug=data["provider"]
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
