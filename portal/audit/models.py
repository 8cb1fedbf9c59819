import hashlib
import hmac
import json

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from . import keys

GENESIS_HASH = "0" * 64


class HashScheme(models.TextChoices):
    # Entries written before the keyed chain: anyone can recompute these, so on their own they
    # prove nothing; the first keyed entry's link to the last of them is what protects them.
    SHA256 = "sha256", _("SHA-256 (unkeyed, before the keyed chain)")
    HMAC_SHA256 = "hmac-sha256", _("HMAC-SHA256 under the audit key")


class AuditEntryQuerySet(models.QuerySet):
    def for_object(self, obj):
        return self.filter(object_type=obj._meta.label, object_id=str(obj.pk))

    def by(self, user):
        return self.filter(actor=user)


class AuditEntry(models.Model):
    """One thing someone did, chained to the entry before it by a keyed hash.

    Rows are only ever added (see portal.audit.actions.record); changing or removing one
    breaks the chain, and removing the last ones falls short of the latest checkpoint, which
    `manage.py verify_audit` finds.
    """

    created_at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        # Never touched when the user goes: changing a row would break the chain.
        on_delete=models.DO_NOTHING,
        related_name="+",
        db_constraint=False,
    )
    # Kept as text so the entry still reads true after the user is gone.
    actor_label = models.CharField(max_length=254, blank=True)
    action = models.CharField(max_length=100)
    object_type = models.CharField(max_length=100, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    object_label = models.CharField(max_length=255, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    # Unique: two writers can never chain to the same predecessor (no forks in the chain).
    previous_hash = models.CharField(max_length=64, unique=True)
    entry_hash = models.CharField(max_length=64, unique=True)
    scheme = models.CharField(max_length=16, choices=HashScheme.choices)
    # Which audit key hashed the entry (see portal.audit.keys); empty for unkeyed entries.
    key_id = models.CharField(max_length=16, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        verbose_name_plural = "audit entries"
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_label or 'system'} {self.action}"

    def compute_hash(self, key=None):
        """The hash this entry should carry under its scheme: for a keyed entry, an HMAC under
        `key`, by default the configured key its key_id names (keys.UnknownKey if none)."""
        fields = {
            "created_at": self.created_at.isoformat(),
            "actor_id": self.actor_id,
            "actor_label": self.actor_label,
            "action": self.action,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "object_label": self.object_label,
            "detail": self.detail,
            "previous_hash": self.previous_hash,
        }
        if self.scheme == HashScheme.SHA256:
            return hashlib.sha256(_canonical(fields)).hexdigest()
        if self.scheme != HashScheme.HMAC_SHA256:
            raise ValueError(f"unknown hash scheme {self.scheme!r}")
        payload = _canonical({**fields, "scheme": self.scheme, "key_id": self.key_id})
        if key is None:
            key = keys.key_for(self.key_id)
        return hmac.new(key, payload, hashlib.sha256).hexdigest()


def _canonical(fields):
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), default=str).encode()
