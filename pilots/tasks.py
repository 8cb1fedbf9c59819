"""The pilots' background jobs: thin wrappers that take ids and call the actions."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from .actions import imports


# A transient failure (disk, database) is tried again 10, 20 and 40 seconds later.
@db_task(retries=3, retry_delay=10, retry_backoff=2)
def check_import(import_id):
    imports.check_import(import_id=import_id)


@db_task(retries=3, retry_delay=10, retry_backoff=2)
def run_import(import_id):
    imports.run_import(import_id=import_id)


# huey has no acknowledgements: what a dead worker left is queued again from here.
@db_periodic_task(crontab(minute="*"))
def requeue_stale_imports():
    imports.requeue_stale_imports()
