"""The register's changes of state: an approval enters a design in it (or gives an entry its
next version), an authority withdraws an entry, and the shelf life runs out.

`enter_in_register` is called by the review's approve decision, inside its transaction: the
entry and the decision stand or fall together.
"""

import calendar
import datetime
import logging
from functools import partial

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.functions import Length
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from portal.accounts.models import Membership, MembershipRole
from portal.audit.actions import record
from portal.frameworks.models import Country
from portal.notifications.actions import notify
from portal.pagecache import clear_public_pages
from portal.text import clean_text

from ..models import EntryStatus, RegisterEntry, RegisterEntryVersion, WorkspaceMember
from ..models.needs import is_staff
from ..register.canonical import fingerprint
from ..register.content import recognised_content, search_text

logger = logging.getLogger(__name__)

# A recognised micro-credential's shelf life: its review date is this many years after its
# approval (the Mauritius framework's three years).
SHELF_LIFE_YEARS = 3
# Digits of the number in an identifier ("MU-2026-00042"); more when a year needs them.
IDENTIFIER_DIGITS = 5
# The owners are reminded this many months before the review date, once each.
REMINDER_MONTHS = (6, 1)
REASON_MAX_LENGTH = 2_000


def review_date_for(approved_on):
    """SHELF_LIFE_YEARS after `approved_on`; 29 February gives 28 February."""
    year = approved_on.year + SHELF_LIFE_YEARS
    try:
        return approved_on.replace(year=year)
    except ValueError:
        return datetime.date(year, 2, 28)


def months_before(day, months):
    """The same day `months` months earlier (the month's last day when it is shorter)."""
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _day(value):
    return date_format(value, "j F Y")


def owners(entry):
    """The people who answer for an entry: the leads of its design's workspace."""
    if entry.design_id is None:
        return []
    return [
        seat.user
        for seat in WorkspaceMember.objects.leads()
        .filter(workspace__designs=entry.design_id, user__is_active=True)
        .select_related("user")
    ]


def is_owner(entry, user):
    if user is None or not user.is_authenticated or entry.design_id is None:
        return False
    return (
        WorkspaceMember.objects.leads()
        .filter(workspace__designs=entry.design_id, user=user)
        .exists()
    )


def may_withdraw(entry, user):
    """Project staff, and the admins of the authority that approved the entry."""
    if user is None or not user.is_authenticated:
        return False
    if is_staff(user):
        return True
    return Membership.objects.filter(
        organisation_id=entry.authority_id,
        organisation__verified_at__isnull=False,
        user=user,
        role=MembershipRole.ADMIN,
    ).exists()


def _after_commit_clear_pages():
    # Anonymous visitors' cached pages (the register's list and entries) show the change.
    transaction.on_commit(partial(clear_public_pages), robust=True)


def _tell_owners(entry, *, kind, subject, body):
    for user in owners(entry):
        notify(
            recipient=user,
            kind=kind,
            subject=subject,
            body=body,
            url=entry.get_absolute_url(),
        )


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
    _after_commit_clear_pages()
    return entry


def clean_reason(value):
    try:
        return clean_text(value, max_length=REASON_MAX_LENGTH, required=True)
    except ValidationError as error:
        raise ValidationError(
            {
                "reason": [
                    _("Reason: %(message)s") % {"message": message} for message in error.messages
                ]
            }
        ) from None


@transaction.atomic
def withdraw_entry(*, entry, reason, by):
    """The approving authority (its admins) or project staff withdraw an entry from
    recognition, with a reason the register shows. Its owners are told."""
    if not may_withdraw(entry, by):
        raise ValidationError(
            _("Only the approving authority's admins and project staff can withdraw an entry.")
        )
    reason = clean_reason(reason)
    entry = RegisterEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.status == EntryStatus.WITHDRAWN:
        raise ValidationError(_("This entry is already withdrawn."))
    before = entry.status
    now = timezone.now()
    entry.status = EntryStatus.WITHDRAWN
    entry.status_changed_at = now
    entry.status_reason = reason
    entry.updated_at = now
    entry.save(update_fields=["status", "status_changed_at", "status_reason", "updated_at"])
    words = {"identifier": entry.identifier, "title": entry.title}
    _tell_owners(
        entry,
        kind="codesign.register_withdrawn",
        subject=_("%(identifier)s “%(title)s” was withdrawn from the register") % words,
        body=_("The approving authority withdrew it from recognition. The reason it gives:")
        + "\n\n"
        + reason,
    )
    record(
        action="codesign.withdraw_entry",
        by=by,
        obj=entry,
        detail={"identifier": entry.identifier, "from": before, "reason": reason},
    )
    _after_commit_clear_pages()
    return entry


