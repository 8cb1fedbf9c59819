"""The pilots' Word reports: a pilot's outcome report, and a ministry's summary of one
country's pilots.

Each document is made once per revision of what it shows and then served to everyone who may
read it (portal.documents), so it is made for one audience. Both kinds are read by the
ministries and quality authorities of the country as well as by the partners, so both hide
cells under five people, always, by the rule of pilots/suppression.py: the partners see their
pilot's figures whole on its dashboard and in its exports, never in a shared document.

- Pilot outcome report (subject: a Pilot): the pilot, the funnel, the indicators against the
  partners' targets, every breakdown with its chart, the partners' narrative, and how the
  figures are made. Asked for and read by whoever may read the pilot's aggregates.
- Ministry summary (subject: a Country): every pilot of the country added up, aggregates
  only, and one line per pilot. Asked for and read by the members of that country's ministries
  and quality authorities, and staff.
"""

import hashlib

import pandas as pd
from django.db.models import Count, Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.accounts.models import Organisation
from portal.documents.registry import DocumentKind, register
from portal.frameworks.models import Country

from . import charts, disaggregation, indicators
from .models import IndicatorTarget, Participant, Pilot
from .models.pilots import AGGREGATE_READER_KINDS, aggregate_reader_organisations

OUTCOME_REPORT_SLUG = "pilot_outcome_report"
COUNTRY_SUMMARY_SLUG = "pilot_country_summary"
# The indicator table's last column (the definitions) goes to its own section in a report.
CHART_WIDTH_CM = 16


def _frame(table, drop_last=False):
    columns = [str(column) for column in table.columns]
    rows = [[cell.text for cell in row] for row in table.rows]
    if drop_last:
        columns, rows = columns[:-1], [row[:-1] for row in rows]
    return pd.DataFrame(rows, columns=columns)


def _split(table):
    """A breakdown as two tables that fit the page: its counts, then its rates."""
    columns = [str(column) for column in table.columns]
    rows = [[cell.text for cell in row] for row in table.rows]
    counts = 1 + len(disaggregation.BREAKDOWN_COUNTS)
    yield (
        pd.DataFrame([row[:counts] for row in rows], columns=columns[:counts]),
        _("%(caption)s: people") % {"caption": table.caption},
    )
    yield (
        pd.DataFrame(
            [row[:1] + row[counts:] for row in rows], columns=columns[:1] + columns[counts:]
        ),
        _("%(caption)s: rates") % {"caption": table.caption},
    )


def _table_and_chart(doc, table):
    if len(table.columns) > 5:
        for frame, caption in _split(table):
            doc.table(frame, caption=caption, column_widths=[4] + [2.4] * (frame.shape[1] - 1))
    else:
        doc.table(_frame(table), caption=table.caption)
    if table.note:
        doc.paragraph(str(table.note))
    if not table.chart_columns:
        return
    if not charts.has_bars(table):
        doc.paragraph(_("No chart: every figure it would draw is hidden or zero."))
        return
    rows = len(table.rows) - (1 if table.has_total else 0)
    series = len(table.chart_columns)
    height = min(max(3 + rows * series * 0.45, 5), 20)
    doc.chart(
        charts.draw_bars(table),
        alt_text=_("Bar chart. %(figures)s.") % {"figures": charts.description(table)},
        caption=table.caption,
        width_cm=CHART_WIDTH_CM,
        height_cm=height,
    )


def _suppression_paragraphs(doc):
    doc.paragraph(
        _(
            "Cells under 5 are hidden. This report is read outside the pilots' own "
            "organisations, so a figure that describes one to four people reads “hidden”, and "
            "so does any figure from which a hidden one could be worked out by subtraction from "
            "the totals (in a breakdown whose hidden cells would otherwise be only one, or "
            "would have to be all ones, the next smallest figure is hidden too), and any rate "
            "computed from a hidden figure. Zeros are shown: they describe nobody."
        )
    )
    doc.paragraph(
        _(
            "Across pilots, a figure is hidden whenever any pilot's part in it is hidden on "
            "that pilot's own dashboard, so that no hidden figure can be had back by comparing "
            "totals."
        )
    )


