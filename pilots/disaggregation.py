"""The counts behind every dashboard, report and export: per pilot, for the whole pilot and
broken down by gender, age band, youth, rural or urban, disability and district.

One SQL statement reads them all (`read_counts`): two GROUP BYs over the participants with
conditional counts (Count(filter=Q)), built by the ORM: a cube keyed by pilot, district,
gender, setting and disability (a few thousand rows however many participants), added up once
per dimension (UNION ALL over a materialised CTE, which PostgreSQL and SQLite both run), and
the counts per pilot and year of birth, which become age bands and youth here. Each pilot's
counts are then kept in the cache until its participants change (`kept_counts`). A dashboard
is a fixed number of queries whatever the number of pilots and participants.

Ages: a participant's age is the pilot's start year minus their year of birth (the age they
reach in the year the pilot starts). The bands are under 15, 15-24, 25-34, 35-44 and 45 and
over; "young" means an age within the country's YouthDefinition, both ends included. In a
country without a youth definition a participant is counted as "no youth definition".
"""

import logging
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Cast, Coalesce
from django.utils.translation import gettext_lazy as _

from . import indicators, suppression
from .indicators import ALL, CATEGORY_MEASURES, MEASURES
from .models import (
    IN_WORK,
    Disability,
    District,
    FollowUpStatus,
    Gender,
    Participant,
    Pilot,
    Setting,
    YouthDefinition,
)

logger = logging.getLogger(__name__)

AGE_BANDS = (
    ("under_15", _("Under 15"), None, 14),
    ("15_24", _("15 to 24"), 15, 24),
    ("25_34", _("25 to 34"), 25, 34),
    ("35_44", _("35 to 44"), 35, 44),
    ("45_plus", _("45 and over"), 45, None),
)
YOUTH = (
    ("young", _("Young people (as the country defines youth)")),
    ("not_young", _("Older than the country's youth ages")),
    ("unknown", _("No youth definition for the country")),
)


@dataclass(frozen=True)
class Dimension:
    key: str
    label: object
    caption: object
    # (key, label) of every category; districts are read from the data.
    categories: tuple = ()
    # Categories shown only when someone is in them.
    optional: tuple = ()


DIMENSIONS = (
    Dimension("gender", _("Gender"), _("By gender"), tuple(Gender.choices)),
    Dimension(
        "age_band",
        _("Age band"),
        _("By age band"),
        tuple((key, label) for key, label, _low, _high in AGE_BANDS),
        optional=("under_15",),
    ),
    Dimension("youth", _("Youth"), _("Young people and others"), YOUTH, optional=("unknown",)),
    Dimension("setting", _("Rural or urban"), _("Rural and urban"), tuple(Setting.choices)),
    Dimension("disability", _("Disability"), _("By disability"), tuple(Disability.choices)),
    Dimension("district", _("District"), _("By district")),
)
DIMENSION_KEYS = tuple(d.key for d in DIMENSIONS)
# The cube's plain columns, and the dimension each one is.
CUBE_COLUMNS = {
    "gender": "gender",
    "setting": "setting",
    "disability": "disability",
    "district": "district_id",
}


def _measures(names=MEASURES):
    """The measures `names` as conditional counts, cast to integers so that the outer sums
    stay integers (a sum of bigints is a numeric in PostgreSQL, slower to add)."""
    followed = ~Q(status_6_months="") & ~Q(status_6_months=FollowUpStatus.NO_RESPONSE)
    conditions = {
        "enrolled": None,
        "completed": Q(completed_on__isnull=False),
        "assessed": Q(assessment_result__in=["passed", "failed"]),
        "passed": Q(assessment_result="passed"),
        "awarded": Q(awarded_on__isnull=False),
        "followed_6": followed,
        "in_work_6": Q(status_6_months__in=list(IN_WORK)),
        "satisfaction_n": Q(employer_satisfaction__isnull=False),
    }
    measures = {
        name: Cast(Count("pk", filter=condition), IntegerField())
        for name, condition in conditions.items()
    }
    measures["satisfaction_sum"] = Cast(Coalesce(Sum("employer_satisfaction"), 0), IntegerField())
    return {name: measures[name] for name in names}


def _grouped(pilot_ids, columns, names=MEASURES):
    return (
        Participant.objects.filter(pilot_id__in=pilot_ids)
        .order_by()
        .values("pilot_id", *columns)
        .annotate(**_measures(names))
    )


