"""No hidden figure can be worked out from the visible ones: on one pilot's dashboard, and
across pilots together with every pilot's own dashboard (the same reader sees both).

The reader's knowledge is written as linear equations over the hidden cells (each line of a
breakdown adds up to its total; a figure across pilots is the sum of the pilots' figures); a
hidden cell is given away when its unit vector lies in the span of those equations.
"""

import numpy
import pytest

from pilots import disaggregation
from pilots.suppression import recoverable

pytestmark = pytest.mark.django_db


def pinned(equations, unknowns):
    """The unknowns a set of linear equations ({unknown: coefficient}) determines."""
    unknowns = sorted(unknowns, key=str)
    index = {u: i for i, u in enumerate(unknowns)}
    rows = []
    for equation in equations:
        row = numpy.zeros(len(unknowns))
        for unknown, coefficient in equation.items():
            if unknown in index:
                row[index[unknown]] += coefficient
        if row.any():
            rows.append(row)
    if not rows:
        return set()
    # x_i is determined exactly when every solution of the homogeneous system has x_i = 0:
    # the i-th entry of every vector of the null space is 0.
    matrix = numpy.array(rows)
    _u, singular, vh = numpy.linalg.svd(matrix)
    rank = int((singular > 1e-9).sum())
    null_space = vh[rank:]
    return {
        unknown
        for unknown, i in index.items()
        if not len(null_space) or numpy.abs(null_space[:, i]).max() < 1e-9
    }


def line_equations(figures, tag):
    """The lines of one set of figures as equations over ("tag", cell)."""
    for line in disaggregation.lines_for(figures.categories):
        equation = {(tag, cell): 1 for cell in line.members}
        equation[(tag, line.total)] = equation.get((tag, line.total), 0) - 1
        yield equation


def test_one_pilots_hidden_cells_cannot_be_worked_out(pilot):
    figures = disaggregation.read([pilot]).total
    assert figures.hidden
    lines = disaggregation.lines_for(figures.categories)
    assert recoverable(figures.values, lines, figures.hidden) == set()
    unknowns = {("a", cell) for cell in figures.hidden}
    assert pinned(list(line_equations(figures, "a")), unknowns) == set()


def test_across_pilots_nothing_hidden_comes_back_with_the_pilots_own_pages(pilot, second):
    data = disaggregation.read([pilot, second.pilot])
    first, other = data.by_pilot[pilot.pk], data.by_pilot[second.pilot.pk]
    total = data.total
    assert first.hidden and other.hidden and total.hidden

    # A cell across pilots is hidden when either pilot's part in it is.
    assert total.hidden == first.hidden | other.hidden
    assert total.value(("all", "", "enrolled")) == (21, False)
    # Women: 7 in the first pilot (shown there), 3 in the second (hidden there): the sum is
    # hidden, or 10 - 7 would give the second pilot's 3 away.
    assert first.value(("gender", "female", "enrolled")) == (7, False)
    assert other.value(("gender", "female", "enrolled")) == (None, True)
    assert total.value(("gender", "female", "enrolled")) == (None, True)

    unknowns = {("a", c) for c in first.hidden} | {("b", c) for c in other.hidden}
    unknowns |= {("t", c) for c in total.hidden}
    equations = [*line_equations(first, "a"), *line_equations(other, "b")]
    equations += list(line_equations(total, "t"))
    for cell in total.values:
        if cell[2] == "satisfaction_sum":
            continue
        # total = first + second, whether the reader sees the total or not.
        equations.append({("t", cell): 1, ("a", cell): -1, ("b", cell): -1})
    assert pinned(equations, unknowns) == set()


def test_a_partner_of_one_pilot_sees_it_whole_and_the_other_suppressed(
    pilot, second, mixed_partner
):
    from pilots.models import Pilot

    # The academic's university partners both pilots now: nothing is hidden from them.
    both = Pilot.objects.filter(pk__in=[pilot.pk, second.pilot.pk])
    data = disaggregation.for_reader(both, mixed_partner)
    assert not data.suppressed
    # The second world's provider partners only the second pilot.
    data = disaggregation.for_reader(
        Pilot.objects.filter(pk__in=[pilot.pk, second.pilot.pk]), second.provider
    )
    assert data.by_pilot[second.pilot.pk].hidden == frozenset()
    assert data.by_pilot[pilot.pk].hidden
    assert data.total.hidden == data.by_pilot[pilot.pk].hidden
