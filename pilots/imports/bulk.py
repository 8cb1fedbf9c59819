"""Writing many participants at once: the body of `save_participants`.

Django's bulk_create and bulk_update pay for every object and, on SQLite, for the 999-parameter
cap (a 100,000-row import took seconds in them). Here rows become plain tuples, are compared
with what is stored as tuples (a row equal to the stored one is left alone: its updated_at does
not move), and the new and changed ones are written with one prepared statement run many times
(`executemany`) or, on PostgreSQL, streamed with COPY: new rows straight into the table, changed
ones into a temporary table that one UPDATE ... FROM applies. The achievements follow the award
dates the same way `pilots.actions.achievements.sync_achievements` makes them follow, in bulk.

Everything runs inside the caller's transaction, with the pilot's row locked. The SQL is built
from the models' own table and column names, quoted; every value is a parameter (hence the
`noqa: S608` on those lines).
"""

import secrets
from datetime import date
from decimal import Decimal, InvalidOperation
from operator import itemgetter

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.audit.actions import record

from ..actions import participants as rules
from ..actions.achievements import CODE_ALPHABET, CODE_LENGTH, issuer_for
from ..models import Achievement, Cohort, District, Participant

FIELDS = rules.ROW_FIELDS
ATTNAMES = tuple(rules._attname(field) for field in FIELDS)
ALLOWED = frozenset(FIELDS) | {"reference"}
MISSING = object()
DATE_FIELDS = ("enrolled_on", "completed_on", "awarded_on")
POSITION = {field: position for position, field in enumerate(FIELDS)}
DEFAULTS = tuple("" if field in rules.TEXT_OUTCOMES else None for field in FIELDS)
REQUIRED_POSITIONS = tuple(POSITION[field] for field in rules.REQUIRED_FIELDS)
AWARDED = POSITION["awarded_on"]
every_field = itemgetter(*FIELDS)


def _plain(field):
    """A function giving a value as the column stores it; identity for what already is."""
    if field in ("district", "cohort"):
        return lambda value: value if type(value) is int else getattr(value, "pk", value)
    if field == "assessment_score":

        def score(value):
            if value is None or value == "":
                return None
            if type(value) is Decimal and value.as_tuple().exponent == -2:
                return value
            return Decimal(str(value)).quantize(rules.CENTS)

        return score
    if field in DATE_FIELDS:

        def day(value):
            if type(value) is date or value is None:
                return value
            return rules._normalise(field, value)

        return day
    default = DEFAULTS[POSITION[field]]

    def other(value):
        return default if value is None or value == "" else value

    return other


PLAIN = tuple(_plain(field) for field in FIELDS)


def prepare(rows):
    """{reference: (row number, values tuple by FIELDS, MISSING where the row leaves a field
    out)}, or ValidationError naming the row, as save_participants always did."""
    prepared = {}
    full = len(FIELDS) + 1
    for number, row in enumerate(rows, start=1):
        reference = row.get("reference")
        reference = (reference if type(reference) is str else str(reference or "")).strip()
        if not reference:
            raise rules._row_problem(number, reference, _("the participant reference is missing."))
        if reference in prepared:
            raise rules._row_problem(number, reference, _("the reference appears twice."))
        if len(row) == full and ALLOWED.issuperset(row):
            values = every_field(row)
        else:
            unknown = set(row) - ALLOWED
            if unknown:
                raise rules._row_problem(
                    number,
                    reference,
                    _("unknown fields: %(fields)s.") % {"fields": ", ".join(sorted(unknown))},
                )
            values = tuple(row.get(field, MISSING) for field in FIELDS)
        prepared[reference] = (number, values)
    if not prepared:
        return {}
    # Column by column: each column's values are made plain in one pass.
    references = list(prepared)
    numbers = [prepared[reference][0] for reference in references]
    columns = list(zip(*(prepared[reference][1] for reference in references), strict=True))
    for position, plain in enumerate(PLAIN):
        column = columns[position]
        try:
            columns[position] = [value if value is MISSING else plain(value) for value in column]
        except (InvalidOperation, ValueError, TypeError) as error:
            for reference, number, value in zip(references, numbers, column, strict=True):
                try:
                    value is MISSING or plain(value)
                except (InvalidOperation, ValueError, TypeError):
                    raise rules._row_problem(number, reference, str(error)) from error
            raise
    rows = zip(*columns, strict=True)
    return {
        reference: (number, values)
        for reference, number, values in zip(references, numbers, rows, strict=True)
    }


