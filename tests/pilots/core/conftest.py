import pytest

from tests.pilots.helpers import make_world, signed_in


@pytest.fixture
def world(db):
    return make_world()


@pytest.fixture
def as_provider(world):
    return signed_in(world.provider)


@pytest.fixture
def as_academic(world):
    return signed_in(world.academic)
