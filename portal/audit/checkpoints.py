"""Signed checkpoints of the audit trail's head, kept outside the database.

A checkpoint says: at this time the chain held `count` entries, the last one #`last_id` with
hash `head_hash`. It is signed with the audit key, so nobody without the key can forge or alter
one, and it lives outside the database, so whoever deletes rows cannot delete it with them.
Each checkpoint is a file of its own (one JSON object), written to a temporary file, synced and
renamed into place: a reader never sees half a checkpoint, and two writers at once each leave a
whole file under a name of its own.
"""

import hashlib
import hmac
import json
import os
import secrets
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from . import keys

# Signatures over checkpoints can never be mistaken for an entry's hash under the same key.
SIGNATURE_CONTEXT = b"portal audit checkpoint\n"


@dataclass(frozen=True)
class Checkpoint:
    count: int
    last_id: int
    head_hash: str
    taken_at: datetime
    key_id: str
    name: str = ""  # its file's name, to point at it

    def payload(self):
        fields = {
            "count": self.count,
            "last_id": self.last_id,
            "head_hash": self.head_hash,
            "taken_at": self.taken_at.isoformat(),
            "key_id": self.key_id,
        }
        return json.dumps(fields, sort_keys=True, separators=(",", ":")).encode()

    def signature(self, key):
        return hmac.new(key, SIGNATURE_CONTEXT + self.payload(), hashlib.sha256).hexdigest()

    @property
    def when(self):
        return f"{self.taken_at:%Y-%m-%d %H:%M:%S} UTC"


def directory():
    return Path(settings.AUDIT_CHECKPOINT_DIR)


def write(*, count, last_id, head_hash):
    """Sign the head and write it as a new checkpoint file; return the checkpoint."""
    folder = directory()
    folder.mkdir(parents=True, exist_ok=True)
    taken_at = datetime.now(UTC)
    # Names sort by time; the random tail keeps two writers in the same microsecond apart.
    name = f"{taken_at:%Y%m%dT%H%M%S%fZ}-{last_id}-{secrets.token_hex(4)}.json"
    checkpoint = Checkpoint(
        count=count,
        last_id=last_id,
        head_hash=head_hash,
        taken_at=taken_at,
        key_id=keys.current_key_id(),
        name=name,
    )
    record = json.loads(checkpoint.payload())
    record["signature"] = checkpoint.signature(keys.current_key())
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".", suffix=".tmp")
    try:
        with os.fdopen(handle, "w") as file:
            file.write(json.dumps(record, sort_keys=True) + "\n")
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, 0o644)  # not secret; whatever copies them elsewhere may read them
        os.replace(temporary, folder / name)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    _sync_directory(folder)
    return checkpoint


def _sync_directory(folder):
    # The rename is durable only once the folder itself is synced.
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def read(path):
    """The checkpoint in this file, its signature checked; ValueError naming what is wrong."""
    try:
        data = json.loads(path.read_text())
        checkpoint = Checkpoint(
            count=int(data["count"]),
            last_id=int(data["last_id"]),
            head_hash=str(data["head_hash"]),
            taken_at=datetime.fromisoformat(data["taken_at"]),
            key_id=str(data["key_id"]),
            name=path.name,
        )
        signature = str(data["signature"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ValueError(
            _("Checkpoint %(name)s is unreadable (it was altered or cut short).")
            % {"name": path.name}
        ) from exc
    try:
        key = keys.key_for(checkpoint.key_id)
    except keys.UnknownKey:
        raise ValueError(
            _(
                "Checkpoint %(name)s is signed with key %(key_id)s, which is not configured "
                "(AUDIT_KEY or AUDIT_PREVIOUS_KEYS)."
            )
            % {"name": path.name, "key_id": checkpoint.key_id}
        ) from None
    if not hmac.compare_digest(checkpoint.signature(key), signature):
        raise ValueError(
            _(
                "Checkpoint %(name)s: signature invalid (it was altered, or not written with "
                "the audit key)."
            )
            % {"name": path.name}
        )
    return checkpoint


def paths_newest_first():
    folder = directory()
    if not folder.is_dir():
        return []
    # Names begin with the time they were taken, so they sort oldest to newest. Temporary files
    # start with a dot and end in .tmp: half a checkpoint is never read.
    names = [path for path in folder.glob("*.json") if not path.name.startswith(".")]
    return sorted(names, reverse=True)


def read_all():
    """Every checkpoint whose signature holds, newest first, and a sentence for each that
    does not."""
    valid, problems = [], []
    for path in paths_newest_first():
        try:
            valid.append(read(path))
        except ValueError as exc:
            problems.append(str(exc))
    return valid, problems


def latest():
    """The newest checkpoint whose signature holds, or None."""
    for path in paths_newest_first():
        try:
            return read(path)
        except ValueError:
            continue
    return None
