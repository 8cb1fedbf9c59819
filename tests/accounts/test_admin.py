import pytest
from django.urls import reverse

from portal.accounts.models import User
from portal.audit.models import AuditEntry

from .helpers import enable_totp


@pytest.fixture
def admin_client(client, staff):
    staff.is_superuser = True
    staff.save(update_fields=["is_superuser"])
    enable_totp(staff)
    client.force_login(staff)
    return client


def test_admin_verifies_through_the_action(admin_client, make_organisation, make_user, staff):
    organisation = make_organisation("Waiting Ltd", make_user("w@w.example"), verified=False)
    response = admin_client.post(
        reverse("admin:accounts_organisation_changelist"),
        {"action": "verify", "_selected_action": [organisation.pk]},
    )
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.verified_by == staff
    assert AuditEntry.objects.filter(action="accounts.verify_organisation").exists()


def test_admin_user_changes_are_audited(admin_client, member_user):
    url = reverse("admin:accounts_user_change", args=[member_user.pk])
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(
        url,
        {
            "display_name": "Renamed",
            "is_active": "on",
            "is_staff": "on",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    member_user.refresh_from_db()
    assert member_user.is_staff and member_user.display_name == "Renamed"
    entry = AuditEntry.objects.get(action="accounts.update_user_access")
    assert entry.detail["is_staff"] == {"from": False, "to": True}


def test_admin_cannot_add_or_delete_people(admin_client):
    assert admin_client.get(reverse("admin:accounts_user_add")).status_code == 403
    assert User.objects.count() == 1
