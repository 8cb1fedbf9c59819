import pytest
from django.core.management import CommandError, call_command

from portal.accounts.models import User
from portal.audit.actions import record, verify_chain
from portal.audit.models import GENESIS_HASH, AuditEntry


@pytest.fixture
def actor(db):
    return User.objects.create_user(email="auditor@example.org", password="a long password 1")


@pytest.fixture
def three_entries(actor):
    return [
        record(action="test.first", by=actor, obj=actor, detail={"n": 1}),
        record(action="test.second", by=actor, detail={"n": 2}),
        record(action="test.third", by=None, detail={"when": "now"}),
    ]


def test_entries_chain_each_to_the_one_before(three_entries):
    first, second, third = three_entries
    assert first.previous_hash == GENESIS_HASH
    assert second.previous_hash == first.entry_hash
    assert third.previous_hash == second.entry_hash
    assert first.object_type == "accounts.User"
    assert first.actor_label == "auditor@example.org"
    assert third.actor is None and third.actor_label == ""


def test_verify_audit_passes_on_an_intact_chain(three_entries, capsys):
    call_command("verify_audit")
    assert "3 entries verified" in capsys.readouterr().out


def test_verify_audit_names_an_altered_entry(three_entries):
    second = three_entries[1]
    # Tamper as someone with database access would: straight UPDATE, no model code.
    AuditEntry.objects.filter(pk=second.pk).update(detail={"n": 999})
    with pytest.raises(CommandError) as excinfo:
        call_command("verify_audit")
    message = str(excinfo.value)
    assert f"entry #{second.pk}" in message
    assert "altered" in message
    assert "1 entries before it are intact" in message


def test_verify_audit_names_the_entry_after_a_removed_one(three_entries):
    first, second, third = three_entries
    AuditEntry.objects.filter(pk=second.pk).delete()
    with pytest.raises(CommandError) as excinfo:
        call_command("verify_audit")
    assert f"entry #{third.pk}" in str(excinfo.value)
    assert "removed" in str(excinfo.value)


def test_rehashing_a_forged_entry_still_breaks_the_next_link(three_entries):
    first, second, third = three_entries
    forged = AuditEntry.objects.get(pk=first.pk)
    forged.action = "test.forged"
    forged.entry_hash = forged.compute_hash()
    forged.save()
    checked, broken, why = verify_chain()
    assert broken.pk == second.pk
    assert checked == 1


def test_removing_a_user_leaves_their_entries_and_the_chain_intact(three_entries, actor, capsys):
    actor_id = actor.pk
    actor.delete()
    entry = AuditEntry.objects.get(pk=three_entries[0].pk)
    assert entry.actor_id == actor_id
    assert entry.actor_label == "auditor@example.org"
    call_command("verify_audit")
    assert "3 entries verified" in capsys.readouterr().out


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_never_fork_the_chain():
    import threading

    from django.db import connection, connections, transaction

    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers are serialised by SQLite itself; this checks PostgreSQL")
    barrier = threading.Barrier(4)
    errors = []

    def write(n):
        try:
            barrier.wait()
            for i in range(10):
                with transaction.atomic():
                    record(action="test.concurrent", detail={"writer": n, "i": i})
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    checked, broken, why = verify_chain()
    assert broken is None, why
    assert checked == 40
