"""The shipped districts and youth definitions are in every new database, each with its
source, and loading them again changes nothing."""

import pytest
from django.core.management import call_command

from pilots.actions.reference import sync_pilot_reference
from pilots.models import District, YouthDefinition

pytestmark = pytest.mark.django_db

EXPECTED = {"MU": 10, "ZA": 52, "LS": 10, "NA": 14, "IE": 26, "BE": 11, "EE": 15}
YOUTH = {
    "MU": (14, 35),
    "ZA": (14, 35),
    "LS": (15, 35),
    "NA": (16, 35),
    "IE": (15, 29),
    "BE": (15, 29),
    "EE": (15, 29),
}


def test_districts_per_country_each_with_a_source():
    counts = {code: District.objects.filter(country__code=code).count() for code in EXPECTED}
    assert counts == EXPECTED
    assert not District.objects.filter(source="").exists()
    assert District.objects.filter(country__code="MU", name="Rodrigues").exists()
    assert District.objects.filter(country__code="BE", name="Brussels-Capital Region").exists()
    assert District.objects.filter(country__code="ZA", name="City of Cape Town").exists()


def test_youth_definitions_with_their_source():
    found = {
        item.country.code: (item.min_age, item.max_age)
        for item in YouthDefinition.objects.select_related("country")
    }
    assert found == YOUTH
    assert "National Youth Policy" in YouthDefinition.objects.get(country__code="NA").source


def test_loading_again_creates_nothing_and_keeps_staff_edits(capsys):
    district = District.objects.get(country__code="LS", name="Maseru")
    district.source = "Corrected by staff"
    district.save()
    assert sync_pilot_reference() == {}
    call_command("load_pilot_reference")
    assert "nothing to do" in capsys.readouterr().out
    district.refresh_from_db()
    assert district.source == "Corrected by staff"
    assert District.objects.count() == sum(EXPECTED.values())


def test_a_deleted_row_comes_back_and_overwrite_restores_the_source():
    District.objects.filter(country__code="EE", name="Tartu").delete()
    YouthDefinition.objects.filter(country__code="ZA").update(max_age=34)
    assert sync_pilot_reference() == {"District": {"created": 1, "updated": 0}}
    report = sync_pilot_reference(overwrite=True)
    assert report == {"YouthDefinition": {"created": 0, "updated": 1}}
    assert YouthDefinition.objects.get(country__code="ZA").max_age == 35


def test_staff_correct_districts_in_the_django_admin(client):
    from tests.pilots.helpers import make_user

    staff = make_user("staff@portal.example", is_staff=True, is_superuser=True, two_factor=True)
    client.force_login(staff)
    district = District.objects.get(country__code="MU", name="Moka")
    changelist = f"/django-admin/pilots/district/?country__id__exact={district.country_id}"
    assert client.get(changelist).status_code == 200
    response = client.post(
        f"/django-admin/pilots/district/{district.pk}/change/",
        {"country": district.country_id, "name": "Moka", "source": "Checked by staff"},
    )
    assert response.status_code == 302
    district.refresh_from_db()
    assert district.source == "Checked by staff"
    assert client.get("/django-admin/pilots/youthdefinition/").status_code == 200
