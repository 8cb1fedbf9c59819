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
