"""Tampering by someone who can write to the database, and perhaps to the checkpoint folder, but
does not hold the audit key. Each kind is found by `manage.py verify_audit` and named.

The attacker works as such a person would: straight UPDATEs and DELETEs, and hashes computed
from the published code with whatever key they have.
"""

import hashlib
import json
import threading
from datetime import UTC, datetime

import pytest
from django.core.management import CommandError, call_command

from portal.audit.actions import record
from portal.audit.keys import key_id_of
from portal.audit.models import GENESIS_HASH, AuditEntry

ATTACKER_KEY = "an-attackers-own-key-of-forty-characters!"


@pytest.fixture
def entries(db):
    return [record(action="test.step", detail={"n": n}) for n in range(20)]


@pytest.fixture
def checkpointed(entries):
    call_command("audit_checkpoint")
    return entries


def verify_fails():
    with pytest.raises(CommandError) as excinfo:
        call_command("verify_audit")
    return str(excinfo.value)


def checkpoint_files(directory):
    return sorted(directory.glob("*.json"))


def plain_sha256(row):
    """The hash anyone can compute: SHA-256 over the entry's fields, as the trail used to."""
    payload = json.dumps(
        {
            "created_at": row.created_at.isoformat(),
            "actor_id": row.actor_id,
            "actor_label": row.actor_label,
            "action": row.action,
            "object_type": row.object_type,
            "object_id": row.object_id,
            "object_label": row.object_label,
            "detail": row.detail,
            "previous_hash": row.previous_hash,
        },
        sort_keys=True,
        separators=(",", ":"),
        default=str,
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def rewrite_chain(rehash, **fields):
    """Recompute every entry's hash and link in order, as a rewrite of the whole table would."""
    previous = GENESIS_HASH
    for row in AuditEntry.objects.order_by("id"):
        for name, value in fields.items():
            setattr(row, name, value)
        row.previous_hash = previous
        row.entry_hash = rehash(row)
        AuditEntry.objects.filter(pk=row.pk).update(
            previous_hash=row.previous_hash, entry_hash=row.entry_hash, **fields
        )
        previous = row.entry_hash


# Removal at the end of the trail


def test_deleting_the_last_entry_is_named(checkpointed):
    last = checkpointed[-1]
    AuditEntry.objects.filter(pk=last.pk).delete()
    message = verify_fails()
    assert f"Entry #{last.pk} is missing since the checkpoint of" in message


def test_deleting_the_last_14_entries_is_named(checkpointed):
    AuditEntry.objects.filter(pk__gte=checkpointed[6].pk).delete()
    message = verify_fails()
    assert (
        f"Entries #{checkpointed[6].pk}-#{checkpointed[-1].pk} (14 entries) are missing "
        "since the checkpoint of"
    ) in message


def test_deleting_every_entry_is_named(checkpointed):
    AuditEntry.objects.all().delete()
    message = verify_fails()
    assert f"All 20 entries up to #{checkpointed[-1].pk} are missing since the checkpoint of" in (
        message
    )


def test_entries_written_after_the_checkpoint_are_fine(checkpointed, capsys):
    record(action="test.later")
    call_command("verify_audit")
    out = capsys.readouterr().out
    assert "21 entries verified" in out
    assert "checkpoint of" in out and f"20 entries, up to #{checkpointed[-1].pk}" in out


# Rewriting the whole chain


def test_a_rewrite_with_plain_sha256_as_old_style_entries_is_named(checkpointed):
    # The cheapest forgery: call every entry an old, unkeyed one and recompute SHA-256.
    rewrite_chain(plain_sha256, scheme="sha256", key_id="")
    message = verify_fails()
    assert f"The chain was rewritten: entry #{checkpointed[-1].pk}'s hash differs" in message


def test_a_rewrite_with_plain_sha256_under_the_keyed_scheme_is_named(checkpointed):
    rewrite_chain(plain_sha256)
    message = verify_fails()
    assert f"broken at entry #{checkpointed[0].pk}" in message
    assert "does not match its hash" in message
    assert f"entry #{checkpointed[-1].pk}'s hash differs from the checkpoint" in message


def test_a_rewrite_with_a_wrong_key_is_named(checkpointed):
    rewrite_chain(lambda row: row.compute_hash(key=ATTACKER_KEY.encode()))
    message = verify_fails()
    assert f"broken at entry #{checkpointed[0].pk}" in message
    assert "does not match its hash" in message
    assert f"entry #{checkpointed[-1].pk}'s hash differs from the checkpoint" in message


def test_a_rewrite_under_a_key_of_ones_own_is_named(checkpointed):
    attacker_key_id = key_id_of(ATTACKER_KEY)
    rewrite_chain(lambda row: row.compute_hash(key=ATTACKER_KEY.encode()), key_id=attacker_key_id)
    message = verify_fails()
    assert f"hashed with key {attacker_key_id}, which is not configured" in message


def test_an_unkeyed_entry_after_keyed_ones_is_named(checkpointed):
    last = checkpointed[-1]
    forged = AuditEntry(
        created_at=last.created_at,
        action="test.forged",
        detail={},
        previous_hash=last.entry_hash,
        scheme="sha256",
        key_id="",
    )
    forged.entry_hash = plain_sha256(forged)
    forged.save(force_insert=True)
    message = verify_fails()
    assert f"broken at entry #{forged.pk}" in message
    assert "plain SHA-256 hash after keyed entries began" in message


# The checkpoints themselves


def test_without_a_checkpoint_verify_warns(entries, capsys):
    call_command("verify_audit")
    captured = capsys.readouterr()
    assert "20 entries verified" in captured.out
    assert "No checkpoint yet" in captured.err


def test_a_checkpoint_altered_to_bless_a_truncation_is_named(checkpointed, checkpoint_dir):
    survivor = checkpointed[5]
    AuditEntry.objects.filter(pk__gt=survivor.pk).delete()
    (path,) = checkpoint_files(checkpoint_dir)
    data = json.loads(path.read_text())
    data.update(count=6, last_id=survivor.pk, head_hash=survivor.entry_hash)
    path.write_text(json.dumps(data))
    message = verify_fails()
    assert f"Checkpoint {path.name}: signature invalid" in message


def test_a_checkpoint_signed_with_another_key_is_named(entries, checkpoint_dir, settings):
    real_key = settings.AUDIT_KEY
    settings.AUDIT_KEY = ATTACKER_KEY
    call_command("audit_checkpoint")
    settings.AUDIT_KEY = real_key
    (path,) = checkpoint_files(checkpoint_dir)
    data = json.loads(path.read_text())
    data["key_id"] = key_id_of(real_key)
    path.write_text(json.dumps(data))
    message = verify_fails()
    assert f"Checkpoint {path.name}: signature invalid" in message


def test_an_unreadable_checkpoint_is_named(checkpointed, checkpoint_dir):
    (path,) = checkpoint_files(checkpoint_dir)
    path.write_text(path.read_text()[:40])
    message = verify_fails()
    assert f"Checkpoint {path.name} is unreadable" in message


def test_verify_uses_the_latest_valid_checkpoint(checkpointed, checkpoint_dir):
    later = record(action="test.later")
    call_command("audit_checkpoint")
    older, newer = checkpoint_files(checkpoint_dir)
    data = json.loads(newer.read_text())
    data["count"] = 2
    newer.write_text(json.dumps(data))
    AuditEntry.objects.filter(pk=later.pk).delete()
    message = verify_fails()
    assert f"Checkpoint {newer.name}: signature invalid" in message
    # The older one still counts: what it covered is intact.
    assert "missing" not in message


def test_the_checkpoint_writer_refuses_to_bless_a_truncation(checkpointed, checkpoint_dir):
    AuditEntry.objects.filter(pk__gte=checkpointed[6].pk).delete()
    with pytest.raises(CommandError) as excinfo:
        call_command("audit_checkpoint")
    assert "no longer holds the checkpoint of" in str(excinfo.value)
    assert len(checkpoint_files(checkpoint_dir)) == 1
    assert "(14 entries) are missing" in verify_fails()


def test_a_checkpoint_is_written_only_when_the_trail_has_grown(entries, checkpoint_dir, capsys):
    call_command("audit_checkpoint")
    call_command("audit_checkpoint")
    assert len(checkpoint_files(checkpoint_dir)) == 1
    assert "unchanged since the checkpoint of" in capsys.readouterr().out
    record(action="test.later")
    call_command("audit_checkpoint")
    assert len(checkpoint_files(checkpoint_dir)) == 2


def test_an_empty_trail_needs_no_checkpoint(db, checkpoint_dir, capsys):
    call_command("audit_checkpoint")
    assert checkpoint_files(checkpoint_dir) == []
    assert "empty" in capsys.readouterr().out


def test_a_checkpoint_is_a_signed_record_of_the_head(checkpointed, checkpoint_dir):
    (path,) = checkpoint_files(checkpoint_dir)
    data = json.loads(path.read_text())
    last = checkpointed[-1]
    assert data["count"] == 20
    assert data["last_id"] == last.pk
    assert data["head_hash"] == last.entry_hash
    assert datetime.fromisoformat(data["taken_at"]).tzinfo is not None
    assert len(data["signature"]) == 64


def test_the_periodic_task_writes_a_checkpoint_every_ten_minutes(entries, checkpoint_dir):
    from huey.contrib.djhuey import HUEY

    from portal.audit.tasks import write_audit_checkpoint

    def due_at(minute):
        # What the consumer's scheduler asks huey every minute.
        return {task.name for task in HUEY.read_periodic(datetime(2026, 11, 25, 10, minute))}

    name = write_audit_checkpoint.s().name
    assert all(name in due_at(minute) for minute in (0, 10, 20, 30, 40, 50))
    assert not any(name in due_at(minute) for minute in (1, 5, 9, 15, 59))
    write_audit_checkpoint.call_local()
    assert len(checkpoint_files(checkpoint_dir)) == 1


@pytest.mark.django_db(transaction=True)
def test_two_checkpoint_writers_at_once_leave_only_valid_checkpoints(checkpoint_dir):
    from django.db import connections

    from portal.audit.actions import write_checkpoint

    for n in range(5):
        record(action="test.step", detail={"n": n})
    barrier = threading.Barrier(4)
    errors = []

    def write():
        try:
            barrier.wait()
            write_checkpoint()
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert checkpoint_files(checkpoint_dir)
    assert list(checkpoint_dir.glob(".*")) == []  # no half-written file left behind
    call_command("verify_audit")


# Entries from before the keyed chain, and key rotation


def test_entries_from_before_the_key_still_verify_and_are_covered_by_the_keyed_ones(db, capsys):
    previous = GENESIS_HASH
    old = []
    for n in range(3):
        row = AuditEntry(
            created_at=datetime(2026, 1, 1, tzinfo=UTC),
            action="test.old",
            detail={"n": n},
            previous_hash=previous,
            scheme="sha256",
            key_id="",
        )
        row.entry_hash = plain_sha256(row)
        row.save(force_insert=True)
        old.append(row)
        previous = row.entry_hash
    first_keyed = record(action="test.new")
    assert first_keyed.previous_hash == old[-1].entry_hash
    call_command("verify_audit")
    out = capsys.readouterr().out
    assert "4 entries verified" in out
    assert "3 entries" in out and "plain SHA-256" in out

    # Rewriting the old entries breaks the first keyed entry's link.
    previous = GENESIS_HASH
    for row in old:
        row.detail = {"n": 99}
        row.previous_hash = previous
        row.entry_hash = plain_sha256(row)
        AuditEntry.objects.filter(pk=row.pk).update(
            detail=row.detail, previous_hash=row.previous_hash, entry_hash=row.entry_hash
        )
        previous = row.entry_hash
    message = verify_fails()
    assert f"broken at entry #{first_keyed.pk}" in message
    assert "link to the entry before it is broken" in message


def test_a_rotated_key_still_verifies_while_it_is_listed_as_a_previous_key(entries, settings):
    old_key = settings.AUDIT_KEY
    settings.AUDIT_KEY = "the-next-audit-key-" + "n" * 30
    settings.AUDIT_PREVIOUS_KEYS = [old_key]
    later = record(action="test.after_rotation")
    assert later.key_id == key_id_of(settings.AUDIT_KEY) != entries[0].key_id
    call_command("audit_checkpoint")
    call_command("verify_audit")

    settings.AUDIT_PREVIOUS_KEYS = []
    message = verify_fails()
    assert f"hashed with key {key_id_of(old_key)}, which is not configured" in message


def test_an_unwritable_checkpoint_folder_is_named(entries, settings, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the folder should be")
    settings.AUDIT_CHECKPOINT_DIR = blocker / "checkpoints"
    with pytest.raises(CommandError) as excinfo:
        call_command("audit_checkpoint")
    assert f"Cannot write the checkpoint to {blocker / 'checkpoints'}" in str(excinfo.value)
