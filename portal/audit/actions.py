import hmac
import json
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import checkpoints, keys
from .models import GENESIS_HASH, AuditEntry, HashScheme

# Any fixed number: the key of the PostgreSQL advisory lock that serialises appends.
CHAIN_LOCK_KEY = 7_140_221
SCHEMES = frozenset(HashScheme.values)


class AuditTrailTampered(Exception):
    """The chain no longer holds what the latest checkpoint recorded."""


def record(*, action, by=None, obj=None, detail=None):
    """Append one entry to the audit trail, chained to the last one by an HMAC under the audit
    key.

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
            scheme=HashScheme.HMAC_SHA256,
            key_id=keys.current_key_id(),
        )
        entry.entry_hash = entry.compute_hash(key=keys.current_key())
        entry.save(force_insert=True)
        return entry


def _label_for(user):
    if user is None or not user.is_authenticated:
        return ""
    return user.email


def write_checkpoint():
    """Sign the chain's head (count, last entry, its hash, the time) and write it outside the
    database, unless the latest checkpoint already covers it.

    Returns (the checkpoint that covers the head, or None for an empty trail; whether it was
    written now). Raises AuditTrailTampered, writing nothing, when the chain no longer holds
    the latest checkpoint: a new one would make the removal look legitimate. No audit entry:
    a checkpoint records the trail without changing it (and an entry would make every
    checkpoint stale the moment it is written).
    """
    previous = checkpoints.latest()
    if previous is not None and not _holds(previous):
        raise AuditTrailTampered(
            _(
                "The audit trail no longer holds the checkpoint of %(when)s (%(count)s entries, "
                "up to #%(last)s): no new checkpoint was written. "
                "Run manage.py verify_audit to see what is missing."
            )
            % {"when": previous.when, "count": previous.count, "last": previous.last_id}
        )
    head = AuditEntry.objects.order_by("-id").values_list("id", "entry_hash").first()
    if head is None:
        return None, False
    last_id, head_hash = head
    # Appends are serialised and commit in id order, so every entry up to the head is visible.
    count = AuditEntry.objects.filter(pk__lte=last_id).count()
    now = (count, last_id, head_hash)
    if previous is not None and (previous.count, previous.last_id, previous.head_hash) == now:
        return previous, False
    return checkpoints.write(count=count, last_id=last_id, head_hash=head_hash), True


def _holds(checkpoint):
    stored = (
        AuditEntry.objects.filter(pk=checkpoint.last_id)
        .values_list("entry_hash", flat=True)
        .first()
    )
    return (
        stored == checkpoint.head_hash
        and AuditEntry.objects.filter(pk__lte=checkpoint.last_id).count() == checkpoint.count
    )


@dataclass
class Verification:
    """What verify_trail found: problems are tampering (or a key that is missing), warnings
    are not."""

    checked: int = 0  # entries, from the first, whose link and hash hold
    total: int = 0
    broken: AuditEntry | None = None  # the first entry whose link or hash fails
    why: str = ""
    unkeyed: int = 0  # entries hashed before the keyed chain began
    last_unkeyed_id: int | None = None
    checkpoint: checkpoints.Checkpoint | None = None  # the one the chain was held against
    problems: list = field(default_factory=list)
    warnings: list = field(default_factory=list)

    @property
    def intact(self):
        return not self.problems


def verify_chain():
    """Walk the chain in order; return (entries checked, first broken entry or None, why).
    The links and hashes only: verify_trail also holds the chain against the checkpoints."""
    result = _walk(checkpoint=None)
    return result.checked, result.broken, result.why


def verify_trail():
    """Verify every entry's keyed hash and its link to the one before, then hold the chain
    against the latest checkpoint whose signature is valid, naming what is missing."""
    valid, unreadable = checkpoints.read_all()
    result = _walk(checkpoint=valid[0] if valid else None)
    if result.broken is not None:
        result.problems.insert(
            0,
            _(
                "Audit trail broken at entry #%(id)s (%(created_at)s, %(action)s): %(why)s. "
                "%(checked)s entries before it are intact."
            )
            % {
                "id": result.broken.pk,
                "created_at": f"{result.broken.created_at:%Y-%m-%d %H:%M:%S}",
                "action": result.broken.action,
                "why": result.why,
                "checked": result.checked,
            },
        )
    result.problems.extend(unreadable)
    if result.checkpoint is None:
        result.warnings.append(
            _(
                "No checkpoint yet: removing the last entries, or rewriting the whole chain, "
                "cannot be detected until one is written (manage.py audit_checkpoint; the huey "
                "workers write one every ten minutes)."
            )
        )
    if result.unkeyed and result.unkeyed == result.total:
        result.warnings.append(
            _(
                "Every entry carries a plain SHA-256 hash from before the keyed chain, which "
                "anyone can recompute: they are protected once a keyed entry follows them and "
                "a checkpoint covers it."
            )
        )
    return result


def _walk(*, checkpoint):
    result = Verification(checkpoint=checkpoint)
    expected_previous = GENESIS_HASH
    keyed_began = False
    known_keys = {}  # key id -> key, looked up once per walk
    held_hash = None  # the hash the checkpoint's last entry has now
    kept = 0  # entries up to the checkpoint's last one that are still there
    last_kept_id = None
    for entry in AuditEntry.objects.order_by("id").iterator(chunk_size=2000):
        result.total += 1
        if result.broken is None:
            why = _fault(
                entry,
                expected_previous=expected_previous,
                keyed_began=keyed_began,
                known_keys=known_keys,
            )
            if why:
                result.broken, result.why = entry, why
            else:
                result.checked += 1
        if entry.scheme == HashScheme.SHA256:
            result.unkeyed += 1
            result.last_unkeyed_id = entry.pk
        else:
            keyed_began = True
        expected_previous = entry.entry_hash
        if checkpoint is not None and entry.pk <= checkpoint.last_id:
            kept += 1
            last_kept_id = entry.pk
            if entry.pk == checkpoint.last_id:
                held_hash = entry.entry_hash
    if checkpoint is not None:
        result.problems.extend(
            _against(checkpoint, held_hash=held_hash, kept=kept, last_kept_id=last_kept_id)
        )
    return result


def _fault(entry, *, expected_previous, keyed_began, known_keys):
    """Why this entry fails, or an empty string."""
    if entry.previous_hash != expected_previous:
        return _("its link to the entry before it is broken (one was altered or removed)")
    if entry.scheme == HashScheme.SHA256 and keyed_began:
        # Unkeyed hashes are accepted only before the first keyed entry, or anyone could
        # append them.
        return _(
            "it carries a plain SHA-256 hash after keyed entries began (anyone can compute "
            "one: it was forged)"
        )
    if entry.scheme not in SCHEMES:
        return _("its hash scheme %(scheme)r is unknown") % {"scheme": entry.scheme}
    try:
        if entry.scheme == HashScheme.HMAC_SHA256 and entry.key_id not in known_keys:
            known_keys[entry.key_id] = keys.key_for(entry.key_id)
        expected = entry.compute_hash(key=known_keys.get(entry.key_id))
    except keys.UnknownKey:
        return _(
            "it was hashed with key %(key_id)s, which is not configured "
            "(AUDIT_KEY or AUDIT_PREVIOUS_KEYS)"
        ) % {"key_id": entry.key_id}
    if not hmac.compare_digest(expected.encode(), entry.entry_hash.encode()):
        return _(
            "its content does not match its hash (it was altered, or rehashed without the key)"
        )
    return ""


def _against(checkpoint, *, held_hash, kept, last_kept_id):
    """What the chain lacks that the checkpoint recorded, one sentence each."""
    values = {"when": checkpoint.when, "last": checkpoint.last_id, "count": checkpoint.count}
    if held_hash is None:
        missing = checkpoint.count - kept
        if missing <= 0:
            return [
                _(
                    "Entry #%(last)s, the last in the checkpoint of %(when)s, is missing: "
                    "the chain was rewritten."
                )
                % values
            ]
        if last_kept_id is None:
            return [
                ngettext(
                    "Entry #%(last)s, the only one, is missing since the checkpoint of %(when)s.",
                    "All %(count)s entries up to #%(last)s are missing since the checkpoint "
                    "of %(when)s.",
                    checkpoint.count,
                )
                % values
            ]
        first = last_kept_id + 1
        if missing == 1 and first == checkpoint.last_id:
            return [_("Entry #%(last)s is missing since the checkpoint of %(when)s.") % values]
        return [
            ngettext(
                "Entries #%(first)s-#%(last)s (%(missing)s entry) are missing since the "
                "checkpoint of %(when)s.",
                "Entries #%(first)s-#%(last)s (%(missing)s entries) are missing since the "
                "checkpoint of %(when)s.",
                missing,
            )
            % {**values, "first": first, "missing": missing}
        ]
    if held_hash != checkpoint.head_hash:
        return [
            _(
                "The chain was rewritten: entry #%(last)s's hash differs from the checkpoint "
                "of %(when)s."
            )
            % values
        ]
    if kept != checkpoint.count:
        return [
            _(
                "Entry #%(last)s is entry %(position)s of the chain but was entry %(count)s in "
                "the checkpoint of %(when)s: entries before it were removed or inserted."
            )
            % {**values, "position": kept}
        ]
    return []
