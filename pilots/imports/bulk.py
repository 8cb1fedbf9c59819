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
from itertools import repeat
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
DATE_POSITIONS = tuple(POSITION[field] for field in DATE_FIELDS)
every_field = itemgetter(*FIELDS)


class ColumnRows:
    """Rows held as columns, {field: sequence} with "reference" among them: an iterable of
    dicts like any rows save_participants takes, which `prepare` reads column by column
    without making a dict per row (an import's 100,000 rows come this way)."""

    def __init__(self, columns, *, plain=False):
        self.columns = dict(columns)
        # The values are already as the database stores them (ids, dates, Decimals with two
        # places, "" for an unknown text outcome): `prepare` takes them as they are.
        self.plain = plain

    def __len__(self):
        return len(self.columns["reference"])

    def __iter__(self):
        names = list(self.columns)
        for values in zip(*(self.columns[name] for name in names), strict=True):
            yield dict(zip(names, values, strict=True))


def _score(value):
    if value == "":
        return None
    return Decimal(str(value)).quantize(rules.CENTS)


def _plain_column(field, column):
    """A column's values as the database stores them (MISSING kept). The common cases are
    tested inline, so a column of values that already are plain costs no call per value."""
    if field in ("district", "cohort"):
        return [
            value
            if type(value) is int or value is None or value is MISSING
            else value.pk
            if hasattr(value, "pk")
            else value
            for value in column
        ]
    if field == "assessment_score":
        return [
            value.quantize(rules.CENTS)
            if type(value) is Decimal
            else (value if value is None or value is MISSING else _score(value))
            for value in column
        ]
    if field in DATE_FIELDS:
        return [
            value
            if type(value) is date or value is None or value is MISSING
            else rules._normalise(field, value)
            for value in column
        ]
    if DEFAULTS[POSITION[field]] == "":
        return ["" if value is None else value for value in column]
    return [None if type(value) is str and not value else value for value in column]


def _plain_columns(columns, references, numbers):
    plain = []
    for field, column in zip(FIELDS, columns, strict=True):
        try:
            plain.append(_plain_column(field, column))
        except (InvalidOperation, ValueError, TypeError, AttributeError) as error:
            # Find the row to name.
            for reference, number, value in zip(references, numbers, column, strict=True):
                try:
                    _plain_column(field, [value])
                except (InvalidOperation, ValueError, TypeError, AttributeError):
                    raise rules._row_problem(number, reference, str(error)) from error
            raise
    return plain


def _unknown_fields(number, reference, unknown):
    return rules._row_problem(
        number,
        reference,
        _("unknown fields: %(fields)s.") % {"fields": ", ".join(sorted(unknown))},
    )


def prepare(rows):
    """{reference: (row number, values tuple by FIELDS with MISSING where the row leaves a
    field out, whether it leaves any out, whether it lacks a value a new participant needs)},
    or ValidationError naming the row, as save_participants always did."""
    full = len(FIELDS) + 1
    if isinstance(rows, ColumnRows):
        count = len(rows)
        unknown = set(rows.columns) - ALLOWED
        references = [
            (value if type(value) is str else str(value or "")).strip()
            for value in rows.columns["reference"]
        ]
        if unknown:
            raise _unknown_fields(1, references[0] if references else "", unknown)
        columns = [rows.columns.get(field, [MISSING] * count) for field in FIELDS]
        partial = [not ALLOWED.issubset(rows.columns)] * count
    else:
        references, values, partial = [], [], []
        for number, row in enumerate(rows, start=1):
            reference = row.get("reference")
            references.append(
                (reference if type(reference) is str else str(reference or "")).strip()
            )
            if len(row) == full and ALLOWED.issuperset(row):
                values.append(every_field(row))
                partial.append(False)
                continue
            unknown = set(row) - ALLOWED
            if unknown:
                raise _unknown_fields(number, references[-1], unknown)
            values.append(tuple(row.get(field, MISSING) for field in FIELDS))
            partial.append(True)
        count = len(references)
        columns = list(zip(*values, strict=True)) if values else [()] * len(FIELDS)
        del values
    seen = set()
    for number, reference in enumerate(references, start=1):
        if not reference:
            raise rules._row_problem(number, reference, _("the participant reference is missing."))
        if reference in seen:
            raise rules._row_problem(number, reference, _("the reference appears twice."))
        seen.add(reference)
    numbers = range(1, count + 1)
    if not (isinstance(rows, ColumnRows) and rows.plain):
        columns = _plain_columns(columns, references, numbers)
    incomplete = [False] * count
    for position in REQUIRED_POSITIONS:
        for index, value in enumerate(columns[position]):
            if value is None or value is MISSING or (type(value) is str and not value):
                incomplete[index] = True
    return dict(
        zip(
            references,
            zip(numbers, zip(*columns, strict=True), partial, incomplete, strict=True),
            strict=True,
        )
    )


