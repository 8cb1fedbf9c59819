"""Two snapshots of a design compared section by section, for the compare and restore pages."""

from dataclasses import dataclass

from . import section_kinds
from .diff import side_by_side


@dataclass(frozen=True)
class SectionComparison:
    key: str
    title: str
    rows: list  # diff.Row, aligned; empty when the section is the same in both
    changed: bool


def compare_snapshots(outline, old, new):
    """Every section either snapshot has, in the outline's order, then any section no longer in
    the outline (titled by its key, compared as text)."""
    keys = [key for key in outline.keys if key in old or key in new]
    keys += sorted((set(old) | set(new)) - set(keys))
    sections = []
    for key in keys:
        definition = outline.get(key)
        kind = definition.kind if definition else "text"
        before, after = old.get(key), new.get(key)
        changed = (before or {}) != (after or {})
        rows = (
            side_by_side(section_kinds.as_lines(kind, before), section_kinds.as_lines(kind, after))
            if changed
            else []
        )
        sections.append(
            SectionComparison(
                key=key,
                title=definition.title if definition else key,
                rows=rows,
                changed=changed,
            )
        )
    return sections