def _definitions(doc):
    doc.bullets(
        [
            _("%(indicator)s: %(definition)s")
            % {"indicator": indicator.label, "definition": indicator.definition}
            for indicator in indicators.STANDARD_INDICATORS
        ]
    )
    doc.paragraph(
        _(
            "A participant's age is the pilot's start year minus their year of birth. The age "
            "bands are under 15, 15 to 24, 25 to 34, 35 to 44, and 45 and over. Young people "
            "are those whose age is within their country's definition of youth, both ends "
            "included."
        )
    )


def _paragraphs(doc, text):
    for line in (text or "").splitlines():
        if line.strip():
            doc.paragraph(line)


def _date(value):
    return date_format(value, "j F Y") if value else ""


def _cover(doc, *, title, subtitle, organisation, keywords):
    doc.set_properties(title=title, subject=subtitle, author=organisation, keywords=keywords)
    doc.cover(title=title, subtitle=subtitle, organisation=organisation, date=timezone.localdate())
    doc.running_header_footer(title=title)
    doc.table_of_contents()


# The pilot outcome report -----------------------------------------------------------------


def _pilot(pilot):
    return (
        Pilot.objects.select_related(
            "register_entry", "lead_organisation", "country", "sector", "country__youth_definition"
        )
        .prefetch_related("partners__organisation", "sites__district", "cohorts__site")
        .get(pk=pilot.pk)
    )


def _about_pilot(doc, pilot):
    partners = "; ".join(
        f"{partner.organisation.name} ({partner.get_role_display()})"
        for partner in pilot.partners.all()
    )
    sites = "; ".join(
        f"{site.name}, {site.district.name} ({site.get_setting_display()})"
        for site in pilot.sites.all()
    )
    cohorts = "; ".join(
        _("%(code)s: %(starts)s to %(ends)s, %(mode)s, %(capacity)d places")
        % {
            "code": cohort.code,
            "starts": _date(cohort.starts_on),
            "ends": _date(cohort.ends_on),
            "mode": cohort.get_delivery_mode_display(),
            "capacity": cohort.capacity,
        }
        for cohort in pilot.cohorts.all()
    )
    youth = getattr(pilot.country, "youth_definition", None)
    entry = pilot.register_entry
    rows = [
        (_("Micro-credential"), f"{entry.title} ({entry.identifier})"),
        (_("Lead organisation"), pilot.lead_organisation.name),
        (_("Partners"), partners),
        (_("Country"), pilot.country.name),
        (_("Sector"), str(pilot.sector) if pilot.sector else _("Not given")),
        (
            _("Dates"),
            _("%(starts)s to %(ends)s")
            % {"starts": _date(pilot.starts_on), "ends": _date(pilot.ends_on)},
        ),
        (_("Status"), pilot.get_status_display()),
        (_("Sites"), sites or _("None")),
        (_("Cohorts"), cohorts or _("None")),
        (
            _("Youth"),
            _("%(low)d to %(high)d years (%(source)s)")
            % {"low": youth.min_age, "high": youth.max_age, "source": youth.source}
            if youth
            else _("The country has no youth definition in the portal."),
        ),
    ]
    frame = pd.DataFrame(
        [(str(label), value or "—") for label, value in rows], columns=[_("Item"), _("Value")]
    )
    doc.table(frame, caption=_("The pilot"), column_widths=[4, 12])


