"""Loading the shipped pilot reference data, in one transaction with its audit entry."""

from django.apps import apps
from django.db import transaction

from portal.audit.actions import record

from ..data.loader import load_pilot_reference


def sync_pilot_reference(*, by=None, overwrite=False):
    """Create the missing districts and youth definitions; with overwrite, also put the
    shipped values back where staff changed them. Records an entry when anything changed."""
    with transaction.atomic():
        report = load_pilot_reference(apps, overwrite=overwrite)
        if report:
            record(
                action="pilots.reference_loaded",
                by=by,
                detail={"overwrite": overwrite, "counts": report},
            )
    return report