def _statement(cube_sql, ages_sql):
    """The cube (pilot, gender, setting, disability, district: a few thousand rows however
    many participants) added up once per dimension, and the counts per pilot and year of
    birth, which become age bands and youth in Python (they depend on the pilot's start year
    and its country's youth definition). Only the module's own names go into the text; every
    value is a parameter of the two ORM queries."""
    sums = ", ".join(f"SUM({m}) AS {m}" for m in MEASURES)
    # The breakdowns leave satisfaction out (0 keeps the columns of the union alike).
    category_sums = ", ".join(
        f"SUM({m}) AS {m}" if m in CATEGORY_MEASURES else f"0 AS {m}" for m in MEASURES
    )
    plain = ", ".join(m if m in CATEGORY_MEASURES else f"0 AS {m}" for m in MEASURES)
    parts = [f"SELECT 'all' AS dim, pilot_id, '' AS cat, {sums} FROM cube GROUP BY pilot_id"]  # noqa: S608
    for dimension, column in CUBE_COLUMNS.items():
        parts.append(
            f"SELECT '{dimension}' AS dim, pilot_id, CAST({column} AS TEXT) AS cat, "  # noqa: S608
            f"{category_sums} "
            f"FROM cube GROUP BY pilot_id, {column}"
        )
    parts.append(
        f"SELECT 'birth_year' AS dim, pilot_id, CAST(birth_year AS TEXT) AS cat, {plain} FROM ages"  # noqa: S608
    )
    return (
        f"WITH cube AS MATERIALIZED ({cube_sql}), ages AS MATERIALIZED ({ages_sql}) "
        + " UNION ALL ".join(parts)
    )


# PostgreSQL prices the statement above jit_above_cost and would spend longer compiling it
# than running it: without JIT it is faster (bench/pilot_dashboard.py). The cube's GROUP BY
# runs as a parallel hash aggregate when the planner knows how few groups it has, which the
# extended statistics of migration 0003 tell it. SET LOCAL ends with the transaction.
POSTGRESQL_SETTINGS = "SET LOCAL jit = off"


def youth_definitions(pilots):
    """{country id: (min_age, max_age)} of the pilots' countries that define youth."""
    return {
        definition.country_id: (definition.min_age, definition.max_age)
        for definition in YouthDefinition.objects.filter(
            country_id__in={pilot.country_id for pilot in pilots}
        )
    }


def read_counts(pilots, youth=None):
    """{pilot id: {(dimension, category, measure): number}} for `pilots` (Pilot rows; pilots
    without participants are left out), with age bands and youth worked out from the years of
    birth (`youth` as youth_definitions gives them, read if not given). One statement."""
    pilots = list(pilots)
    if not pilots:
        return {}
    ids = [pilot.pk for pilot in pilots]
    cube_sql, cube_params = _grouped(ids, CUBE_COLUMNS.values()).query.sql_with_params()
    ages_sql, ages_params = _grouped(ids, ["birth_year"], CATEGORY_MEASURES).query.sql_with_params()
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(POSTGRESQL_SETTINGS)
        cursor.execute(_statement(cube_sql, ages_sql), (*cube_params, *ages_params))
        rows = cursor.fetchall()
    if youth is None:
        youth = youth_definitions(pilots)
    start_years = {pilot.pk: pilot.starts_on.year for pilot in pilots}
    countries = {pilot.pk: pilot.country_id for pilot in pilots}
    counts = {}
    cells = {}  # (dimension, category) -> its cells, made once

    def cells_of(row, names):
        found = cells.get(row)
        if found is None:
            found = cells[row] = [(*row, measure) for measure in names]
        return found

    width = len(CATEGORY_MEASURES)
    for dim, pilot_id, category, *numbers in rows:
        values = counts.setdefault(pilot_id, {})
        if dim == "all":
            values.update(zip(cells_of(ALL, MEASURES), map(int, numbers), strict=True))
            continue
        numbers = [int(n) for n in numbers[:width]]
        if dim != "birth_year":
            values.update(zip(cells_of((dim, category), CATEGORY_MEASURES), numbers, strict=True))
            continue
        age = start_years[pilot_id] - int(category)
        for row in (
            ("age_band", age_band_of(age)),
            ("youth", youth_of(age, youth.get(countries[pilot_id]))),
        ):
            for cell, number in zip(cells_of(row, CATEGORY_MEASURES), numbers, strict=True):
                values[cell] = values.get(cell, 0) + number
    return counts