# Shelf life: reminders before the review date, and the lapse on the day. Each step claims
# the entry with a conditional UPDATE, so two workers running the same task act once.


def _remind(entry, months, *, today):
    field = "reminded_six_months_at" if months == 6 else "reminded_one_month_at"
    with transaction.atomic():
        claimed = RegisterEntry.objects.filter(
            pk=entry.pk,
            status=EntryStatus.RECOGNISED,
            review_date=entry.review_date,
            **{f"{field}__isnull": True},
        ).update(**{field: timezone.now()})
        if not claimed:
            return False
        words = {
            "identifier": entry.identifier,
            "title": entry.title,
            "date": _day(entry.review_date),
        }
        _tell_owners(
            entry,
            kind="codesign.register_review_due",
            subject=_("%(identifier)s “%(title)s” is due for review on %(date)s") % words,
            body=_(
                "%(identifier)s “%(title)s” is recognised until its review date, %(date)s. "
                "To keep it in the register, start a re-review from its page: the approving "
                "authority reviews it again, and its approval gives it three more years. "
                "Without one it lapses on that day."
            )
            % words,
        )
        record(
            action="codesign.remind_entry_review",
            obj=entry,
            detail={"identifier": entry.identifier, "months": months, "today": today},
        )
    return True


def send_review_reminders(*, today=None):
    """Remind the owners of each recognised entry six months and one month before its review
    date, once each. An entry already inside the last month gets only the one-month reminder.
    Returns how many reminders went out."""
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=max(REMINDER_MONTHS) * 31 + 1)
    candidates = RegisterEntry.objects.filter(
        status=EntryStatus.RECOGNISED, review_date__gt=today, review_date__lte=horizon
    ).only(
        "pk",
        "identifier",
        "title",
        "review_date",
        "design_id",
        "reminded_six_months_at",
        "reminded_one_month_at",
    )
    sent = 0
    for entry in candidates:
        months = next(
            (m for m in sorted(REMINDER_MONTHS) if months_before(entry.review_date, m) <= today),
            None,
        )
        if months is None:
            continue
        already = entry.reminded_six_months_at if months == 6 else entry.reminded_one_month_at
        if already is None and _remind(entry, months, today=today):
            sent += 1
    return sent


def _lapse(entry, *, today):
    with transaction.atomic():
        now = timezone.now()
        reason = _("Its review date, %(date)s, came before a re-review approved it again.") % {
            "date": _day(entry.review_date)
        }
        claimed = RegisterEntry.objects.filter(
            pk=entry.pk, status=EntryStatus.RECOGNISED, review_date=entry.review_date
        ).update(
            status=EntryStatus.LAPSED, status_changed_at=now, status_reason=reason, updated_at=now
        )
        if not claimed:
            return False
        words = {"identifier": entry.identifier, "title": entry.title}
        _tell_owners(
            entry,
            kind="codesign.register_lapsed",
            subject=_("%(identifier)s “%(title)s” has lapsed") % words,
            body=reason
            + " "
            + _("A re-review, started from its page, can make it recognised again."),
        )
        record(
            action="codesign.lapse_entry",
            obj=entry,
            detail={"identifier": entry.identifier, "review_date": entry.review_date},
        )
        _after_commit_clear_pages()
    return True


def lapse_due_entries(*, today=None):
    """Every recognised entry whose review date has come lapses (status, when, why; an audit
    entry; its owners told). Returns how many lapsed."""
    today = today or timezone.localdate()
    due = RegisterEntry.objects.filter(status=EntryStatus.RECOGNISED, review_date__lte=today).only(
        "pk", "identifier", "title", "review_date", "design_id"
    )
    return sum(1 for entry in due if _lapse(entry, today=today))
