"""Every indicator and every breakdown of the fixture (conftest.py's table), checked by hand,
as a partner sees them (nothing hidden) and as an outsider does (the suppression rule)."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pilots import disaggregation, indicators
from pilots.indicators import rounded

pytestmark = pytest.mark.django_db

M = ("enrolled", "completed", "assessed", "passed", "awarded", "followed_6", "in_work_6")

# Hand-counted from the table in conftest.py: for each category, the counts in the order of
# M, then (employer scores, their sum) for the whole pilot (breakdowns leave satisfaction out).
EXPECTED = {
    ("all", ""): ((14, 11, 11, 9, 8, 10, 7), (7, 27)),  # scores 4+5+3+4+5+2+4
    ("gender", "female"): ((7, 6, 6, 5, 5, 5, 4), None),
    ("gender", "male"): ((5, 4, 4, 3, 3, 4, 2), None),
    ("gender", "other"): ((1, 1, 1, 1, 0, 1, 1), None),
    ("gender", "undisclosed"): ((1, 0, 0, 0, 0, 0, 0), None),
    ("age_band", "under_15"): ((1, 0, 0, 0, 0, 0, 0), None),
    ("age_band", "15_24"): ((4, 4, 4, 4, 3, 4, 4), None),
    ("age_band", "25_34"): ((4, 3, 3, 2, 2, 2, 0), None),
    ("age_band", "35_44"): ((3, 2, 2, 1, 1, 2, 1), None),
    ("age_band", "45_plus"): ((2, 2, 2, 2, 2, 2, 2), None),
    # 14 (P14) and 35 (P11) are young in Mauritius: both ends count.
    ("youth", "young"): ((10, 8, 8, 6, 5, 7, 4), None),
    ("youth", "not_young"): ((4, 3, 3, 3, 3, 3, 3), None),
    ("setting", "rural"): ((8, 6, 6, 5, 5, 6, 4), None),
    ("setting", "urban"): ((6, 5, 5, 4, 3, 4, 3), None),
    ("disability", "yes"): ((2, 1, 1, 1, 1, 1, 0), None),
    ("disability", "no"): ((11, 9, 9, 7, 6, 8, 6), None),
    ("disability", "undisclosed"): ((1, 1, 1, 1, 1, 1, 1), None),
    ("district", "Flacq"): ((6, 5, 5, 4, 4, 5, 3), None),
    ("district", "Moka"): ((2, 1, 1, 1, 1, 1, 1), None),
    ("district", "Port Louis"): ((6, 5, 5, 4, 3, 4, 3), None),
}

# What an outsider may not see, worked out by hand with the rule (pilots/suppression.py):
# primary cells (1 to 4), then per line the secondary ones. Zeros stay visible.
HIDDEN = {
    # enrolled 7, 5, 1*, 1*: the two 1s add up to their number: male (5) goes too.
    # awarded 5, 3*, 0, 0: female (5) goes with male's 3. In work 4*, 2*, 1*, 0: all small.
    ("gender", "female"): {"awarded", "in_work_6"},
    ("gender", "male"): set(M),
    ("gender", "other"): {"enrolled", "completed", "assessed", "passed"}
    | {"followed_6", "in_work_6"},
    ("gender", "undisclosed"): {"enrolled"},
    # Every non-zero age band cell is 1 to 4.
    ("age_band", "under_15"): {"enrolled"},
    ("age_band", "15_24"): set(M),
    ("age_band", "25_34"): {"enrolled", "completed", "assessed", "passed", "awarded"}
    | {"followed_6"},
    ("age_band", "35_44"): set(M),
    ("age_band", "45_plus"): set(M),
    # Not young has 1-4 everywhere, so young, the only other cell of each line, goes too.
    ("youth", "young"): set(M),
    ("youth", "not_young"): set(M),
    # rural 8/6/6 and urban 6/5/5 stay; from "passed" on urban is small and rural goes too.
    ("setting", "rural"): {"passed", "awarded", "followed_6", "in_work_6"},
    ("setting", "urban"): {"passed", "awarded", "followed_6", "in_work_6"},
    # yes 2*, no 11, undisclosed 1*: 2 + 1 = 3 is more than two cells of 1, so 11 stays;
    # completed 1*, 9, 1*: the hidden add up to 2, their number: 9 goes too; likewise on.
    ("disability", "yes"): {"enrolled", "completed", "assessed", "passed", "awarded"}
    | {"followed_6"},
    ("disability", "no"): {"completed", "assessed", "passed", "awarded", "followed_6"}
    | {"in_work_6"},
    ("disability", "undisclosed"): set(M),
    # Flacq 6, Moka 2*, Port Louis 6: the first of the two 6s (by name) goes with Moka.
    ("district", "Flacq"): {"enrolled", "completed", "assessed", "passed", "awarded"}
    | {"in_work_6"},
    ("district", "Moka"): set(M),
    ("district", "Port Louis"): {"passed", "awarded", "followed_6", "in_work_6"},
}


def by_name(data, figures):
    """Figures' values with district ids replaced by their names."""
    names = data.district_names
    return {
        (dim, names.get(cat, cat) if dim == "district" else cat, measure): value
        for (dim, cat, measure), value in figures.values.items()
    }, {
        (dim, names.get(cat, cat) if dim == "district" else cat, measure)
        for (dim, cat, measure) in figures.hidden
    }


