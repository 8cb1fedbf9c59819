"""On PostgreSQL, two requests at once: the sending limit is counted under a lock, so two
invitations cannot both take the last place; two people joining at once get distinct handles."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from codesign.actions import workspaces as actions
from codesign.actions.workspaces import INVITATIONS_PER_PERSON_PER_HOUR
from codesign.models import WorkspaceInvitation

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks need PostgreSQL (SQLite: one writer)"
    ),
]


def at_once(*calls):
    """Run the calls in threads released together; returns what each returned or raised."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            results[index] = call()
        except Exception as error:  # noqa: BLE001 - the test reads what was raised
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_two_invitations_at_once_cannot_both_take_the_last_place(workspace, industry_lead):
    for number in range(INVITATIONS_PER_PERSON_PER_HOUR - 1):
        actions.invite_to_workspace(
            workspace=workspace, email=f"p{number}@uom.example", role="commenter", by=industry_lead
        )
    results = at_once(
        *(
            lambda email=email: actions.invite_to_workspace(
                workspace=workspace, email=email, role="commenter", by=industry_lead
            )
            for email in ("a@uom.example", "b@uom.example", "c@uom.example")
        )
    )
    refused = [result for result in results if isinstance(result, ValidationError)]
    assert len(refused) == 2, results
    assert WorkspaceInvitation.objects.count() == INVITATIONS_PER_PERSON_PER_HOUR


def test_two_namesakes_joining_at_once_get_distinct_handles(workspace, industry_lead, ws_make_user):
    people = [ws_make_user(f"kim{n}@uom.example", display_name="Kim Lee") for n in range(3)]
    invitations = [
        actions.invite_to_workspace(
            workspace=workspace, email=person.email, role="commenter", by=industry_lead
        )[0]
        for person in people
    ]
    results = at_once(
        *(
            lambda invitation=invitation, person=person: actions.accept_workspace_invitation(
                invitation=invitation, user=person
            )
            for invitation, person in zip(invitations, people, strict=True)
        )
    )
    assert sorted(member.handle for member in results) == ["kim-lee", "kim-lee-2", "kim-lee-3"]
