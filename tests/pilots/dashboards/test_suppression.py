"""The suppression rule on plain tables (pilots/suppression.py), no database.

A reader knows the rule: cells of 1 to 4 are hidden, zeros are shown, so any hidden cell is at
least 1. `solutions` enumerates every way the hidden cells of a table can be filled in that
agrees with what is visible; a cell is safe when it can take more than one value.
"""

import itertools

import numpy

from pilots.suppression import Line, exposed, primary, recoverable, suppress


def column(name, members, total):
    """A one-column breakdown: values and its line."""
    values = {(name, key): value for key, value in members.items()}
    values[(name, "total")] = total
    return values, Line(tuple((name, key) for key in members), (name, "total"))


def solutions(values, lines, hidden, limit=40):
    """Every assignment of the hidden cells (each 1..limit) that satisfies every line."""
    hidden = sorted(hidden, key=str)
    found = []
    for guess in itertools.product(range(1, limit + 1), repeat=len(hidden)):
        trial = dict(values)
        trial.update(zip(hidden, guess, strict=True))
        if all(sum(trial[m] for m in line.members) == trial[line.total] for line in lines):
            found.append(dict(zip(hidden, guess, strict=True)))
    return found


def determined_by_subtraction(values, lines, hidden):
    """The hidden cells the lines pin down by linear algebra alone (no bounds): x is pinned
    when its unit vector lies in the row space of the lines' coefficients on hidden cells."""
    hidden = sorted(hidden, key=str)
    if not hidden:
        return set()
    matrix = numpy.array(
        [
            [
                (1 if cell in line.members else 0) - (1 if cell == line.total else 0)
                for cell in hidden
            ]
            for line in lines
        ],
        dtype=float,
    )
    rank = numpy.linalg.matrix_rank(matrix)
    pinned = set()
    for index, cell in enumerate(hidden):
        unit = numpy.zeros((1, len(hidden)))
        unit[0, index] = 1
        if numpy.linalg.matrix_rank(numpy.vstack([matrix, unit])) == rank:
            pinned.add(cell)
    return pinned


def assert_nothing_recoverable(values, lines, hidden):
    found = solutions(values, lines, hidden)
    assert found, "the true values must be one of the solutions"
    for cell in hidden:
        assert len({solution[cell] for solution in found}) > 1, f"{cell} can be worked out"
    assert recoverable(values, lines, hidden) == set()


def test_primary_hides_one_to_four_and_shows_zero_and_five():
    values = {"a": 0, "b": 1, "c": 4, "d": 5, "e": 12}
    assert primary(values) == {"b", "c"}


def test_a_lone_small_cell_takes_the_next_smallest_with_it():
    values, line = column("gender", {"female": 6, "male": 7, "other": 3, "undisclosed": 0}, 16)
    hidden = suppress(values, [line])
    # "other" (3) alone could be had as 16 - 6 - 7 - 0: the smallest non-zero visible cell
    # (female, 6) goes too; the zero stays.
    assert hidden == {("gender", "other"), ("gender", "female")}
    assert_nothing_recoverable(values, [line], hidden)


def test_two_small_cells_protect_each_other():
    values, line = column("setting", {"rural": 2, "urban": 3}, 5)
    hidden = suppress(values, [line])
    assert hidden == {("setting", "rural"), ("setting", "urban")}
    assert not exposed(line, values, hidden)
    assert_nothing_recoverable(values, [line], hidden)


def test_hidden_cells_that_must_all_be_one_take_another_with_them():
    # 1 + 1 hidden with the total shown: the reader knows each hidden cell is at least 1, so
    # two hidden cells adding up to 2 are both 1.
    values, line = column("district", {"a": 1, "b": 1, "c": 9, "d": 12}, 23)
    hidden = suppress(values, [line])
    assert hidden == {("district", "a"), ("district", "b"), ("district", "c")}
    assert_nothing_recoverable(values, [line], hidden)


def test_a_small_total_is_hidden_and_its_categories_with_it():
    values, line = column("gender", {"female": 3, "male": 0, "other": 0, "undisclosed": 0}, 3)
    hidden = suppress(values, [line])
    assert hidden == {("gender", "female"), ("gender", "total")}


def test_many_ones_and_zeros_hide_the_total_when_no_category_is_left():
    # Five districts of one person each: the total (5) is shown, every district hidden, and
    # the hidden ones add up to their number: the total has to go.
    members = {f"d{n}": 1 for n in range(5)} | {"e": 0}
    values, line = column("district", members, 5)
    hidden = suppress(values, [line])
    assert ("district", "total") in hidden
    assert ("district", "e") not in hidden
    assert recoverable(values, [line], hidden) == set()


def test_shared_totals_are_checked_across_breakdowns_until_stable():
    # Two breakdowns of the same 9 people. The second hides its total (all small and ones),
    # so the first must not show its total either... unless it has two hidden cells already.
    gender = {("g", "f"): 4, ("g", "m"): 5}
    youth = {("y", "a"): 1, ("y", "b"): 1, ("y", "c"): 1, ("y", "d"): 1, ("y", "e"): 5}
    values = {**gender, **youth, "total": 9}
    lines = [
        Line((("g", "f"), ("g", "m")), "total"),
        Line(tuple(youth), "total"),
    ]
    hidden = suppress(values, lines)
    assert ("g", "f") in hidden and ("g", "m") in hidden
    assert ("y", "e") in hidden
    assert "total" not in hidden
    assert recoverable(values, lines, hidden) == set()
    assert determined_by_subtraction(values, lines, hidden) == set()


def test_a_two_way_table_is_protected_by_rows_and_columns():
    # The brief's rule on a table whose rows and columns both add up.
    table = {
        ("r1", "c1"): 3,
        ("r1", "c2"): 10,
        ("r1", "c3"): 12,
        ("r2", "c1"): 8,
        ("r2", "c2"): 9,
        ("r2", "c3"): 20,
        ("r3", "c1"): 15,
        ("r3", "c2"): 6,
        ("r3", "c3"): 7,
    }
    rows, cols = ["r1", "r2", "r3"], ["c1", "c2", "c3"]
    values = dict(table)
    lines = []
    for r in rows:
        values[(r, "total")] = sum(table[(r, c)] for c in cols)
        lines.append(Line(tuple((r, c) for c in cols), (r, "total")))
    for c in cols:
        values[("total", c)] = sum(table[(r, c)] for r in rows)
        lines.append(Line(tuple((r, c) for r in rows), ("total", c)))
    hidden = suppress(values, lines)
    assert ("r1", "c1") in hidden
    # A cell hidden in a two-way table needs a rectangle of four; the rule finds one.
    assert len(hidden) == 4, sorted(hidden)
    assert recoverable(values, lines, hidden) == set()
    assert determined_by_subtraction(values, lines, hidden) == set()