def _check_references(pilot, prepared):
    """The districts are of the pilot's country and the cohorts of the pilot."""
    district, cohort = POSITION["district"], POSITION["cohort"]
    district_ids = {entry[1][district] for entry in prepared.values()} - {None, MISSING}
    cohort_ids = {entry[1][cohort] for entry in prepared.values()} - {None, MISSING}
    known_districts = set(
        District.objects.filter(country=pilot.country_id).values_list("pk", flat=True)
    )
    known_cohorts = set(Cohort.objects.filter(pilot=pilot).values_list("pk", flat=True))
    if district_ids <= known_districts and cohort_ids <= known_cohorts:
        return
    for reference, (number, values, *_flags) in prepared.items():
        if values[district] not in (None, MISSING) and values[district] not in known_districts:
            raise rules._row_problem(
                number, reference, _("the district is not one of the pilot's country.")
            )
        if values[cohort] not in (None, MISSING) and values[cohort] not in known_cohorts:
            raise rules._row_problem(number, reference, _("the cohort is not one of the pilot's."))


def _selected(names):
    """Columns to SELECT; on SQLite dates as text, which one C call per value turns into a
    date (the converter Django registers makes two Python calls of each)."""
    quoted = _columns(names).split(", ")
    if connection.vendor != "sqlite":
        return ", ".join(quoted)
    return ", ".join(
        f"CAST({column} AS TEXT)" if name in DATE_FIELDS else column
        for name, column in zip(names, quoted, strict=True)
    )


def _decimals(column):
    """A column of scores as Decimals with two places: SQLite hands a decimal column back as
    an int or a float (PostgreSQL as a Decimal already). Each distinct value converted once."""
    seen = {}
    out = []
    for value in column:
        if value is None or type(value) is Decimal:
            out.append(value)
            continue
        converted = seen.get(value)
        if converted is None:
            converted = seen[value] = Decimal(repr(value)).quantize(rules.CENTS)
        out.append(converted)
    return out


SCORE = POSITION["assessment_score"]


def stored(pilot, references=None):
    """{reference: (id, values tuple by FIELDS)} of the pilot's participants (only those of
    `references`, when given), as `prepare` makes rows: read with one plain query (Django's
    per-row converters cost more than the rest of a 100,000-row comparison)."""
    sql = (
        f"SELECT {_selected(('id', 'reference', *FIELDS))} FROM {_table()} "  # noqa: S608
        "WHERE pilot_id = %s"
    )
    params = [pilot.pk]
    if references is not None:
        sql += f" AND reference IN ({', '.join(['%s'] * len(references))})"
        params += list(references)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        found = cursor.fetchall()
    if not found:
        return {}
    ids, references, *columns = zip(*found, strict=True)
    del found
    columns[SCORE] = _decimals(columns[SCORE])
    for position in DATE_POSITIONS:
        if any(type(value) is str for value in columns[position]):
            columns[position] = [
                date.fromisoformat(value) if type(value) is str else value
                for value in columns[position]
            ]
    return dict(zip(references, zip(ids, zip(*columns, strict=True), strict=True), strict=True))


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
    if existing is None:
        # A form or a small file: only its rows' participants (one IN list, within SQLite's
        # limit on parameters); beyond that, the pilot's participants are read whole.
        small = len(prepared) <= rules.REFERENCE_LOOKUP_MAX
        existing = stored(pilot, list(prepared) if small else None)
    result = Plan()
    for reference, (number, values, partial, incomplete) in prepared.items():
        found = existing.get(reference)
        if found is None:
            if partial:
                values = tuple(
                    DEFAULTS[position] if value is MISSING else value
                    for position, value in enumerate(values)
                )
            if incomplete:
                missing = [
                    FIELDS[position]
                    for position in REQUIRED_POSITIONS
                    if values[position] is None or values[position] == ""
                ]
                raise rules._row_problem(
                    number, reference, _("missing %(fields)s.") % {"fields": ", ".join(missing)}
                )
            result.create.append((reference, values))
            continue
        pk, old = found
        if partial:
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


