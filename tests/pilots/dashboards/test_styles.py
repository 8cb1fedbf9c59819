"""The one stylesheet styles what the pilots pages and their charts name: every class the
pilots templates and the SVG charts use has a rule in static/css/portal.css (the forms' class
is styled through its elements, project-wide)."""

import re
from pathlib import Path

from django.conf import settings

from pilots import charts
from pilots.disaggregation import Cell, Table
from pilots.indicators import COUNT

PILOTS = Path(settings.BASE_DIR) / "pilots"
STYLESHEET = Path(settings.BASE_DIR) / "static" / "css" / "portal.css"
# Styled through the elements inside it, for every form of the portal.
UNSTYLED = {"portal-form"}
CLASS_ATTRIBUTE = re.compile(r'class="([^"]*)"')
TEMPLATE_TAG = re.compile(r"\{%.*?%\}|\{\{.*?\}\}")


def classes_in(text):
    """The class names in `text`; in a template, those written between its tags
    (class="tag{% if ok %} tag-ok{% endif %}" names tag and tag-ok)."""
    found = set()
    for value in CLASS_ATTRIBUTE.findall(TEMPLATE_TAG.sub(" ", text)):
        found.update(value.split())
    return found


def used_classes():
    used = set()
    for template in (PILOTS / "templates").rglob("*.html"):
        used |= classes_in(template.read_text())
    table = Table(
        key="funnel",
        caption="Funnel",
        columns=["Stage", "People"],
        rows=[[Cell("Enrolled"), Cell(12, COUNT)]],
        chart_columns=(1,),
    )
    return used | classes_in(str(charts.svg_bars(table, "chart-funnel")))


def styled_classes():
    css = re.sub(r"/\*.*?\*/", "", STYLESHEET.read_text(), flags=re.S)
    return set(re.findall(r"\.(-?[_a-zA-Z][_a-zA-Z0-9-]*)", css))


def test_every_class_the_pilots_pages_use_is_styled():
    missing = used_classes() - styled_classes() - UNSTYLED
    assert not missing, f"classes without a rule in portal.css: {sorted(missing)}"


def test_the_dashboards_rules_are_there():
    styled = styled_classes()
    for name in ("table-wrap", "dashboard-table", "suppressed", "chart-wrap", "chart"):
        assert name in styled, name
