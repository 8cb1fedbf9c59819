"""The history of a design: every revision listed, any two compared, an earlier one restored."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from codesign.actions.designs import restore_revision
from codesign.models import Activity, ActivityKind, DesignRevision, DesignSection
from portal.audit.models import AuditEntry
from portal.frameworks.models import FrameworkLevel, QualificationFramework

from .conftest import outcomes, save

pytestmark = pytest.mark.django_db


@pytest.fixture
def lead_client(client, reviews_people):
    client.force_login(reviews_people["lead"])
    return client


@pytest.fixture
def history(design, reviews_people):
    """Revisions 1 (created) to 5."""
    lead, coauthor = reviews_people["lead"], reviews_people["coauthor"]
    save(design, "need", {"text": "Installers who can work safely on roofs."}, lead)  # 2
    save(design, "learning_outcomes", outcomes(3), coauthor)  # 3
    save(design, "need", {"text": "Installers who can work safely on tall roofs."}, coauthor)  # 4
    save(design, "workload", {"guided_learning": "20", "self_study": "12.5"}, lead)  # 5
    design.refresh_from_db()
    return design


def test_the_history_lists_every_revision_newest_first_with_who_and_which_sections(
    lead_client, history
):
    response = lead_client.get(f"/designs/{history.pk}/revisions/")
    assert response.status_code == 200
    rows = list(response.context["page"])
    assert [row.number for row in rows] == [5, 4, 3, 2, 1]
    html = response.content.decode()
    assert html.index('id="revision-5"') < html.index('id="revision-1"')
    assert "Amina Author" in html and "Thandi Lead" in html
    titles = {row.number: row.changed_titles for row in rows}
    assert titles == {
        5: ["Notional hours and credits"],
        4: ["Need and purpose"],
        3: ["Learning outcomes"],
        2: ["Need and purpose"],
        1: ["Title, framework and level"],
    }
    assert "Notional hours and credits" in html


def test_a_restored_revision_says_where_it_came_from(lead_client, history, reviews_people):
    restore_revision(design=history, number=2, by=reviews_people["lead"])
    response = lead_client.get(f"/designs/{history.pk}/revisions/")
    assert "restored from revision 2" in response.content.decode()


def test_a_section_no_longer_in_the_outline_is_named_by_its_key(
    lead_client, design, reviews_people
):
    lead = reviews_people["lead"]
    save(design, "resources", {"text": "A training roof with three panel types."}, lead)
    lesotho = QualificationFramework.objects.get(code="LS-LQF")
    save(
        design,
        "basics",
        {
            "title": design.title,
            "framework": lesotho,
            "level": FrameworkLevel.objects.get(framework=lesotho, number=5),
            "credential_type": design.credential_type,
        },
        lead,
    )
    response = lead_client.get(f"/designs/{design.pk}/revisions/")
    titles = {row.number: row.changed_titles for row in response.context["page"]}
    assert titles[2] == ["resources"]


def test_the_history_is_paginated_and_never_loads_snapshots(lead_client, design, reviews_people):
    for n in range(30):
        save(design, "need", {"text": f"Need, draft {n}."}, reviews_people["lead"])
    with CaptureQueriesContext(connection) as queries:
        first = lead_client.get(f"/designs/{design.pk}/revisions/")
    assert [row.number for row in first.context["page"]][:2] == [31, 30]
    assert len(first.context["page"]) == 25
    revision_queries = [q["sql"] for q in queries if "codesign_designrevision" in q["sql"]]
    assert revision_queries
    assert not any('"snapshot"' in sql for sql in revision_queries)
    second = lead_client.get(f"/designs/{design.pk}/revisions/?page=2")
    assert [row.number for row in second.context["page"]] == [6, 5, 4, 3, 2, 1]
    # A page number from nowhere shows the last page, not an error.
    assert lead_client.get(f"/designs/{design.pk}/revisions/?page=zz").status_code == 200


def test_compare_defaults_to_the_previous_and_the_latest(lead_client, history):
    response = lead_client.get(f"/designs/{history.pk}/compare/")
    assert response.status_code == 200
    assert (response.context["old"].number, response.context["new"].number) == (4, 5)
    changed = [s.key for s in response.context["sections"] if s.changed]
    assert changed == ["workload"]
    html = response.content.decode()
    assert "<ins>20</ins>" in html
    # Every other section is one line saying so.
    assert html.count('class="diff-unchanged"') == len(response.context["sections"]) - 1


def test_any_two_revisions_compare_side_by_side_with_the_changed_words_marked(lead_client, history):
    response = lead_client.get(f"/designs/{history.pk}/compare/?a=2&b=4")
    html = response.content.decode()
    changed = [s.key for s in response.context["sections"] if s.changed]
    assert changed == ["need", "learning_outcomes"]
    assert "safely on <ins>tall</ins> roofs" in html
    assert "Revision 2" in html and "Revision 4" in html
    # Backwards is allowed too: the first number is on the left.
    backwards = lead_client.get(f"/designs/{history.pk}/compare/?a=4&b=2")
    assert "safely on <del>tall</del> roofs" in backwards.content.decode()


def test_compared_text_is_escaped(lead_client, design, reviews_people):
    save(design, "need", {"text": "Fewer than <20 credits & one site"}, reviews_people["lead"])
    html = lead_client.get(f"/designs/{design.pk}/compare/").content.decode()
    assert "&lt;20 credits &amp; one site" in html
    assert "<20 credits" not in html


@pytest.mark.parametrize(
    "query", ["a=0&b=5", "a=6&b=1", "a=abc&b=2", "a=-1", "b=99999999999999999999999", "a=1.5"]
)
def test_a_bad_revision_number_gets_a_clear_message(lead_client, history, query):
    response = lead_client.get(f"/designs/{history.pk}/compare/?{query}")
    assert response.status_code == 200
    assert "Choose a revision from 1 to 5." in response.content.decode()
    assert "sections" not in response.context


def test_restoring_asks_first_then_makes_a_new_revision(lead_client, history):
    confirm = lead_client.get(f"/designs/{history.pk}/revisions/2/restore/")
    assert confirm.status_code == 200
    html = confirm.content.decode()
    assert "Restore revision 2" in html
    assert [section.key for section in confirm.context["changes"]] == [
        "need",
        "learning_outcomes",
        "workload",
    ]
    assert DesignRevision.objects.filter(design=history).count() == 5

    response = lead_client.post(f"/designs/{history.pk}/revisions/2/restore/", follow=True)
    assert response.redirect_chain[-1][0] == f"/designs/{history.pk}/revisions/"
    assert "Revision 2 is restored: its content is now revision 6." in response.content.decode()
    latest = DesignRevision.objects.get(design=history, number=6)
    assert latest.restored_from == 2
    assert DesignSection.objects.get(design=history, key="need").content == {
        "text": "Installers who can work safely on roofs."
    }
    assert AuditEntry.objects.filter(action="codesign.restore_revision").count() == 1
    assert Activity.objects.filter(kind=ActivityKind.REVISION_RESTORED).count() == 1


def test_a_design_marked_ready_is_not_restored_into_and_the_page_says_why(lead_client, history):
    # The design editor's mark_design_ready action lands with that part; its effect is this.
    type(history).objects.filter(pk=history.pk).update(status="ready")
    response = lead_client.post(f"/designs/{history.pk}/revisions/2/restore/")
    assert response.status_code == 200
    assert "marked ready for review" in response.content.decode()
    assert DesignRevision.objects.filter(design=history).count() == 5


def test_the_latest_revision_has_nothing_to_restore(lead_client, history):
    response = lead_client.get(f"/designs/{history.pk}/revisions/5/restore/")
    assert "there is nothing to restore" in response.content.decode()
    response = lead_client.post(f"/designs/{history.pk}/revisions/5/restore/")
    assert "nothing to restore" in response.content.decode()
    assert DesignRevision.objects.filter(design=history).count() == 5


def test_commenters_see_the_history_but_cannot_restore(client, history, reviews_people):
    client.force_login(reviews_people["commenter"])
    page = client.get(f"/designs/{history.pk}/revisions/")
    assert page.status_code == 200
    assert "/restore/" not in page.content.decode()
    assert client.get(f"/designs/{history.pk}/compare/?a=1&b=5").status_code == 200
    assert client.get(f"/designs/{history.pk}/revisions/2/restore/").status_code == 404
    assert client.post(f"/designs/{history.pk}/revisions/2/restore/").status_code == 404
    assert DesignRevision.objects.filter(design=history).count() == 5
