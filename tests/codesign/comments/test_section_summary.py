"""What the design page shows under each section: open and resolved threads, the newest
comment; for every section at once, in one query."""

import pytest
from django.template.loader import render_to_string

from codesign.actions import comments
from codesign.models import Comment

pytestmark = pytest.mark.django_db


@pytest.fixture
def discussed(design, other_design, reviews_people):
    lead, coauthor = reviews_people["lead"], reviews_people["coauthor"]
    a = comments.add_comment(design=design, section_key="need", body="First", by=lead)
    comments.add_comment(design=design, section_key="need", body="Second", by=lead)
    b = comments.add_comment(design=design, section_key="need", body="Third", by=lead)
    comments.resolve_thread(comment=b, by=lead)
    comments.reply(comment=a, body="The newest (< 20) & last word", by=coauthor)
    comments.add_comment(design=design, section_key="workload", body="Hours?", by=coauthor)
    # Another design's comments count for nothing here.
    comments.add_comment(
        design=other_design,
        section_key="need",
        body="Elsewhere",
        by=other_design.workspace.members.get().user,
    )
    return design


def test_summary_for_counts_threads_and_finds_the_newest_comment_in_one_query(
    discussed, reviews_people, django_assert_num_queries
):
    with django_assert_num_queries(1):
        summary = Comment.objects.summary_for(discussed)
        need = summary["need"]
        author = need.latest.author
    assert set(summary) == {"need", "workload"}
    assert (need.open_threads, need.resolved_threads) == (2, 1)
    assert need.latest.body == "The newest (< 20) & last word"
    assert author == reviews_people["coauthor"]
    assert (summary["workload"].open_threads, summary["workload"].resolved_threads) == (1, 0)


def test_the_partial_shows_counts_the_latest_comment_escaped_and_the_link(discussed):
    summary = Comment.objects.summary_for(discussed)
    html = render_to_string(
        "codesign/comments/_section_summary.html",
        {"design": discussed, "section_key": "need", "summary": summary["need"]},
    )
    assert "2 open threads" in html and "1 resolved" in html
    assert "Amina Author" in html
    assert "The newest (&lt; 20) &amp; last word" in html
    assert f'href="/designs/{discussed.pk}/sections/need/comments/"' in html
    empty = render_to_string(
        "codesign/comments/_section_summary.html",
        {"design": discussed, "section_key": "review", "summary": summary.get("review")},
    )
    assert "No comments yet." in empty
    assert f'href="/designs/{discussed.pk}/sections/review/comments/"' in empty