def age_band_of(age):
    """The key of the age band `age` falls in."""
    for key, _label, _low, high in AGE_BANDS:
        if high is not None and age <= high:
            return key
    return AGE_BANDS[-1][0]


def youth_of(age, definition):
    """ "young", "not_young", or "unknown" without a (min_age, max_age) definition."""
    if definition is None:
        return "unknown"
    low, high = definition
    return "young" if low <= age <= high else "not_young"


# Each pilot's counts, kept ------------------------------------------------------------------

# A pilot's counts are kept in the default cache under its own key (one entry per pilot,
# replaced when its state changes), with the state they were counted in: the latest
# updated_at of its participants (every save moves it, and participants are removed only with
# their pilot; pilots/imports uses the same sign), its start year and its country's youth
# definition. Reading the states takes one query that probes an index per pilot (migration
# 0003), so a dashboard counts again only the pilots whose participants changed.
CACHE_PREFIX = "pilots:dashboard-counts:"
CACHE_TIMEOUT = 60 * 60  # an hour: the state check does the work; this bounds the rest


def participant_states(pilots, youth):
    """{pilot id: a text that changes whenever the pilot's counts may}. One query."""
    latest = Participant.objects.filter(pilot=OuterRef("pk")).order_by("-updated_at")
    found = dict(
        Pilot.objects.filter(pk__in=[pilot.pk for pilot in pilots])
        .annotate(latest=Subquery(latest.values("updated_at")[:1]))
        .values_list("pk", "latest")
    )
    return {
        pilot.pk: "|".join(
            [
                found[pilot.pk].isoformat() if found.get(pilot.pk) else "",
                str(pilot.starts_on.year),
                str(youth.get(pilot.country_id, "")),
            ]
        )
        for pilot in pilots
    }


def kept_counts(pilots):
    """read_counts for `pilots`, taking each pilot's counts from the cache when its state has
    not changed since they were counted, and counting the rest in one statement. A cache that
    fails only makes the dashboard count everything."""
    pilots = list(pilots)
    if not pilots:
        return {}
    youth = youth_definitions(pilots)
    states = participant_states(pilots, youth)
    keys = {pilot.pk: f"{CACHE_PREFIX}{pilot.pk}" for pilot in pilots}
    try:
        found = cache.get_many(list(keys.values()))
    except Exception:
        # An unreachable cache costs speed, not an answer.
        logger.warning("The dashboard counts' cache cannot be read.", exc_info=True)
        found = {}
    counts, stale = {}, []
    for pilot in pilots:
        entry = found.get(keys[pilot.pk])
        if entry is not None and entry.get("state") == states[pilot.pk]:
            counts[pilot.pk] = entry["counts"]
        else:
            stale.append(pilot)
    if stale:
        fresh = read_counts(stale, youth)
        counts.update(fresh)
        try:
            cache.set_many(
                {
                    keys[pilot.pk]: {
                        "state": states[pilot.pk],
                        "counts": fresh.get(pilot.pk, {}),
                    }
                    for pilot in stale
                },
                CACHE_TIMEOUT,
            )
        except Exception:
            logger.warning("The dashboard counts' cache cannot be written.", exc_info=True)
    return counts


# Figures and their suppression ---------------------------------------------------------


def categories_of(values, names=None):
    """{dimension: [category keys]} of one pilot's (or a selection's) values: every fixed
    category, the optional ones someone is in, and the districts present (in the order of
    their `names`, {key: name}). The order is the tables' and the one suppression goes by
    when two cells are equally small."""
    names = names or {}
    present = {(dim, cat) for (dim, cat, measure), n in values.items() if measure == "enrolled"}
    present_counts = {
        (dim, cat): values[(dim, cat, "enrolled")] for dim, cat in present if dim != "all"
    }
    categories = {}
    for dimension in DIMENSIONS:
        if dimension.key == "district":
            keys = sorted(
                (cat for dim, cat in present if dim == "district"),
                key=lambda cat: (str(names.get(cat, "")).casefold(), cat),
            )
        else:
            keys = [
                key
                for key, _label in dimension.categories
                if key not in dimension.optional or present_counts.get((dimension.key, key), 0)
            ]
        categories[dimension.key] = keys
    return categories