def _for_driver(columns):
    """Columns by FIELDS as the database driver takes them fastest: on SQLite dates as ISO
    text (what Django's adapter would make of them, one call per value)."""
    if connection.vendor != "sqlite":
        return columns
    for position in DATE_POSITIONS:
        columns[position] = [
            None if value is None else date.isoformat(value) for value in columns[position]
        ]
    return columns


def write(pilot, result, now):
    """Insert the new participants and update the changed ones."""
    stamp = _db_time(now)
    insert_columns = ("pilot", "reference", *FIELDS, "created_at", "updated_at")
    with connection.cursor() as cursor:
        if result.create:
            # In reference order: the unique index on (pilot, reference) grows at its end.
            result.create.sort(key=itemgetter(0))
            references = [reference for reference, _values in result.create]
            columns = _for_driver(list(zip(*(values for _r, values in result.create), strict=True)))
            rows = list(zip(repeat(pilot.pk), references, *columns, repeat(stamp), repeat(stamp)))
            if connection.vendor == "postgresql":
                _copy(cursor, f"COPY {_table()} ({_columns(insert_columns)}) FROM STDIN", rows)
            else:
                marks = ", ".join(["%s"] * len(insert_columns))
                sql = f"INSERT INTO {_table()} ({_columns(insert_columns)}) VALUES ({marks})"  # noqa: S608
                cursor.executemany(sql, rows)
        if result.update:
            ids = [pk for pk, _reference, _values, _old in result.update]
            columns = _for_driver(
                list(zip(*(values for _p, _r, values, _o in result.update), strict=True))
            )
            rows = list(zip(ids, *columns, repeat(stamp)))
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
    created_awarded = {
        reference: values[AWARDED] for reference, values in result.create if values[AWARDED]
    }
    changed = {
        pk: values[AWARDED]
        for pk, _reference, values, old in result.update
        if values[AWARDED] != old[AWARDED]
    }
    if not created_awarded and not changed:
        return counts
    awards = dict(changed)
    participants = _table()
    achievements = connection.ops.quote_name(Achievement._meta.db_table)
    awarded = "achievement.awarded_on"
    if connection.vendor == "sqlite":
        awarded = f"CAST({awarded} AS TEXT)"
    with connection.cursor() as cursor:
        if created_awarded:
            # The new participants' ids (COPY and executemany return none).
            cursor.execute(
                f"SELECT id, reference FROM {participants} "  # noqa: S608
                "WHERE pilot_id = %s AND awarded_on IS NOT NULL",
                [pilot.pk],
            )
            for pk, reference in cursor.fetchall():
                awarded_on = created_awarded.get(reference)
                if awarded_on is not None:
                    awards[pk] = awarded_on
        cursor.execute(
            f"SELECT achievement.participant_id, achievement.id, {awarded}, "  # noqa: S608
            f"achievement.revoked_at FROM {achievements} AS achievement JOIN {participants} "
            "AS participant ON participant.id = achievement.participant_id "
            "WHERE participant.pilot_id = %s",
            [pilot.pk],
        )
        existing = {
            participant_id: (pk, _day(awarded_on), revoked_at)
            for participant_id, pk, awarded_on, revoked_at in cursor.fetchall()
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


def _iso(day):
    return date.isoformat(day) if connection.vendor == "sqlite" else day


def _day(value):
    return date.fromisoformat(value) if type(value) is str else value


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
            (code, participant_id, pilot.register_entry_id, issuer.pk, _iso(awarded_on), stamp)
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
