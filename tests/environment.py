"""Environment for the test run, loaded as a pytest plugin (see pyproject) before Django reads
its settings.

Tests run with DEBUG off, as production does; these are the values a deploy would give.
"""

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "test-only-" + "k" * 60)
os.environ.setdefault("AUDIT_KEY", "test-only-audit-" + "a" * 40)
os.environ.setdefault("PORTAL_HTTPS", "0")
os.environ.setdefault("PORTAL_VAR_DIR", tempfile.mkdtemp(prefix="portal-test-var-"))

# `make test` runs the suite in parallel (pytest-xdist). The workers inherit this process's
# environment, so each takes a place of its own: a var directory (files, huey's SQLite, the
# file cache) and, on Redis, a cache key prefix (tests/caches.py empties only its own keys,
# never a whole Redis database). PostgreSQL needs nothing: pytest-django gives each worker its
# own test database.
_worker = os.environ.get("PYTEST_XDIST_WORKER", "")
if _worker:
    _var = os.path.join(os.environ["PORTAL_VAR_DIR"], _worker)
    os.makedirs(_var, exist_ok=True)
    os.environ["PORTAL_VAR_DIR"] = _var
os.environ["CACHE_KEY_PREFIX"] = f"portal-test-{_worker or 'main'}"
# No collectstatic before tests: serve the files from the apps, as runserver does.
os.environ.setdefault(
    "STATIC_STORAGE_BACKEND", "django.contrib.staticfiles.storage.StaticFilesStorage"
)