def test_every_count_of_every_breakdown(pilot):
    data = disaggregation.read([pilot], raw_pilot_ids={pilot.pk})
    values, hidden = by_name(data, data.total)
    assert hidden == set()
    for row, (counts, satisfaction) in EXPECTED.items():
        for measure, expected in zip(M, counts, strict=True):
            assert values[(*row, measure)] == expected, (row, measure)
        if satisfaction is not None:
            scores = (values[(*row, "satisfaction_n")], values[(*row, "satisfaction_sum")])
            assert scores == satisfaction
        else:
            assert (*row, "satisfaction_n") not in values
    # Each breakdown adds up to the whole.
    for dimension in ("gender", "age_band", "youth", "setting", "disability", "district"):
        for measure in M:
            parts = [n for (dim, _c, m), n in values.items() if dim == dimension and m == measure]
            assert sum(parts) == values[("all", "", measure)]
    # The youth row for a country without a definition, and empty bands, are not listed.
    assert data.total.categories["youth"] == ["young", "not_young"]
    assert data.total.categories["age_band"][0] == "under_15"


def test_every_standard_indicator_for_a_partner(pilot):
    data = disaggregation.read([pilot], raw_pilot_ids={pilot.pk})
    rows = {row.key: row for row in disaggregation.standard_progress(data.total)}
    assert rows["enrolments"].value == 14
    assert (rows["completion_rate"].numerator, rows["completion_rate"].denominator) == (11, 14)
    assert rounded(rows["completion_rate"].value) == Decimal("78.6")
    assert (rows["pass_rate"].numerator, rows["pass_rate"].denominator) == (9, 11)
    assert rounded(rows["pass_rate"].value) == Decimal("81.8")
    assert (rows["award_rate"].numerator, rows["award_rate"].denominator) == (8, 14)
    assert rounded(rows["award_rate"].value) == Decimal("57.1")
    # 7 in work of the 10 with a six-month status (P04 was not reached; 3 have none yet).
    assert (rows["employment_6_months"].numerator, rows["employment_6_months"].denominator) == (
        7,
        10,
    )
    assert rows["employment_6_months"].value == 70
    assert rows["share_women"].value == 50  # 7 of 14
    assert rounded(rows["share_rural"].value) == Decimal("57.1")  # 8 of 14
    assert rounded(rows["share_youth"].value) == Decimal("71.4")  # 10 of 14
    assert rounded(rows["employer_satisfaction"].value, 2) == Decimal("3.86")  # 27 / 7
    assert rows["employer_satisfaction"].denominator == 7
    assert not any(row.hidden for row in rows.values())


