"""Two people saving at the same moment, in two threads with their own database connections:
the same section from the same version leaves exactly one winner; different sections both
win, with distinct revision numbers."""

import threading

import pytest
from django.db import connection, connections

from codesign.actions.designs import StaleSection, save_section
from codesign.models import DesignRevision, DesignSection

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite serialises writers itself; this checks PostgreSQL's row locks",
    ),
]


def _save_at_once(saves):
    """Run each (design, key, content, base_version, by) in its own thread, all released
    together; returns each one's revision or exception, in order."""
    barrier = threading.Barrier(len(saves))
    results = [None] * len(saves)

    def run(index, design, key, content, base_version, by):
        try:
            barrier.wait()
            results[index] = save_section(
                design=design, key=key, content=content, base_version=base_version, by=by
            )
        except Exception as exc:  # reported by the test
            results[index] = exc
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=run, args=(index, *save)) for index, save in enumerate(saves)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_two_saves_of_one_section_from_one_version_leave_exactly_one_winner(design, reviews_people):
    base = DesignSection.objects.get(design=design, key="need").version
    results = _save_at_once(
        [
            (design, "need", {"text": "Thandi's version."}, base, reviews_people["lead"]),
            (design, "need", {"text": "Amina's version."}, base, reviews_people["coauthor"]),
        ]
    )
    winners = [result for result in results if isinstance(result, DesignRevision)]
    losers = [result for result in results if isinstance(result, StaleSection)]
    assert len(winners) == 1 and len(losers) == 1, results
    assert DesignRevision.objects.filter(design=design).count() == 2
    section = DesignSection.objects.get(design=design, key="need")
    assert section.version == base + 1
    # The loser is shown the winner's text, and the stored text is the winner's.
    assert losers[0].section.content == section.content
    assert winners[0].snapshot["need"] == section.content


def test_two_saves_of_different_sections_both_win_with_distinct_numbers(design, reviews_people):
    need = DesignSection.objects.get(design=design, key="need").version
    structure = DesignSection.objects.get(design=design, key="structure").version
    results = _save_at_once(
        [
            (design, "need", {"text": "The need."}, need, reviews_people["lead"]),
            (design, "structure", {"text": "Five units."}, structure, reviews_people["coauthor"]),
        ]
    )
    assert all(isinstance(result, DesignRevision) for result in results), results
    assert sorted(result.number for result in results) == [2, 3]
    latest = DesignRevision.objects.get(design=design, number=3)
    # The later revision's snapshot holds both saves: neither overwrote the other.
    assert latest.snapshot["need"] == {"text": "The need."}
    assert latest.snapshot["structure"] == {"text": "Five units."}
    design.refresh_from_db()
    assert design.revision_count == 3