def _check_references(pilot, prepared):
    """The districts are of the pilot's country and the cohorts of the pilot."""
    district, cohort = POSITION["district"], POSITION["cohort"]
    district_ids = {v[district] for _n, v in prepared.values()} - {None, MISSING}
    cohort_ids = {v[cohort] for _n, v in prepared.values()} - {None, MISSING}
    known_districts = set(
        District.objects.filter(country=pilot.country_id).values_list("pk", flat=True)
    )
    known_cohorts = set(Cohort.objects.filter(pilot=pilot).values_list("pk", flat=True))
    if district_ids <= known_districts and cohort_ids <= known_cohorts:
        return
    for reference, (number, values) in prepared.items():
        if values[district] not in (None, MISSING) and values[district] not in known_districts:
            raise rules._row_problem(
                number, reference, _("the district is not one of the pilot's country.")
            )
        if values[cohort] not in (None, MISSING) and values[cohort] not in known_cohorts:
            raise rules._row_problem(number, reference, _("the cohort is not one of the pilot's."))


def stored(pilot):
    """{reference: (id, values tuple by FIELDS)} of the pilot's participants."""
    return {
        reference: (pk, tuple(values))
        for pk, reference, *values in Participant.objects.filter(pilot=pilot)
        .order_by()
        .values_list("pk", "reference", *ATTNAMES)
        .iterator(chunk_size=10_000)
    }


class Plan:
    """What saving the rows does: the participants to create, those to update (with their
    id), how many stay as they are, and the ids whose award date changed."""

    def __init__(self):
        self.create = []  # (reference, values)
        self.update = []  # (id, reference, values, stored values)
        self.unchanged = 0

    @property
    def counts(self):
        return {
            "created": len(self.create),
            "updated": len(self.update),
            "unchanged": self.unchanged,
        }


def plan(pilot, prepared, existing=None):
    existing = stored(pilot) if existing is None else existing
    result = Plan()
    for reference, (number, values) in prepared.items():
        found = existing.get(reference)
        if found is None:
            if MISSING in values:
                values = tuple(
                    DEFAULTS[position] if value is MISSING else value
                    for position, value in enumerate(values)
                )
            missing = [
                FIELDS[position]
                for position in REQUIRED_POSITIONS
                if values[position] is None or values[position] == ""
            ]
            if missing:
                raise rules._row_problem(
                    number, reference, _("missing %(fields)s.") % {"fields": ", ".join(missing)}
                )
            result.create.append((reference, values))
            continue
        pk, old = found
        if MISSING in values:
            values = tuple(
                old[position] if value is MISSING else value
                for position, value in enumerate(values)
            )
        if values == old:
            result.unchanged += 1
        else:
            result.update.append((pk, reference, values, old))
    return result


def _table():
    return connection.ops.quote_name(Participant._meta.db_table)


def _columns(names):
    return ", ".join(
        connection.ops.quote_name(Participant._meta.get_field(name).column) for name in names
    )


def _db_time(moment):
    """A moment as the database driver takes it (naive UTC text on SQLite)."""
    return Participant._meta.get_field("updated_at").get_db_prep_value(moment, connection)


def _copy(cursor, sql, rows):
    with cursor.cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(row)


def write(pilot, result, now):
    """Insert the new participants and update the changed ones."""
    stamp = _db_time(now)
    insert_columns = ("pilot", "reference", *FIELDS, "created_at", "updated_at")
    with connection.cursor() as cursor:
        if result.create:
            rows = [
                (pilot.pk, reference, *values, stamp, stamp) for reference, values in result.create
            ]
            if connection.vendor == "postgresql":
                _copy(cursor, f"COPY {_table()} ({_columns(insert_columns)}) FROM STDIN", rows)
            else:
                marks = ", ".join(["%s"] * len(insert_columns))
                sql = f"INSERT INTO {_table()} ({_columns(insert_columns)}) VALUES ({marks})"  # noqa: S608
                cursor.executemany(sql, rows)
        if result.update:
            rows = [(pk, *values, stamp) for pk, _reference, values, _old in result.update]
            names = (*FIELDS, "updated_at")
            if connection.vendor == "postgresql":
                temporary = f"pilots_participant_update_{secrets.token_hex(4)}"
                cursor.execute(
                    f"CREATE TEMPORARY TABLE {temporary} ON COMMIT DROP AS SELECT "  # noqa: S608
                    f"{_columns(('id', *names))} FROM {_table()} WITH NO DATA"
                )
                _copy(cursor, f"COPY {temporary} ({_columns(('id', *names))}) FROM STDIN", rows)
                assignments = ", ".join(
                    f"{column} = changed.{column}" for column in _columns(names).split(", ")
                )
                cursor.execute(
                    f"UPDATE {_table()} AS participant SET {assignments} FROM {temporary} AS "  # noqa: S608
                    f"changed WHERE participant.id = changed.id"
                )
                cursor.execute(f"DROP TABLE {temporary}")
            else:
                assignments = ", ".join(f"{column} = %s" for column in _columns(names).split(", "))
                cursor.executemany(
                    f"UPDATE {_table()} SET {assignments} WHERE id = %s",  # noqa: S608
                    [(*row[1:], row[0]) for row in rows],
                )


