"""Small-cell suppression: what a reader outside a pilot's own organisations may not see.

The rule (docs/pilot-dashboards.md says the same in words):

1. Primary: a count of 1 to 4 people is hidden. A count of 0 is shown: it describes nobody,
   and hiding zeros would only hide that a group is empty (and make every table of a small
   pilot unreadable). Because zeros are shown and a hidden cell is never a zero (see 2), a
   reader knows every hidden cell is at least 1, and the rule below takes that into account.
2. Secondary: counts sit in additive lines: the categories of a breakdown add up to the total
   shown beside them (women + men + ... = all enrolled). A line that has exactly one hidden
   cell gives it away by subtraction; so does a line whose hidden cells add up to no more than
   their number (two hidden cells that must add up to 2 are both 1). In such a line the
   smallest visible non-zero category is hidden too (the total only when no category is left),
   and the lines are checked again until nothing changes. The totals are shared by every
   breakdown of a page (the funnel), so one pass runs over all of them together.
3. Rates and means follow their counts: a rate is hidden when its numerator or its
   denominator is hidden (a visible rate and a visible denominator give the numerator back);
   a mean satisfaction score is hidden when the number of scores behind it is.
4. Across pilots (pilots/disaggregation.py): a figure that adds up several pilots is hidden
   whenever any pilot's share in it is hidden on that pilot's own dashboard. Every figure
   shown across pilots is then a sum of figures the same reader already sees pilot by pilot,
   so no filter, and no difference between two filters, can give a hidden one back.

The functions here work on plain values (a dict of cell key -> count) so they can be tested
and reasoned about without a database.
"""

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass

# Counts of people from 1 to THRESHOLD - 1 are hidden.
THRESHOLD = 5


def is_small(count):
    """True for a count that describes 1 to 4 people."""
    return count is not None and 0 < count < THRESHOLD


@dataclass(frozen=True)
class Line:
    """An additive line of a table: the `members` add up to `total`."""

    members: tuple
    total: Hashable

    def cells(self):
        return (*self.members, self.total)


def primary(values):
    """The keys of the cells that describe 1 to 4 people."""
    return {key for key, value in values.items() if is_small(value)}


def exposed(line, values, hidden):
    """True when a hidden cell of `line` can be worked out from what is visible: exactly one
    cell of the line is hidden, or the hidden members must add up to their own number (each
    hidden cell is at least 1, so they are all 1)."""
    hidden_cells = [key for key in line.cells() if key in hidden]
    if not hidden_cells:
        return False
    if len(hidden_cells) == 1:
        return True
    if line.total in hidden:
        return False
    rest = values[line.total] - sum(values[key] for key in line.members if key not in hidden)
    return rest <= len(hidden_cells)


def _next_to_hide(line, values, hidden, lines_of):
    """The cell to hide next in an exposed line: a visible non-zero member, preferring one
    whose other lines are exposed too (one cell then mends two lines, as in a two-way table),
    then the smallest; else the total. None when there is nothing left to hide."""
    candidates = [key for key in line.members if key not in hidden and values[key] > 0]
    if candidates:

        def cost(key):
            others = [other for other in lines_of.get(key, ()) if other is not line]
            return (-sum(exposed(other, values, hidden) for other in others), values[key])

        return min(candidates, key=cost)
    if line.total not in hidden and values[line.total] > 0:
        return line.total
    return None


def suppress(values, lines: Iterable[Line], hidden=None):
    """The set of cell keys to hide: the small cells (or the given `hidden` set) and every
    cell the secondary rule adds, over all `lines` together until nothing changes."""
    hidden = set(primary(values) if hidden is None else hidden)
    lines = list(lines)
    lines_of = {}
    for line in lines:
        for key in line.cells():
            lines_of.setdefault(key, []).append(line)
    changed = True
    while changed:
        changed = False
        for line in lines:
            while exposed(line, values, hidden):
                key = _next_to_hide(line, values, hidden, lines_of)
                if key is None:
                    break
                hidden.add(key)
                changed = True
    return hidden


def recoverable(values, lines: Sequence[Line], hidden):
    """The hidden cells a reader could work out from the visible ones, line by line (the check
    the tests run against `suppress`): an empty set when the suppression holds."""
    found = set()
    for line in lines:
        hidden_cells = [key for key in line.cells() if key in hidden]
        if len(hidden_cells) == 1:
            found.update(hidden_cells)
        elif hidden_cells and line.total not in hidden:
            rest = values[line.total] - sum(
                values[key] for key in line.members if key not in hidden
            )
            if rest == len(hidden_cells):
                found.update(hidden_cells)
    return found
