# The comments tests use the same workspace, people and design as the revisions tests.
from tests.codesign.revisions.conftest import (  # noqa: F401
    design,
    make_design,
    make_person,
    other_design,
    reviews_people,
    reviews_workspace,
)