def render_outcome_report(pilot, doc, progress):
    pilot = _pilot(pilot)
    # Suppressed always: the document is shared with every reader of the aggregates.
    data = disaggregation.read([pilot])
    targets = list(pilot.indicator_targets.all())
    tables = disaggregation.pilot_tables(data, targets)
    indicator_table, funnel, *breakdowns = tables
    progress(10)
    title = _("Pilot outcome report")
    _cover(
        doc,
        title=title,
        subtitle=pilot.title,
        organisation=pilot.lead_organisation.name,
        keywords=(_("micro-credential"), _("pilot"), pilot.country.name),
    )
    doc.heading(_("The pilot"), level=1)
    _about_pilot(doc, pilot)
    _suppression_paragraphs(doc)
    progress(20)
    doc.heading(_("From enrolment to work"), level=1)
    doc.paragraph(
        _(
            "How many participants enrolled, completed, were awarded the credential and were "
            "in work (employed, promoted or self-employed) six months after completing."
        )
    )
    _table_and_chart(doc, funnel)
    progress(35)
    doc.heading(_("Indicators against targets"), level=1)
    doc.table(_frame(indicator_table, drop_last=True), caption=_("Indicators against targets"))
    progress(45)
    doc.heading(_("Who took part, and how they did"), level=1)
    for position, table in enumerate(breakdowns, start=1):
        doc.heading(str(table.caption), level=2)
        _table_and_chart(doc, table)
        progress(45 + 40 * position // len(breakdowns))
    doc.heading(_("The partners' narrative"), level=1)
    if (pilot.narrative or "").strip():
        _paragraphs(doc, pilot.narrative)
    else:
        doc.paragraph(_("The partners have not written their narrative yet."))
    doc.heading(_("How the figures are made"), level=1)
    _definitions(doc)
    _suppression_paragraphs(doc)
    progress(95)


def _pilot_revision(pilot):
    """Names the state of everything the report shows: the pilot (its narrative and status),
    its participants, targets, partners, sites and cohorts."""
    participants = Participant.objects.filter(pilot=pilot).aggregate(
        n=Count("pk"), latest=Max("updated_at"), top=Max("pk")
    )
    targets = IndicatorTarget.objects.filter(pilot=pilot).aggregate(
        n=Count("pk"), latest=Max("updated_at")
    )
    fresh = Pilot.objects.filter(pk=pilot.pk).values_list("updated_at", flat=True).first()
    structure = (
        list(pilot.partners.values_list("organisation_id", "role")),
        list(pilot.sites.values_list("pk", "name", "district_id", "setting")),
        list(pilot.cohorts.values_list("pk", "code", "starts_on", "ends_on", "capacity")),
    )
    state = repr((participants, targets, fresh, structure))
    return hashlib.sha256(state.encode()).hexdigest()[:16]


def _may_read_pilot(user, pilot):
    return Pilot.objects.aggregates_visible_to(user).filter(pk=pilot.pk).exists()


OUTCOME_REPORT = register(
    DocumentKind(
        slug=OUTCOME_REPORT_SLUG,
        label=gettext_lazy("Pilot outcome report"),
        subject_model="pilots.Pilot",
        render=render_outcome_report,
        revision_of=_pilot_revision,
        title_of=lambda pilot: _("Pilot outcome report: %(title)s") % {"title": pilot.title},
        may_request=_may_read_pilot,
        may_read=_may_read_pilot,
        readable=lambda user: Pilot.objects.aggregates_visible_to(user),
        reading_organisations=lambda pilot: _country_readers(pilot.country_id),
        country_of=lambda pilot: pilot.country.code,
        min_pages=6,
    )
)


# The ministry summary ---------------------------------------------------------------------


def _country_pilots(country):
    return list(
        Pilot.objects.filter(country=country)
        .select_related("register_entry", "lead_organisation", "sector")
        .order_by("title", "pk")
    )


def _pilots_list(doc, pilots):
    frame = pd.DataFrame(
        [
            (
                pilot.title,
                pilot.register_entry.title,
                pilot.lead_organisation.name,
                str(pilot.sector) if pilot.sector else "—",
                _("%(starts)s to %(ends)s")
                % {"starts": _date(pilot.starts_on), "ends": _date(pilot.ends_on)},
                pilot.get_status_display(),
            )
            for pilot in pilots
        ],
        columns=[
            _("Pilot"),
            _("Micro-credential"),
            _("Lead organisation"),
            _("Sector"),
            _("Dates"),
            _("Status"),
        ],
    )
    doc.table(frame, caption=_("The pilots"), column_widths=[3.6, 3.6, 3, 2.2, 3, 2.2])


def render_country_summary(country, doc, progress):
    pilots = _country_pilots(country)
    data = disaggregation.read(pilots)  # suppressed always
    tables = disaggregation.across_tables(data)
    indicator_table, funnel, by_pilot, *breakdowns = tables
    progress(10)
    title = _("Pilots in %(country)s") % {"country": country.name}
    _cover(
        doc,
        title=title,
        subtitle=_("Ministry summary of the micro-credential pilots"),
        organisation=country.name,
        keywords=(_("micro-credentials"), _("pilots"), country.name),
    )
    doc.heading(_("The pilots"), level=1)
    if not pilots:
        doc.paragraph(_("No pilot has been started in this country yet."))
    else:
        doc.paragraph(
            _(
                "Every pilot of a micro-credential in %(country)s that the portal holds, added "
                "up. The report shows aggregates only: no participant appears in it."
            )
            % {"country": country.name}
        )
        _pilots_list(doc, pilots)
    _suppression_paragraphs(doc)
    progress(20)
    doc.heading(_("From enrolment to work"), level=1)
    _table_and_chart(doc, funnel)
    doc.heading(_("Indicators"), level=1)
    doc.table(_frame(indicator_table, drop_last=True), caption=_("Indicators across the pilots"))
    progress(35)
    doc.heading(_("By pilot"), level=1)
    _table_and_chart(doc, by_pilot)
    progress(45)
    doc.heading(_("Who took part, and how they did"), level=1)
    for position, table in enumerate(breakdowns, start=1):
        doc.heading(str(table.caption), level=2)
        _table_and_chart(doc, table)
        progress(45 + 45 * position // len(breakdowns))
    doc.heading(_("How the figures are made"), level=1)
    _definitions(doc)
    _suppression_paragraphs(doc)
    progress(95)


def _country_revision(country):
    pilots = Pilot.objects.filter(country=country)
    state = (
        pilots.aggregate(n=Count("pk"), latest=Max("updated_at"), top=Max("pk")),
        Participant.objects.filter(pilot__country=country).aggregate(
            n=Count("pk"), latest=Max("updated_at"), top=Max("pk")
        ),
        list(pilots.order_by("pk").values_list("pk", "title", "status", "sector_id")),
    )
    return hashlib.sha256(repr(state).encode()).hexdigest()[:16]


def _country_readers(country_id):
    """The country's verified ministries and quality authorities: their members read its
    pilots' reports already."""
    return Organisation.objects.verified().filter(
        kind__in=AGGREGATE_READER_KINDS, country_id=country_id
    )


def _may_read_country(user, country):
    if not user.is_authenticated:
        return False
    if user.is_staff:
        return True
    return aggregate_reader_organisations(user).filter(country=country).exists()


def _readable_countries(user):
    if not user.is_authenticated:
        return Country.objects.none()
    if user.is_staff:
        return Country.objects.all()
    return Country.objects.filter(pk__in=aggregate_reader_organisations(user).values("country"))


def summary_countries(user):
    """The countries with pilots whose ministry summary `user` may ask for."""
    return _readable_countries(user).filter(pilots__isnull=False).distinct().order_by("name")


COUNTRY_SUMMARY = register(
    DocumentKind(
        slug=COUNTRY_SUMMARY_SLUG,
        label=gettext_lazy("Ministry summary of a country's pilots"),
        subject_model="frameworks.Country",
        render=render_country_summary,
        revision_of=_country_revision,
        title_of=lambda country: (
            _("Pilots in %(country)s: ministry summary") % {"country": country.name}
        ),
        may_request=_may_read_country,
        may_read=_may_read_country,
        readable=_readable_countries,
        reading_organisations=lambda country: _country_readers(country.pk),
        country_of=lambda country: country.code,
        min_pages=6,
    )
)
