import pytest
from huey.contrib.djhuey import HUEY

from tests.caches import clear_caches

# The tests run huey's tasks at once, in the test's own thread; nothing else does.
HUEY.immediate = True


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Hashing strength is not under test; PBKDF2's deliberate slowness would dominate the suite.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _empty_cache():
    clear_caches()
    yield
    clear_caches()
