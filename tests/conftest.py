import pytest
from django.core.cache import cache
from huey.contrib.djhuey import HUEY

# The tests run huey's tasks at once, in the test's own thread; nothing else does.
HUEY.immediate = True


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Hashing strength is not under test; PBKDF2's deliberate slowness would dominate the suite.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()