def new_codes(count):
    """`count` distinct verification codes of CODE_LENGTH characters from CODE_ALPHABET, each
    character drawn uniformly: random bytes past the last whole multiple of the alphabet's
    size are dropped, the others map to a character by their remainder."""
    size = len(CODE_ALPHABET)
    usable = 256 - 256 % size
    table = bytes(CODE_ALPHABET[value % size].encode("ascii")[0] for value in range(256))
    dropped = bytes(range(usable, 256))
    codes = set()
    while len(codes) < count:
        wanted = (count - len(codes)) * CODE_LENGTH
        text = secrets.token_bytes(wanted + wanted // 8 + CODE_LENGTH)
        text = text.translate(None, dropped).translate(table).decode("ascii")
        for start in range(0, len(text) - CODE_LENGTH + 1, CODE_LENGTH):
            codes.add(text[start : start + CODE_LENGTH])
            if len(codes) == count:
                break
    return list(codes)


def sync_achievements(*, pilot, result, by, now):
    """What sync_achievements does for the participants whose award this save set or changed:
    an award creates an achievement (or reinstates a revoked one), a changed date moves it, a
    cleared award revokes it. Records an entry when anything changed."""
    counts = {"awarded": 0, "changed": 0, "revoked": 0}
    created_awarded = {reference for reference, values in result.create if values[AWARDED]}
    changed = {
        pk: values[AWARDED]
        for pk, _reference, values, old in result.update
        if values[AWARDED] != old[AWARDED]
    }
    if not created_awarded and not changed:
        return counts
    awards = dict(changed)
    if created_awarded:
        for pk, reference, awarded_on in (
            Participant.objects.filter(pilot=pilot, awarded_on__isnull=False)
            .order_by()
            .values_list("pk", "reference", "awarded_on")
            .iterator(chunk_size=10_000)
        ):
            if reference in created_awarded:
                awards[pk] = awarded_on
    existing = {
        participant_id: (pk, awarded_on, revoked_at)
        for participant_id, pk, awarded_on, revoked_at in Achievement.objects.filter(
            participant__pilot=pilot
        )
        .order_by()
        .values_list("participant_id", "pk", "awarded_on", "revoked_at")
        .iterator(chunk_size=10_000)
        if participant_id in awards
    }
    to_create, to_update = [], []
    for participant_id, awarded_on in awards.items():
        achievement = existing.get(participant_id)
        if awarded_on is None:
            if achievement is not None and achievement[2] is None:
                to_update.append((achievement[0], now, achievement[1]))
                counts["revoked"] += 1
        elif achievement is None:
            to_create.append((participant_id, awarded_on))
        elif achievement[2] is not None or achievement[1] != awarded_on:
            to_update.append((achievement[0], None, awarded_on))
            counts["changed"] += 1
    if to_create:
        _create_achievements(pilot, to_create, now)
    if to_update:
        with connection.cursor() as cursor:
            cursor.executemany(
                f"UPDATE {connection.ops.quote_name(Achievement._meta.db_table)} "  # noqa: S608
                "SET revoked_at = %s, awarded_on = %s WHERE id = %s",
                [(_db_time(revoked), awarded_on, pk) for pk, revoked, awarded_on in to_update],
            )
    counts["awarded"] = len(to_create)
    if any(counts.values()):
        record(action="pilots.sync_achievements", by=by, obj=pilot, detail=counts)
    return counts


def _create_achievements(pilot, to_create, now):
    issuer = issuer_for(pilot)
    stamp = _db_time(now)
    table = connection.ops.quote_name(Achievement._meta.db_table)
    names = (
        "verification_code, participant_id, register_entry_id, issuer_id, awarded_on, created_at"
    )
    # Codes are random (about 60 bits): one already taken is all but impossible, and when it
    # happens the statement fails as a whole and runs again with new codes.
    for attempt in range(3):
        rows = [
            (code, participant_id, pilot.register_entry_id, issuer.pk, awarded_on, stamp)
            for code, (participant_id, awarded_on) in zip(
                new_codes(len(to_create)), to_create, strict=True
            )
        ]
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                if connection.vendor == "postgresql":
                    _copy(cursor, f"COPY {table} ({names}) FROM STDIN", rows)
                else:
                    sql = f"INSERT INTO {table} ({names}) VALUES (%s, %s, %s, %s, %s, %s)"  # noqa: S608
                    cursor.executemany(sql, rows)
            return
        except IntegrityError:
            if attempt == 2:
                raise


def upsert_participants(*, pilot, rows, by):
    """save_participants' work, once the pilot is locked and `by` checked: create or update
    the rows, keyed by reference, and bring the achievements in line. Returns the counts."""
    prepared = prepare(rows)
    _check_references(pilot, prepared)
    result = plan(pilot, prepared)
    now = timezone.now()
    write(pilot, result, now)
    sync_achievements(pilot=pilot, result=result, by=by, now=now)
    return result.counts
