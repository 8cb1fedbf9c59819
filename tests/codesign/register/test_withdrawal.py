"""Withdrawing an entry: the approving authority's admins and project staff, with a reason
the register shows; anyone else is refused (404 on the page)."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from codesign.actions.register import withdraw_entry
from codesign.models import EntryStatus
from portal.audit.models import AuditEntry
from portal.notifications.models import Notification

from .helpers import text

pytestmark = pytest.mark.django_db


def client_of(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_the_authoritys_admin_withdraws_with_a_reason(people, entry):
    page = client_of(people.authority_admin).get(entry.get_absolute_url())
    assert "Withdraw from recognition" in text(page)
    response = client_of(people.authority_admin).post(
        f"/register/{entry.identifier}/withdraw/",
        {"reason": "The awarding university closed the programme."},
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.status == EntryStatus.WITHDRAWN
    assert entry.status_reason == "The awarding university closed the programme."
    public = text(Client().get(entry.get_absolute_url()))
    assert "no longer recognised" in public
    assert "Reason: The awarding university closed the programme." in public
    assert "Withdraw from recognition" not in text(
        client_of(people.authority_admin).get(entry.get_absolute_url())
    )
    audit = AuditEntry.objects.get(action="codesign.withdraw_entry")
    assert audit.actor == people.authority_admin
    assert list(
        Notification.objects.filter(kind="codesign.register_withdrawn").values_list(
            "recipient", flat=True
        )
    ) == [people.lead.pk]


@pytest.mark.parametrize("who", ["reviewer", "lead", "coauthor", "stranger", "irish_admin", None])
def test_no_one_else_may_withdraw(people, entry, who):
    user = getattr(people, who) if who else None
    client = client_of(user)
    assert "Withdraw from recognition" not in text(client.get(entry.get_absolute_url()))
    response = client.post(f"/register/{entry.identifier}/withdraw/", {"reason": "Because."})
    assert response.status_code == 404
    entry.refresh_from_db()
    assert entry.status == EntryStatus.RECOGNISED
    if user is not None:
        with pytest.raises(ValidationError):
            withdraw_entry(entry=entry, reason="Because.", by=user)


def test_staff_may_withdraw(people, entry):
    withdraw_entry(entry=entry, reason="Found to be a duplicate.", by=people.staff)
    entry.refresh_from_db()
    assert entry.status == EntryStatus.WITHDRAWN


def test_a_reason_is_required_and_named(people, entry):
    response = client_of(people.authority_admin).post(
        f"/register/{entry.identifier}/withdraw/", {"reason": "  "}
    )
    assert response.status_code == 400
    assert "Reason for withdrawing it: This field is required." in text(response)
    with pytest.raises(ValidationError) as raised:
        withdraw_entry(entry=entry, reason="<b>no</b>", by=people.authority_admin)
    assert raised.value.message_dict["reason"][0].startswith("Reason: “<b>” is HTML markup")
    entry.refresh_from_db()
    assert entry.status == EntryStatus.RECOGNISED


def test_an_entry_is_withdrawn_once(people, entry):
    withdraw_entry(entry=entry, reason="Duplicate.", by=people.staff)
    with pytest.raises(ValidationError, match="already withdrawn"):
        withdraw_entry(entry=entry, reason="Again.", by=people.authority_admin)
