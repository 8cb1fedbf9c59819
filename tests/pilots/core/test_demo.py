"""seed_demo's pilots part: one Mauritius pilot with two sites (one rural), two cohorts,
60 participants with outcomes and achievements; a second run changes nothing."""

from io import StringIO

from django.core.management import call_command

from pilots.models import Achievement, IndicatorTarget, Participant, Pilot, Site
from portal.audit.models import AuditEntry

COUNTED = [Pilot, Site, Participant, Achievement, IndicatorTarget, AuditEntry]


def counts():
    return {model.__name__: model.objects.count() for model in COUNTED}


def test_seeding_twice(db, settings):
    settings.DEMO_MODE = True
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert "Pilots demo:" in out.getvalue()
    pilot = Pilot.objects.get()
    assert pilot.status == "completed"
    assert {site.setting for site in pilot.sites.all()} == {"rural", "urban"}
    assert pilot.cohorts.count() == 2
    assert pilot.participants.count() == 60
    assert pilot.participants.filter(completed_on__isnull=False).count() >= 40
    assert pilot.participants.exclude(status_6_months="").count() >= 30
    assert (
        Achievement.objects.count()
        == pilot.participants.filter(awarded_on__isnull=False).count()
        > 0
    )
    assert IndicatorTarget.objects.filter(pilot=pilot).count() == 10
    first = counts()
    call_command("seed_demo", stdout=StringIO())
    assert counts() == first
