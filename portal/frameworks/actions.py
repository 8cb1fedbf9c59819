"""Changes to reference data, each in one transaction with its audit entry."""

from django.apps import apps
from django.db import transaction

from portal.audit.actions import record

from .loader import load_reference


def save_reference_row(*, obj, by, changes=None):
    """Validate and save one reference row (a framework, level, rule, ...) and record it.

    `changes` maps each changed field to {"from": old, "to": new}, as the admin form saw them.
    """
    adding = obj._state.adding
    with transaction.atomic():
        obj.full_clean()
        obj.save()
        record(
            action="frameworks.reference_added" if adding else "frameworks.reference_changed",
            by=by,
            obj=obj,
            detail={"model": obj._meta.model_name, "changes": changes or {}},
        )
    return obj


def delete_reference_row(*, obj, by):
    """Delete one reference row (and what cascades from it) and record what it was."""
    with transaction.atomic():
        label, model_name, pk = str(obj), obj._meta.model_name, obj.pk
        # Recorded before the delete so the entry can name the row; both commit together.
        record(
            action="frameworks.reference_deleted",
            by=by,
            obj=obj,
            detail={"model": model_name, "id": pk, "label": label},
        )
        obj.delete()


def delete_reference_rows(*, objects, by):
    with transaction.atomic():
        for obj in list(objects):
            delete_reference_row(obj=obj, by=by)


def sync_reference_data(*, by=None, overwrite=False):
    """Load the shipped reference data: create what is missing; with overwrite, also put the
    shipped values back where staff changed them. Records an entry when anything changed."""
    with transaction.atomic():
        report = load_reference(apps, overwrite=overwrite)
        if report:
            record(
                action="frameworks.reference_loaded",
                by=by,
                detail={"overwrite": overwrite, "counts": report},
            )
    return report