def lines_for(categories):
    """The additive lines of a set of breakdowns: for each dimension and each count, its
    categories add up to the total."""
    return [
        suppression.Line(members=tuple((dim, cat, measure) for cat in keys), total=(*ALL, measure))
        for dim, keys in categories.items()
        for measure in CATEGORY_MEASURES
    ]


def people_cells(values):
    """The values that count people (the sum of satisfaction scores is not one)."""
    return {cell: n for cell, n in values.items() if cell[2] != "satisfaction_sum"}


def full(values, categories):
    """`values` with a 0 for every category and measure that has no row."""
    filled = dict(values)
    for measure in MEASURES:
        filled.setdefault((*ALL, measure), 0)
    for dim, keys in categories.items():
        for cat in keys:
            for measure in CATEGORY_MEASURES:
                filled.setdefault((dim, cat, measure), 0)
    return filled


def suppressed_cells(values, categories):
    """The cells of one pilot hidden from readers outside its organisations (the rule in
    pilots/suppression.py)."""
    return frozenset(suppression.suppress(people_cells(values), lines_for(categories)))


@dataclass
class Figures:
    """The counts of a pilot or a selection of pilots, with what the reader may not see."""

    values: dict
    categories: dict
    hidden: frozenset = frozenset()

    def value(self, cell):
        """(number, hidden) of one cell."""
        if cell in self.hidden:
            return None, True
        return self.values.get(cell, 0), False


def pilot_figures(values, *, suppressed, names=None):
    categories = categories_of(values, names)
    values = full(values, categories)
    hidden = suppressed_cells(values, categories) if suppressed else frozenset()
    return Figures(values=values, categories=categories, hidden=hidden)


def combined_figures(figures, names=None):
    """The figures of several pilots added up. A cell is hidden when any pilot's part in it is
    hidden (rule 4 of pilots/suppression.py): what is shown is then a sum of what the reader
    sees pilot by pilot, and nothing hidden can be had back by subtraction across pages or
    filters."""
    values = {}
    hidden = set()
    for one in figures:
        for cell, number in one.values.items():
            values[cell] = values.get(cell, 0) + number
        hidden |= one.hidden
    categories = categories_of(values, names)
    values = full(values, categories)
    return Figures(values=values, categories=categories, hidden=frozenset(hidden))


@dataclass
class Data:
    """Everything a dashboard, export or report shows of a selection of pilots."""

    pilots: list
    # {pilot id: Figures}, as the reader may see them.
    by_pilot: dict
    total: Figures
    district_names: dict = field(default_factory=dict)
    # The reader sees these pilots' figures unsuppressed (they are partners).
    raw_pilot_ids: frozenset = frozenset()

    @property
    def suppressed(self):
        """True when any figure is hidden from this reader."""
        return bool(self.total.hidden) or any(f.hidden for f in self.by_pilot.values())

    @property
    def applies_suppression(self):
        """True when the reader is outside some pilot's organisations (suppression applies,
        whether or not a cell is small)."""
        return any(p.pk not in self.raw_pilot_ids for p in self.pilots)

    def category_label(self, dimension, category):
        if dimension == "district":
            return self.district_names.get(category, category)
        for one in DIMENSIONS:
            if one.key == dimension:
                return dict(one.categories).get(category, category)
        return category


def read(pilots, *, raw_pilot_ids=frozenset(), keep=True):
    """The Data of `pilots` (a list of Pilot rows) for a reader who sees `raw_pilot_ids`
    unsuppressed. A fixed number of queries: the youth definitions, the pilots' states, the
    counts of those whose state changed (kept_counts; all of them when keep is False) and the
    districts' names."""
    pilots = list(pilots)
    counts = kept_counts(pilots) if keep else read_counts(pilots)
    district_ids = {
        int(cat)
        for values in counts.values()
        for (dim, cat, _measure) in values
        if dim == "district" and cat.isdigit()
    }
    names = {
        str(pk): name
        for pk, name in District.objects.filter(pk__in=district_ids).values_list("pk", "name")
    }
    raw_pilot_ids = frozenset(raw_pilot_ids)
    by_pilot = {
        pilot.pk: pilot_figures(
            counts.get(pilot.pk, {}), suppressed=pilot.pk not in raw_pilot_ids, names=names
        )
        for pilot in pilots
    }
    total = combined_figures(by_pilot.values(), names)
    return Data(
        pilots=pilots,
        by_pilot=by_pilot,
        total=total,
        district_names=names,
        raw_pilot_ids=raw_pilot_ids,
    )


