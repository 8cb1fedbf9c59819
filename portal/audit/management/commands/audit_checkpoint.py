from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from portal.audit import checkpoints
from portal.audit.actions import AuditTrailTampered, write_checkpoint


class Command(BaseCommand):
    help = (
        "Sign the audit trail's head (entry count, last entry, its hash, the time) and write it "
        "to AUDIT_CHECKPOINT_DIR, as the huey workers do every ten minutes."
    )

    def handle(self, *args, **options):
        try:
            checkpoint, written = write_checkpoint()
        except AuditTrailTampered as exc:
            raise CommandError(str(exc)) from exc
        except OSError as exc:
            raise CommandError(
                _("Cannot write the checkpoint to %(path)s: %(error)s")
                % {"path": checkpoints.directory(), "error": exc}
            ) from exc
        if checkpoint is None:
            self.stdout.write(_("The audit trail is empty: nothing to checkpoint."))
        elif written:
            self.stdout.write(
                self.style.SUCCESS(
                    _("Checkpoint written: %(count)s entries, up to #%(last)s, in %(path)s.")
                    % {
                        "count": checkpoint.count,
                        "last": checkpoint.last_id,
                        "path": checkpoints.directory() / checkpoint.name,
                    }
                )
            )
        else:
            self.stdout.write(
                _(
                    "The audit trail is unchanged since the checkpoint of %(when)s (%(count)s "
                    "entries, up to #%(last)s): nothing written."
                )
                % {"when": checkpoint.when, "count": checkpoint.count, "last": checkpoint.last_id}
            )