def test_progress_against_targets(pilot, targets):
    data = disaggregation.read([pilot], raw_pilot_ids={pilot.pk})
    rows = {
        row.key: row
        for row in disaggregation.standard_progress(data.total, list(pilot.indicator_targets.all()))
    }
    assert rows["enrolments"].target == 20
    assert rows["enrolments"].percent_of_target == 70  # 14 of 20
    assert rows["enrolments"].met is False
    assert rows["completion_rate"].met is True  # 78.6% against 75%
    assert rows["employment_6_months"].percent_of_target == 88  # 70 / 80 = 87.5, rounded up
    assert rows["employment_6_months"].met is False
    assert rows["share_youth"].met is True
    assert rows["pass_rate"].target is None and rows["pass_rate"].met is None
    custom = rows["custom-employers-taking-part"]
    assert custom.is_custom and custom.value == 12 and custom.target == 10 and custom.met


def test_an_outsider_sees_the_hand_worked_suppression(pilot):
    data = disaggregation.read([pilot])
    values, hidden = by_name(data, data.total)
    expected = {(*row, measure) for row, measures in HIDDEN.items() for measure in measures}
    assert hidden == expected
    # Zeros are shown, totals too.
    assert ("gender", "undisclosed", "completed") not in hidden
    assert not any(cell[0] == "all" for cell in hidden)


def test_an_outsiders_indicators(pilot, targets):
    data = disaggregation.read([pilot])
    rows = {
        row.key: row
        for row in disaggregation.standard_progress(data.total, list(pilot.indicator_targets.all()))
    }
    # The whole pilot's figures are not small...
    assert rows["enrolments"].value == 14
    assert rounded(rows["completion_rate"].value) == Decimal("78.6")
    assert rows["share_women"].value == 50
    assert rounded(rows["share_rural"].value) == Decimal("57.1")
    # ... but the young (10) and the others (4) are hidden, and the share with them, its
    # progress against the target too.
    assert rows["share_youth"].hidden and rows["share_youth"].value is None
    assert rows["share_youth"].met is None and rows["share_youth"].percent_of_target is None


def test_breakdown_rates_follow_their_counts(pilot):
    data = disaggregation.read([pilot])
    figures = data.total
    female = ("gender", "female")
    # Female completion 6 of 7 is shown; the award rate is hidden with the awarded count.
    value, hidden = indicators.row_rate(figures.values, figures.hidden, female, "completion_rate")
    assert not hidden and rounded(value) == Decimal("85.7")
    assert indicators.row_rate(figures.values, figures.hidden, female, "award_rate") == (
        None,
        True,
    )
    # Nothing hidden for a partner.
    raw = disaggregation.read([pilot], raw_pilot_ids={pilot.pk}).total
    value, hidden = indicators.row_rate(raw.values, raw.hidden, female, "award_rate")
    assert not hidden and rounded(value) == Decimal("71.4")  # 5 of 7


def test_the_counts_take_a_fixed_number_of_queries(pilot, second):
    pilots = [pilot, second.pilot]
    with CaptureQueriesContext(connection) as one:
        disaggregation.read([pilot])
    with CaptureQueriesContext(connection) as two:
        disaggregation.read(pilots)
    # The youth definitions, the pilots' states, the counts of the pilots not counted yet
    # (inside a savepoint; on PostgreSQL after SET LOCAL jit) and the districts' names,
    # however many pilots and participants.
    assert len(one) == len(two) <= 7


def test_counts_are_kept_until_a_pilots_participants_change(world, pilot):
    from pilots.actions.participants import record_outcomes
    from pilots.models import Participant

    first = disaggregation.read([pilot])
    with CaptureQueriesContext(connection) as again:
        kept = disaggregation.read([pilot])
    assert kept.total.values == first.total.values
    # Nothing counted again: no statement reads the participants.
    assert not any("GROUP BY" in query["sql"] for query in again.captured_queries)
    # P05 completes: the page counts again and shows it.
    p05 = Participant.objects.get(pilot=pilot, reference="P05")
    record_outcomes(participant=p05, completed_on=date(2026, 5, 2), by=world.provider)
    with CaptureQueriesContext(connection) as changed:
        fresh = disaggregation.read([pilot])
    assert any("GROUP BY" in query["sql"] for query in changed.captured_queries)
    assert fresh.total.values[("all", "", "completed")] == 12
    assert fresh.total.values[("district", str(p05.district_id), "completed")] == 2
