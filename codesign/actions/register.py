"""The register's changes of state: an approval enters a design in it (or gives an entry its
next version), an authority withdraws an entry, and the shelf life runs out.

`enter_in_register` is called by the review's approve decision, inside its transaction: the
entry and the decision stand or fall together.
"""

import datetime

from django.db import transaction
from django.db.models.functions import Length
from django.utils import timezone

from portal.audit.actions import record
from portal.frameworks.models import Country

from ..models import EntryStatus, RegisterEntry, RegisterEntryVersion
from ..register.canonical import fingerprint
from ..register.content import recognised_content, search_text

# A recognised micro-credential's shelf life: its review date is this many years after its
# approval (the Mauritius framework's three years).
SHELF_LIFE_YEARS = 3
# Digits of the number in an identifier ("MU-2026-00042"); more when a year needs them.
IDENTIFIER_DIGITS = 5


def review_date_for(approved_on):
    """SHELF_LIFE_YEARS after `approved_on`; 29 February gives 28 February."""
    year = approved_on.year + SHELF_LIFE_YEARS
    try:
        return approved_on.replace(year=year)
    except ValueError:
        return datetime.date(year, 2, 28)


def _next_identifier(country, year):
    """The next free identifier of the country and year: "MU-2026-00042". The caller holds
    the country's row locked, so two approvals cannot take the same number."""
    prefix = f"{country.code}-{year}-"
    last = (
        RegisterEntry.objects.filter(identifier__startswith=prefix)
        .order_by(Length("identifier").desc(), "-identifier")
        .values_list("identifier", flat=True)
        .first()
    )
    number = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{number:0{IDENTIFIER_DIGITS}d}"


def _columns(recognised, *, authority, approved_on, review_date):
    """The entry's denormalised columns, copied out of the recognised content."""
    content = recognised.content
    workload = recognised.workload
    return {
        "content": content,
        "title": content["title"][:200],
        "sector": recognised.sector,
        "framework": recognised.framework,
        "level": recognised.level,
        "level_number": recognised.level.number,
        "eqf_level": recognised.eqf_level,
        "sadcqf_level": recognised.sadcqf_level,
        "credential_type": content["credential_type"],
        "notional_hours": workload.hours,
        "credits": workload.credits,
        "ects_credits": workload.ects,
        "awarding_body_names": "\n".join(body["name"] for body in content["awarding_bodies"]),
        "search_text": search_text(content),
        "authority": authority,
        "approved_on": approved_on,
        "review_date": review_date,
    }


@transaction.atomic
def enter_in_register(*, submission, round, by):
    """Enter the revision `round` froze in the public register, as approved today by
    `submission.authority`: a new entry with a new identifier and its version 1, or, when the
    submission is a re-review of an entry, that entry's next version (same identifier; new
    content, fingerprint and dates; recognised again; reminders reset). Returns the entry.

    Called inside the approve decision's transaction; `by` is the reviewer who approved.
    """
    if round.submission_id != submission.pk:
        raise ValueError("enter_in_register: the round is not one of the submission's")
    design = submission.design
    authority = submission.authority
    approved_on = timezone.localdate()
    review_date = review_date_for(approved_on)
    previous = None
    if submission.rereview_of_id:
        previous = RegisterEntry.objects.select_for_update().get(pk=submission.rereview_of_id)
        identifier, version = previous.identifier, previous.version + 1
    else:
        country = design.framework.country or authority.country
        # Serialises numbering within the country (SQLite's write lock does it there).
        country = Country.objects.select_for_update().get(pk=country.pk)
        identifier, version = _next_identifier(country, approved_on.year), 1

    recognised = recognised_content(
        revision=round.revision,
        design=design,
        authority=authority,
        identifier=identifier,
        version=version,
        approved_on=approved_on,
        review_date=review_date,
    )
    digest = fingerprint(recognised.content)
    columns = _columns(
        recognised, authority=authority, approved_on=approved_on, review_date=review_date
    )
    now = timezone.now()
    country_code = recognised.content["issuer_country"]["code"]
    if previous is None:
        entry = RegisterEntry.objects.create(
            identifier=identifier,
            design=design,
            fingerprint=digest,
            version=version,
            country=Country.objects.get(code=country_code),
            status=EntryStatus.RECOGNISED,
            status_changed_at=now,
            created_at=now,
            updated_at=now,
            **columns,
        )
    else:
        entry = previous
        for name, value in columns.items():
            setattr(entry, name, value)
        entry.design = design
        entry.fingerprint = digest
        entry.version = version
        entry.country = Country.objects.get(code=country_code)
        entry.status = EntryStatus.RECOGNISED
        entry.status_changed_at = now
        entry.status_reason = ""
        entry.reminded_six_months_at = None
        entry.reminded_one_month_at = None
        entry.updated_at = now
        entry.save()
    entry.awarding_bodies.set(recognised.organisations)
    RegisterEntryVersion.objects.create(
        entry=entry,
        number=version,
        submission=submission,
        content=recognised.content,
        fingerprint=digest,
        approved_on=approved_on,
        review_date=review_date,
        approved_by=by if by is not None and by.is_authenticated else None,
    )
    record(
        action="codesign.enter_in_register" if previous is None else "codesign.renew_entry",
        by=by,
        obj=entry,
        detail={
            "identifier": identifier,
            "version": version,
            "fingerprint": digest,
            "submission": submission.pk,
            "round": round.number,
            "revision": round.revision.number,
            "approved_on": approved_on,
            "review_date": review_date,
        },
    )
    return entry
