from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from portal.audit import checkpoints
from portal.audit.actions import verify_trail


class Command(BaseCommand):
    help = (
        "Verify every audit entry's keyed hash and link, then hold the chain against the latest "
        "signed checkpoint; name what was altered, removed or rewritten (non-zero exit)."
    )

    def handle(self, *args, **options):
        try:
            result = verify_trail()
        except OSError as exc:
            raise CommandError(
                _("Cannot read the checkpoints in %(path)s: %(error)s")
                % {"path": checkpoints.directory(), "error": exc}
            ) from exc
        for warning in result.warnings:
            self.stderr.write(self.style.WARNING(_("Warning: %(warning)s") % {"warning": warning}))
        if not result.intact:
            raise CommandError("\n".join(result.problems))
        self.stdout.write(
            self.style.SUCCESS(
                _("Audit trail intact: %(count)s entries verified.") % {"count": result.checked}
            )
        )
        checkpoint = result.checkpoint
        if checkpoint is not None:
            self.stdout.write(
                ngettext(
                    "Held against the checkpoint of %(when)s (%(count)s entries, up to "
                    "#%(last)s); %(since)s entry written since.",
                    "Held against the checkpoint of %(when)s (%(count)s entries, up to "
                    "#%(last)s); %(since)s entries written since.",
                    result.total - checkpoint.count,
                )
                % {
                    "when": checkpoint.when,
                    "count": checkpoint.count,
                    "last": checkpoint.last_id,
                    "since": result.total - checkpoint.count,
                }
            )
        if result.unkeyed:
            self.stdout.write(
                ngettext(
                    "%(count)s entry, up to #%(last)s, carries a plain SHA-256 hash from before "
                    "the keyed chain; the keyed entries after it protect it.",
                    "%(count)s entries, up to #%(last)s, carry plain SHA-256 hashes from before "
                    "the keyed chain; the keyed entries after them protect them.",
                    result.unkeyed,
                )
                % {"count": result.unkeyed, "last": result.last_unkeyed_id}
            )
