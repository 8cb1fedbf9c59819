"""The dashboards' fixture: fourteen participants laid out by hand, so every expected figure in
these tests can be checked with a pencil.

The pilot (tests/pilots/helpers.py's world, Mauritius) starts on 1 February 2026, so a
participant's age is 2026 minus the year of birth. Mauritius defines youth as 14 to 35,
both ends included (pilots/data/youth_definitions.json). Columns: reference, gender, year of
birth (age in 2026), rural or urban, disability, district, completed, assessment, awarded,
status at six months, employer satisfaction.

    ref  gender      born (age) setting disab.      district    done result awarded 6 months   sat.
    P01  female      2004 (22)  rural   no          Flacq       yes  passed yes  employed      4
    P02  female      2002 (24)  rural   no          Flacq       yes  passed yes  promoted      5
    P03  female      2001 (25)  rural   yes         Flacq       yes  passed yes  unemployed    -
    P04  female      1998 (28)  urban   no          Port Louis  yes  failed no   no_response   -
    P05  female      1990 (36)  rural   no          Moka        no   -      no   -             -
    P06  female      1985 (41)  rural   no          Moka        yes  passed yes  self_employed 3
    P07  female      1975 (51)  urban   undisclosed Port Louis  yes  passed yes  employed      4
    P08  male        2005 (21)  rural   no          Flacq       yes  passed yes  employed      5
    P09  male        2000 (26)  urban   no          Port Louis  yes  passed yes  studying      -
    P10  male        1996 (30)  urban   yes         Port Louis  no   -      no   -             -
    P11  male        1991 (35)  rural   no          Flacq       yes  failed no   unemployed    -
    P12  male        1980 (46)  urban   no          Port Louis  yes  passed yes  employed      2
    P13  other       2003 (23)  urban   no          Port Louis  yes  passed no   employed      4
    P14  undisclosed 2012 (14)  rural   no          Flacq       no   -      no   -             -

Totals: enrolled 14, completed 11, assessed 11, passed 9, awarded 8, followed up at six months
(a status other than "not reached") 10, in work at six months (employed, promoted,
self-employed) 7, employer scores 7 adding up to 27.
"""

from datetime import date

import pytest

from pilots.actions.pilots import add_partner, set_target
from pilots.models import PartnerRole
from tests.pilots.helpers import add_participants, make_world

ENROLLED = date(2026, 2, 2)
COMPLETED = date(2026, 4, 30)
AWARDED = date(2026, 5, 15)

# ref, gender, born, setting, disability, district, completed, result, awarded, 6 months, sat.
TABLE = [
    ("P01", "female", 2004, "rural", "no", "Flacq", 1, "passed", 1, "employed", 4),
    ("P02", "female", 2002, "rural", "no", "Flacq", 1, "passed", 1, "promoted", 5),
    ("P03", "female", 2001, "rural", "yes", "Flacq", 1, "passed", 1, "unemployed", None),
    ("P04", "female", 1998, "urban", "no", "Port Louis", 1, "failed", 0, "no_response", None),
    ("P05", "female", 1990, "rural", "no", "Moka", 0, "", 0, "", None),
    ("P06", "female", 1985, "rural", "no", "Moka", 1, "passed", 1, "self_employed", 3),
    ("P07", "female", 1975, "urban", "undisclosed", "Port Louis", 1, "passed", 1, "employed", 4),
    ("P08", "male", 2005, "rural", "no", "Flacq", 1, "passed", 1, "employed", 5),
    ("P09", "male", 2000, "urban", "no", "Port Louis", 1, "passed", 1, "studying", None),
    ("P10", "male", 1996, "urban", "yes", "Port Louis", 0, "", 0, "", None),
    ("P11", "male", 1991, "rural", "no", "Flacq", 1, "failed", 0, "unemployed", None),
    ("P12", "male", 1980, "urban", "no", "Port Louis", 1, "passed", 1, "employed", 2),
    ("P13", "other", 2003, "urban", "no", "Port Louis", 1, "passed", 0, "employed", 4),
    ("P14", "undisclosed", 2012, "rural", "no", "Flacq", 0, "", 0, "", None),
]


