import pytest
from django.core.cache import cache
from huey.contrib.djhuey import HUEY

# The tests run huey's tasks at once, in the test's own thread; nothing else does.
HUEY.immediate = True


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()