def for_reader(pilots, user, keep=True):
    """The Data of `pilots` as `user` may see it: unsuppressed for the pilots their
    organisations are partners in, suppressed for the rest."""
    pilots = list(pilots)
    raw = set(
        Pilot.objects.partnered_by(user)
        .filter(pk__in=[pilot.pk for pilot in pilots])
        .values_list("pk", flat=True)
    )
    return read(pilots, raw_pilot_ids=raw, keep=keep)


def standard_progress(figures, targets=()):
    """indicators.progress of a Figures."""
    return indicators.progress(figures.values, figures.hidden, targets)


# Tables: what the pages, the exports and the reports show ---------------------------------

TEXT = "text"
BREAKDOWN_COUNTS = ("enrolled", "completed", "awarded", "in_work_6")
BREAKDOWN_RATES = ("completion_rate", "pass_rate", "award_rate", "employment_6_months")


@dataclass(frozen=True)
class Cell:
    """One cell of a table: a text, or a figure (count, percent or score) that may be hidden."""

    value: object = None
    kind: str = TEXT
    hidden: bool = False

    @property
    def text(self):
        from django.utils.formats import number_format
        from django.utils.translation import gettext

        if self.hidden:
            return gettext("hidden")
        if self.value is None:
            return "" if self.kind == TEXT else "–"
        if self.kind == indicators.COUNT:
            return number_format(self.value, 0, force_grouping=True)
        if self.kind == indicators.PERCENT:
            return number_format(indicators.rounded(self.value), 1, force_grouping=True) + "%"
        if self.kind == indicators.SCORE:
            return number_format(indicators.rounded(self.value, 2), 2)
        return str(self.value)

    @property
    def plain(self):
        """The value for a spreadsheet: a number (rounded as shown), a text, or the word for
        hidden."""
        from django.utils.translation import gettext

        if self.hidden:
            return gettext("hidden")
        if self.value is None:
            return ""
        if self.kind == indicators.COUNT:
            return int(self.value)
        if self.kind == indicators.PERCENT:
            return float(indicators.rounded(self.value))
        if self.kind == indicators.SCORE:
            return float(indicators.rounded(self.value, 2))
        return str(self.value)


@dataclass
class Table:
    key: str
    caption: object
    columns: list
    rows: list  # lists of Cell, the first a row heading
    # For a chart: the columns to draw, by index.
    chart_columns: tuple = ()
    note: object = ""
    # The last row is the total (charts leave it out).
    has_total: bool = False

    @property
    def hidden_count(self):
        return sum(cell.hidden for row in self.rows for cell in row)


def _count(figures, cell):
    number, hidden = figures.value(cell)
    return Cell(number, indicators.COUNT, hidden)


def _share(figures, top, bottom):
    """`top` as a percent of `bottom`, hidden when either count is."""
    if top in figures.hidden or bottom in figures.hidden:
        return Cell(None, indicators.PERCENT, True)
    below = figures.values.get(bottom, 0)
    if not below:
        return Cell(None, indicators.PERCENT)
    return Cell(indicators.Decimal(figures.values.get(top, 0) * 100) / below, indicators.PERCENT)


def funnel_table(figures, caption=None):
    rows = []
    for measure in indicators.FUNNEL:
        rows.append(
            [
                Cell(indicators.FUNNEL_LABELS[measure]),
                _count(figures, (*ALL, measure)),
                _share(figures, (*ALL, measure), (*ALL, "enrolled")),
            ]
        )
    return Table(
        key="funnel",
        caption=caption or _("From enrolment to work"),
        columns=[_("Stage"), _("People"), _("Share of those enrolled")],
        rows=rows,
        chart_columns=(1,),
    )


def _breakdown_row(figures, label, row):
    cells = [Cell(label)]
    cells += [_count(figures, (*row, measure)) for measure in BREAKDOWN_COUNTS]
    for key in BREAKDOWN_RATES:
        value, hidden = indicators.row_rate(figures.values, figures.hidden, row, key)
        cells.append(Cell(value, indicators.PERCENT, hidden))
    return cells


