"""seed_demo's co-design part: needs from several sectors and countries, an accepted offer, a
complete Mauritius design and a Lesotho design with warnings open; a second run adds nothing."""

from io import StringIO

import pytest
from django.core.management import call_command

from codesign import completeness
from codesign.models import (
    Comment,
    Design,
    DesignRevision,
    NeedStatus,
    Offer,
    OfferStatus,
    SkillNeed,
    Workspace,
)

COUNTED = [SkillNeed, Offer, Workspace, Design, DesignRevision, Comment]


def counts():
    return {model.__name__: model.objects.count() for model in COUNTED}


@pytest.fixture
def seeded(db, settings):
    settings.DEMO_MODE = True
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def test_needs_come_from_several_sectors_and_countries(seeded):
    needs = SkillNeed.objects.all()
    assert needs.values("sector").distinct().count() >= 4
    assert needs.values("country").distinct().count() >= 4
    assert needs.filter(status=NeedStatus.IN_CODESIGN).count() == 2
    assert Offer.objects.filter(status=OfferStatus.PENDING).count() == 1
    assert "Co-design demo: 5 skill needs" in seeded


def test_the_mauritius_design_is_complete_and_the_lesotho_one_has_warnings(seeded):
    mauritius = Design.objects.get(framework__code="MU-NQF")
    findings = completeness.check(mauritius)
    assert [f for f in findings if f.severity in (completeness.ERROR, completeness.WARNING)] == []
    assert mauritius.workspace.members.values("organisation__kind").distinct().count() == 2
    assert mauritius.comments.count() == 2

    lesotho = Design.objects.get(framework__code="LS-LQF")
    severities = [f.severity for f in completeness.check(lesotho)]
    assert completeness.ERROR not in severities
    assert severities.count(completeness.WARNING) >= 2


def test_the_complete_design_shows_three_credits_for_sixty_hours(seeded, client):
    from portal.accounts.models import User

    mauritius = Design.objects.get(framework__code="MU-NQF")
    client.force_login(User.objects.get(email="academic.mu@portal.example"))
    page = client.get(mauritius.get_absolute_url()).content.decode()
    assert "60 notional hours on MU-NQF = 3 credits" in " ".join(page.split())


def test_a_second_run_adds_nothing(seeded):
    before = counts()
    call_command("seed_demo", stdout=StringIO())
    assert counts() == before
