"""The history, compare and discussion pages run a fixed number of queries however many
revisions and comments a design has (bench/codesign.py measures the same pages at full size)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from codesign.actions import comments

from .conftest import outcomes, save

pytestmark = pytest.mark.django_db

# The most queries each page may run: session, user, design, seat, outline, its own reads.
MAX_QUERIES = 12


def grow(design, people, *, revisions, threads):
    lead, coauthor = people["lead"], people["coauthor"]
    for n in range(revisions):
        save(design, "learning_outcomes", outcomes(5 + n % 3, word=f"w{n}"), lead)
    for n in range(threads):
        thread = comments.add_comment(
            design=design,
            section_key="learning_outcomes",
            body=f"@amina-author point {n}",
            by=lead,
        )
        comments.reply(comment=thread, body=f"Answer {n} to @thandi-lead", by=coauthor)
        if n % 3 == 0:
            comments.resolve_thread(comment=thread, by=lead)
    design.refresh_from_db()


def pages(design):
    latest = design.revision_count
    return [
        f"/designs/{design.pk}/revisions/",
        f"/designs/{design.pk}/revisions/?page=2",
        f"/designs/{design.pk}/compare/?a=1&b={latest}",
        f"/designs/{design.pk}/revisions/1/restore/",
        f"/designs/{design.pk}/sections/learning_outcomes/comments/",
    ]


def counts(client, design):
    result = {}
    for url in pages(design):
        client.get(url)  # warm per-process caches
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        result[url.replace(str(design.revision_count), "latest")] = len(queries)
    return result


def test_queries_stay_the_same_as_revisions_and_comments_grow(
    client, design, reviews_people, django_assert_max_num_queries
):
    client.force_login(reviews_people["lead"])
    grow(design, reviews_people, revisions=30, threads=5)
    small = counts(client, design)
    grow(design, reviews_people, revisions=40, threads=20)
    large = counts(client, design)
    assert large == small
    for url in pages(design):
        with django_assert_max_num_queries(MAX_QUERIES):
            client.get(url)