def _breakdown_columns(first):
    return [
        first,
        *[indicators.MEASURE_LABELS[m] for m in BREAKDOWN_COUNTS],
        *[indicators.ROW_RATE_LABELS[k] for k in BREAKDOWN_RATES],
    ]


def breakdown_table(data, figures, dimension):
    keys = figures.categories.get(dimension.key, [])
    rows = [
        _breakdown_row(figures, data.category_label(dimension.key, cat), (dimension.key, cat))
        for cat in keys
    ]
    rows.append(_breakdown_row(figures, _("All participants"), ALL))
    note = ""
    if dimension.key in ("age_band", "youth"):
        note = _(
            "Age is the pilot's start year minus the year of birth. Young people are those "
            "whose age is within their country's definition of youth, both ends included."
        )
    return Table(
        key=f"by_{dimension.key}",
        caption=dimension.caption,
        columns=_breakdown_columns(dimension.label),
        rows=rows,
        chart_columns=(1, 2, 3, 4),
        note=note,
        has_total=True,
    )


def breakdown_tables(data, figures):
    return [breakdown_table(data, figures, dimension) for dimension in DIMENSIONS]


def pilots_table(data):
    """Across pilots: one row per pilot, then the total."""
    rows = [
        _breakdown_row(data.by_pilot[pilot.pk], str(pilot), ALL)
        for pilot in sorted(data.pilots, key=lambda p: (str(p).casefold(), p.pk))
    ]
    rows.append(_breakdown_row(data.total, _("All pilots"), ALL))
    return Table(
        key="by_pilot",
        caption=_("By pilot"),
        columns=_breakdown_columns(_("Pilot")),
        rows=rows,
        chart_columns=(1, 2, 3, 4),
        has_total=True,
    )


def indicator_table(progress_rows, with_targets=True):
    rows = []
    for row in progress_rows:
        kind = row.unit if not row.is_custom else indicators.SCORE
        value = Cell(row.value, kind, row.hidden)
        if row.is_custom and row.value is not None:
            value = Cell(_custom_text(row.value, row.custom_unit))
        cells = [Cell(row.label), value]
        if row.unit == indicators.COUNT or row.is_custom:
            basis = ""
        elif row.unit == indicators.SCORE:
            basis = (
                ""
                if row.denominator is None
                else _("%(count)s scores") % {"count": row.denominator}
            )
        else:
            basis = (
                ""
                if row.denominator is None
                else _("%(part)s of %(whole)s") % {"part": row.numerator, "whole": row.denominator}
            )
        cells.append(Cell(_("hidden") if row.hidden else basis))
        if with_targets:
            if row.target is None:
                cells += [Cell(_("No target")), Cell("")]
            else:
                target_kind = indicators.SCORE if row.is_custom else row.unit
                target = Cell(row.target, target_kind)
                if row.is_custom:
                    target = Cell(_custom_text(row.target, row.custom_unit))
                cells.append(target)
                cells.append(Cell(_progress_text(row)))
        cells.append(Cell(row.definition))
        rows.append(cells)
    columns = [_("Indicator"), _("Value"), _("Counted")]
    if with_targets:
        columns += [_("Target"), _("Progress")]
    columns.append(_("Definition"))
    return Table(key="indicators", caption=_("Indicators"), columns=columns, rows=rows)


def _custom_text(value, unit):
    from django.utils.formats import number_format

    number = number_format(value.normalize() if value == value.to_integral() else value)
    return f"{number} {unit}".strip()


def _progress_text(row):
    if row.hidden:
        return _("hidden")
    if row.value is None:
        return _("No data yet")
    percent = row.percent_of_target
    if row.met:
        return _("Target met")
    if percent is None:
        return _("Target not met")
    return _("%(percent)s%% of the target") % {"percent": percent}


def pilot_tables(data, targets=()):
    """Every table of one pilot's dashboard (and its export and report), in page order."""
    figures = data.total
    return [
        indicator_table(standard_progress(figures, targets), with_targets=True),
        funnel_table(figures),
        *breakdown_tables(data, figures),
    ]


def across_tables(data):
    """Every table of the dashboard across pilots, in page order."""
    figures = data.total
    return [
        indicator_table(standard_progress(figures), with_targets=False),
        funnel_table(figures),
        pilots_table(data),
        *breakdown_tables(data, figures),
    ]
