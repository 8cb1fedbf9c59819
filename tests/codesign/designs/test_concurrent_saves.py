"""Two saves of one section at the same moment, from the same version, on PostgreSQL (where
rows are really locked): exactly one wins; the other is told the section moved on."""

import threading

import pytest
from django.db import connection, connections

from codesign.actions.designs import StaleSection, save_section
from codesign.models import DesignRevision, DesignSection
from portal.frameworks.actions import sync_reference_data

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs PostgreSQL's row locks (DATABASE_URL)"
    ),
]


@pytest.fixture(autouse=True)
def reference_data():
    # Transactional tests empty every table afterwards, migration data included: load it again.
    sync_reference_data()


def test_two_concurrent_saves_leave_exactly_one_winner(request):
    design = request.getfixturevalue("design")
    lead, coauthor = request.getfixturevalue("lead"), request.getfixturevalue("coauthor")
    start = threading.Barrier(2)
    outcomes = {}

    def save(person, text):
        try:
            start.wait(timeout=10)
            save_section(
                design=design, key="need", content={"text": text}, base_version=0, by=person
            )
            outcomes[text] = "saved"
        except StaleSection:
            outcomes[text] = "stale"
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=save, args=(lead, "The lead's text")),
        threading.Thread(target=save, args=(coauthor, "The co-author's text")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes.values()) == ["saved", "stale"]
    winner = next(text for text, outcome in outcomes.items() if outcome == "saved")
    section = DesignSection.objects.get(design=design, key="need")
    assert section.content == {"text": winner}
    assert section.version == 1
    assert DesignRevision.objects.filter(design=design).count() == 2
