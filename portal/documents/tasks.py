from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task, on_startup

from . import actions


# A transient failure (disk, database) is tried again 10, 20 and 40 seconds later.
@db_task(retries=3, retry_delay=10, retry_backoff=2)
def render_document(document_id):
    actions.render(document_id=document_id)


# huey has no acknowledgements: what a dead worker left running is queued again from here.
@db_periodic_task(crontab(minute="*"))
def requeue_stale_documents():
    actions.requeue_stale_documents()


# A worker makes documents all its life: it pays for pandas and matplotlib (1.5 s together on
# the project machine) when it starts, not while the first person who asks is waiting.
@on_startup()
def import_the_engines_libraries():
    import pandas  # noqa: F401
    from matplotlib.backends import backend_agg  # noqa: F401
