"""Charts drawn on the server: inline SVG for the pages, matplotlib for the Word reports.

No JavaScript and no style attributes (the Content Security Policy allows neither inline):
colours and fonts are SVG presentation attributes. Each SVG has role="img", a <title> that
says what it shows in words and a <desc> that points to the table beside it, which holds
every figure the chart draws (pages place the table right after the chart). A hidden figure
draws no bar; the word "hidden" stands in its place.
"""

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

# Colours with at least 3:1 contrast against white, told apart by lightness as well as hue.
COLOURS = ("#1f5f8b", "#b35806", "#2d7f3e", "#5e3c99")
WIDTH = 640
LABEL_WIDTH = 190
VALUE_ROOM = 70
BAR_HEIGHT = 14
BAR_GAP = 2
GROUP_GAP = 12
LEGEND_ROW = 22
FONT_SIZE = 12
MAX_LABEL = 28


def _clip(text, limit=MAX_LABEL):
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _number(cell):
    return None if cell.hidden or cell.value is None else float(cell.value)


def series_of(table):
    """(category labels, [(series name, [cells])]) of a table's chart columns."""
    rows = table.rows[:-1] if table.has_total else table.rows
    labels = [row[0].text for row in rows]
    series = [
        (str(table.columns[index]), [row[index] for row in rows]) for index in table.chart_columns
    ]
    return labels, series


def has_bars(table):
    """True when the chart would draw at least one bar (a figure shown and above zero)."""
    _labels, series = series_of(table)
    return any((_number(cell) or 0) > 0 for _name, cells in series for cell in cells)


def description(table):
    """The chart's figures in words, for its <title> and a report picture's alt text."""
    labels, series = series_of(table)
    parts = []
    for position, label in enumerate(labels):
        values = "; ".join(f"{name} {cells[position].text}" for name, cells in series)
        parts.append(f"{label}: {values}")
    return ". ".join(parts)


def svg_bars(table, chart_id):
    """A horizontal bar chart of `table`'s chart columns, one group of bars per row."""
    labels, series = series_of(table)
    numbers = [_number(cell) for _name, cells in series for cell in cells]
    top = max([n for n in numbers if n is not None] + [0]) or 1
    legend = len(series) > 1
    group_height = len(series) * (BAR_HEIGHT + BAR_GAP) - BAR_GAP
    y0 = LEGEND_ROW + 6 if legend else 4
    height = y0 + len(labels) * (group_height + GROUP_GAP) + 4
    bar_room = WIDTH - LABEL_WIDTH - VALUE_ROOM
    title_id, desc_id = f"{chart_id}-title", f"{chart_id}-desc"
    title = _("%(caption)s, as a bar chart. %(figures)s.") % {
        "caption": table.caption,
        "figures": description(table),
    }
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" preserveAspectRatio="xMinYMin meet" role="img" '
        f'aria-labelledby="{title_id} {desc_id}" class="chart" '
        f'font-family="system-ui, sans-serif" font-size="{FONT_SIZE}">',
        f'<title id="{title_id}">{escape(title)}</title>',
        f'<desc id="{desc_id}">{escape(_("The table next to this chart holds its figures."))}'
        "</desc>",
    ]
    if legend:
        x = LABEL_WIDTH
        for index, (name, _cells) in enumerate(series):
            colour = COLOURS[index % len(COLOURS)]
            parts.append(
                f'<rect x="{x}" y="4" width="12" height="12" fill="{colour}"/>'
                f'<text x="{x + 16}" y="14" fill="#222">{escape(_clip(name, 24))}</text>'
            )
            x += 30 + min(len(str(name)), 24) * 7.5
    for position, label in enumerate(labels):
        top_y = y0 + position * (group_height + GROUP_GAP)
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{top_y + group_height / 2 + 4:.0f}" '
            f'text-anchor="end" fill="#222">{escape(_clip(label))}</text>'
        )
        for index, (_name, cells) in enumerate(series):
            cell = cells[position]
            y = top_y + index * (BAR_HEIGHT + BAR_GAP)
            number = _number(cell)
            width = 0 if number is None else max(bar_room * number / top, 0)
            if width:
                parts.append(
                    f'<rect x="{LABEL_WIDTH}" y="{y}" width="{width:.1f}" '
                    f'height="{BAR_HEIGHT}" fill="{COLOURS[index % len(COLOURS)]}"/>'
                )
            parts.append(
                f'<text x="{LABEL_WIDTH + width + 4:.1f}" y="{y + BAR_HEIGHT - 3}" '
                f'fill="#222">{escape(cell.text)}</text>'
            )
    parts.append(
        f'<line x1="{LABEL_WIDTH}" y1="{y0 - 2}" x2="{LABEL_WIDTH}" y2="{height - 2}" '
        'stroke="#555" stroke-width="1"/>'
    )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 (every text in it is escaped above)


def draw_bars(table):
    """draw(ax) for DocumentBuilder.chart: the same chart with matplotlib."""
    labels, series = series_of(table)

    def draw(ax):
        count = len(series)
        height = 0.8 / max(count, 1)
        positions = list(range(len(labels)))
        numbers = [_number(cell) for _name, cells in series for cell in cells]
        top = max([n for n in numbers if n is not None] + [0]) or 1
        for index, (name, cells) in enumerate(series):
            offsets = [p - 0.4 + height * (index + 0.5) for p in positions]
            values = [_number(cell) or 0 for cell in cells]
            ax.barh(
                offsets,
                values,
                height=height * 0.9,
                color=COLOURS[index % len(COLOURS)],
                label=name,
            )
            for offset, cell, value in zip(offsets, cells, values, strict=True):
                ax.annotate(
                    cell.text,
                    (value, offset),
                    xytext=(3, 0),
                    textcoords="offset points",
                    va="center",
                    fontsize=7,
                )
        ax.set_yticks(positions, labels=[_clip(label, 34) for label in labels])
        ax.invert_yaxis()
        ax.set_xlim(0, top * 1.18)
        ax.tick_params(axis="both", labelsize=8)
        if count > 1:
            ax.legend(fontsize=7, loc="lower right")

    return draw
