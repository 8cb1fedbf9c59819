"""Does an identifier and a fingerprint match what the authority approved?

The fingerprint is computed again from the stored content each time, so content altered in
the database after approval does not verify, even against the fingerprint stored beside it.
An older version's fingerprint is recognised as superseded (with the version that replaced
it); a match of an entry that lapsed or was withdrawn is a match of something no longer
recognised, and says so.
"""

import re
from dataclasses import dataclass

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ..models import EntryStatus, RegisterEntry
from .canonical import clean_fingerprint, fingerprint

IDENTIFIER = re.compile(r"[A-Z]{2}-[0-9]{4}-[0-9]{1,10}")

MATCH = "match"
SUPERSEDED = "superseded"
MISMATCH = "mismatch"
UNKNOWN = "unknown"


def clean_identifier(value):
    """An identifier as typed (spaces, lower case) in its stored form, or "" when it cannot
    be one."""
    text = "".join((value or "").split()).upper()
    return text if IDENTIFIER.fullmatch(text) else ""


def _day(value):
    return date_format(value, "j F Y")


@dataclass(frozen=True)
class Verification:
    identifier: str
    fingerprint: str
    result: str  # match | superseded | mismatch | unknown
    entry: RegisterEntry | None = None
    # The version the fingerprint belongs to (match, superseded).
    version: object = None

    @property
    def matches(self):
        """The fingerprint is of content the authority approved (current or older)."""
        return self.result in (MATCH, SUPERSEDED)

    @property
    def recognised(self):
        """It matches the current version of an entry that is recognised today."""
        return (
            self.result == MATCH
            and self.entry is not None
            and self.entry.status == EntryStatus.RECOGNISED
        )

    @property
    def status_changed_on(self):
        if self.entry is None or self.entry.status == EntryStatus.RECOGNISED:
            return None
        return timezone.localdate(self.entry.status_changed_at)

    def message(self):
        """What it means, in one or two plain sentences."""
        entry = self.entry
        if self.result == UNKNOWN:
            return _("The register has no entry %(identifier)s.") % {"identifier": self.identifier}
        if self.result == MISMATCH:
            return _(
                "This fingerprint does not match what the authority approved for "
                "%(identifier)s: the content it was computed from is not the recognised "
                "content, or it was copied wrongly."
            ) % {"identifier": self.identifier}
        words = {
            "identifier": self.identifier,
            "version": self.version.number if self.version else entry.version,
            "current": entry.version,
            "approved": _day(self.version.approved_on if self.version else entry.approved_on),
            "authority": entry.authority.name,
        }
        if self.result == SUPERSEDED:
            text = (
                _(
                    "This fingerprint matches version %(version)s of %(identifier)s, approved by "
                    "%(authority)s on %(approved)s. It has been superseded: the current version is "
                    "%(current)s."
                )
                % words
            )
        else:
            text = (
                _(
                    "This fingerprint matches %(identifier)s as %(authority)s approved it on "
                    "%(approved)s (version %(version)s)."
                )
                % words
            )
        if entry.status == EntryStatus.WITHDRAWN:
            text += " " + _("The entry was withdrawn on %(date)s and is no longer recognised.") % {
                "date": _day(self.status_changed_on)
            }
        elif entry.status == EntryStatus.LAPSED:
            text += " " + _(
                "The entry lapsed on %(date)s, when its review date passed, and is no longer "
                "recognised."
            ) % {"date": _day(self.status_changed_on)}
        elif self.result == MATCH:
            text += " " + _("It is recognised until its review date, %(date)s.") % {
                "date": _day(entry.review_date)
            }
        return text


def verify(identifier, given):
    """Verification of `given` (a fingerprint, already cleaned) against entry `identifier`."""
    identifier = clean_identifier(identifier)
    given = clean_fingerprint(given)
    entry = (
        RegisterEntry.objects.select_related("authority").filter(identifier=identifier).first()
        if identifier
        else None
    )
    if entry is None:
        return Verification(identifier=identifier, fingerprint=given, result=UNKNOWN)
    version = entry.versions.filter(fingerprint=given).first() if given else None
    if version is None:
        return Verification(identifier, given, MISMATCH, entry)
    if version.number == entry.version:
        genuine = given == entry.fingerprint and fingerprint(entry.content) == given
        result = MATCH
    else:
        genuine = fingerprint(version.content) == given
        result = SUPERSEDED
    if not genuine:
        return Verification(identifier, given, MISMATCH, entry)
    return Verification(identifier, given, result, entry, version)
