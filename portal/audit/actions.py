import json

from django.db import transaction
from django.utils import timezone

from .models import GENESIS_HASH, AuditEntry


def record(*, action, by=None, obj=None, detail=None):
    """Append one entry to the audit trail, chained to the last one.

    Call it inside the action's own transaction so the change and its entry stand or fall
    together. The row lock (PostgreSQL) or the write lock (SQLite, IMMEDIATE transactions)
    keeps two writers from chaining to the same predecessor; the unique hash is the backstop.
    """
    with transaction.atomic():
        last = AuditEntry.objects.select_for_update().order_by("-id").first()
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
        entry.save()
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