def rows_of(world, table):
    rows = []
    for ref, gender, born, setting, disability, district, done, result, award, six, sat in table:
        rows.append(
            (
                ref,
                {
                    "gender": gender,
                    "birth_year": born,
                    "setting": setting,
                    "disability": disability,
                    "district": district,
                    "cohort": world.cohort_a if setting == "rural" else world.cohort_b,
                    "enrolled_on": ENROLLED,
                    "completed_on": COMPLETED if done else None,
                    "assessment_result": result,
                    "awarded_on": AWARDED if award else None,
                    "status_6_months": six,
                    "employer_satisfaction": sat,
                },
            )
        )
    return rows


@pytest.fixture
def world(db):
    world = make_world()
    add_participants(world, rows_of(world, TABLE))
    return world


@pytest.fixture
def pilot(world):
    return world.pilot


@pytest.fixture
def targets(world):
    """Targets the partners set: some met, some not, one custom indicator."""
    pilot, by = world.pilot, world.provider
    set_target(pilot=pilot, key="enrolments", target=20, by=by)
    set_target(pilot=pilot, key="completion_rate", target=75, by=by)
    set_target(pilot=pilot, key="employment_6_months", target=80, by=by)
    set_target(pilot=pilot, key="share_youth", target=60, by=by)
    set_target(
        pilot=pilot,
        key="",
        label="Employers taking part",
        unit="employers",
        target=10,
        actual=12,
        by=by,
    )
    return pilot


# A second pilot in Mauritius, by other organisations, for the cross-pilot figures.
#     ref  gender  born (age)  setting  disab.  district    compl. result awarded 6 months sat.
#     B01  female  2000 (26)   rural    no      Flacq       yes    passed yes     employed  5
#     B02  female  1999 (27)   rural    no      Flacq       yes    passed yes     employed  4
#     B03  female  1998 (28)   rural    no      Flacq       yes    failed no      unemployed -
#     B04  male    1997 (29)   urban    no      Port Louis  yes    passed yes     employed  3
#     B05  male    1996 (30)   urban    no      Port Louis  no     -      no      -         -
#     B06  male    1995 (31)   urban    yes     Port Louis  yes    passed yes     promoted  4
#     B07  male    1990 (36)   urban    no      Port Louis  yes    passed yes     employed  5
SECOND = [
    ("B01", "female", 2000, "rural", "no", "Flacq", 1, "passed", 1, "employed", 5),
    ("B02", "female", 1999, "rural", "no", "Flacq", 1, "passed", 1, "employed", 4),
    ("B03", "female", 1998, "rural", "no", "Flacq", 1, "failed", 0, "unemployed", None),
    ("B04", "male", 1997, "urban", "no", "Port Louis", 1, "passed", 1, "employed", 3),
    ("B05", "male", 1996, "urban", "no", "Port Louis", 0, "", 0, "", None),
    ("B06", "male", 1995, "urban", "yes", "Port Louis", 1, "passed", 1, "promoted", 4),
    ("B07", "male", 1990, "urban", "no", "Port Louis", 1, "passed", 1, "employed", 5),
]


@pytest.fixture
def second(world):
    """A second Mauritian pilot run by other organisations (their own world, sharing the
    country, so the first world's ministry official reads both)."""
    other = make_world(prefix="b.")
    add_participants(other, rows_of(other, SECOND))
    return other


@pytest.fixture
def mixed_partner(world, second):
    """The first world's academic's university is a partner in the second pilot too."""
    add_partner(
        pilot=second.pilot,
        organisation=world.university,
        role=PartnerRole.EDUCATION,
        by=second.provider,
    )
    return world.academic
