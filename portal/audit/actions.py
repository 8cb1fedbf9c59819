import json

from django.db import connection, transaction
from django.utils import timezone

from .models import GENESIS_HASH, AuditEntry

# Any fixed number: the key of the PostgreSQL advisory lock that serialises appends.
CHAIN_LOCK_KEY = 7_140_221


def record(*, action, by=None, obj=None, detail=None):
    """Append one entry to the audit trail, chained to the last one.

    Call it inside the action's own transaction so the change and its entry stand or fall
    together. Appends are serialised until that transaction ends: on PostgreSQL by an advisory
    lock, on SQLite by its write lock (transactions start IMMEDIATE). The unique previous_hash
    is the backstop that makes a fork in the chain impossible.
    """
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK_KEY])
        last = AuditEntry.objects.order_by("-id").only("entry_hash").first()
        entry = AuditEntry(
            created_at=timezone.now(),
            actor=by if by is not None and by.is_authenticated else None,
            actor_label=_label_for(by),
            action=action,
            object_type=obj._meta.label if obj is not None else "",
            object_id=str(obj.pk) if obj is not None else "",
            object_label=str(obj)[:255] if obj is not None else "",
            # Round-trip through JSON so the hash is computed over what is stored.
            detail=json.loads(json.dumps(detail or {}, default=str)),
            previous_hash=last.entry_hash if last else GENESIS_HASH,
        )
        entry.entry_hash = entry.compute_hash()
        entry.save(force_insert=True)
        return entry


def _label_for(user):
    if user is None or not user.is_authenticated:
        return ""
    return user.email


def verify_chain():
    """Walk the chain in order; return (entries checked, first broken entry or None, why)."""
    expected_previous = GENESIS_HASH
    checked = 0
    for entry in AuditEntry.objects.order_by("id").iterator(chunk_size=2000):
        if entry.previous_hash != expected_previous:
            return (
                checked,
                entry,
                "its link to the entry before it is broken (one was altered or removed)",
            )
        if entry.compute_hash() != entry.entry_hash:
            return checked, entry, "its content does not match its hash (it was altered)"
        expected_previous = entry.entry_hash
        checked += 1
    return checked, None, ""
