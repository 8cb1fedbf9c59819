"""The register tests' data, built through the actions: a cast (tests/codesign/register/
helpers.People), a design written and approved into the register."""

import pytest

from .helpers import People, approve, write_design


@pytest.fixture
def people(db):
    return People()


@pytest.fixture
def design(people):
    return write_design(people)


@pytest.fixture
def entry(people, design):
    return approve(people, design)


@pytest.fixture(scope="module")
def register(django_db_setup, django_db_blocker):
    """helpers.Register, built once for the module's tests and rolled back after them (each
    test runs in a savepoint inside it)."""
    from django.db import transaction

    from .helpers import Register

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield Register()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
