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
# No collectstatic before tests: serve the files from the apps, as runserver does.
os.environ.setdefault(
    "STATIC_STORAGE_BACKEND", "django.contrib.staticfiles.storage.StaticFilesStorage"
)
