"""Offers: a verified university or TVET college answers an open need it can see."""

import pytest
from django.core.exceptions import ValidationError

from codesign.actions import needs as actions
from codesign.models import NeedStatus, Offer, OfferStatus, Visibility
from portal.accounts import actions as accounts
from portal.accounts.models import MembershipRole, OrganisationKind
from portal.audit.models import AuditEntry
from portal.frameworks.models import FrameworkLevel, QualificationFramework

from .helpers import text


def offer_data(organisation, level):
    return {
        "organisation": str(organisation.pk),
        "text": "We run a CAD pattern cutting short course.\n\nTaught on site, evenings.",
        "level": str(level.pk),
    }


@pytest.mark.parametrize(
    ("who", "organisation"), [("academic", "university"), ("lecturer", "college")]
)
def test_a_university_or_college_member_offers(
    client, request, need, mu_level_5, who, organisation
):
    user, organisation = request.getfixturevalue(who), request.getfixturevalue(organisation)
    client.force_login(user)
    page = client.get(f"/needs/{need.pk}/")
    assert f'href="/needs/{need.pk}/offer/"' in page.content.decode()
    form = client.get(f"/needs/{need.pk}/offer/")
    assert form.status_code == 200
    response = client.post(f"/needs/{need.pk}/offer/", offer_data(organisation, mu_level_5))
    assert response.status_code == 302
    assert response["Location"] == f"/needs/{need.pk}/"
    offer = Offer.objects.get()
    assert (offer.need, offer.organisation, offer.author) == (need, organisation, user)
    assert (offer.framework.code, offer.level.number) == ("MU-NQF", 5)
    assert offer.status == OfferStatus.PENDING
    assert AuditEntry.objects.get(action="codesign.make_offer").object_id == str(offer.pk)
    page = text(client.get(f"/needs/{need.pk}/"))
    assert f"The offer of {organisation} Waiting for an answer" in page
    assert "We run a CAD pattern cutting short course." in page
    assert "Make an offer" not in page


def test_the_level_select_groups_levels_by_framework(client, need, academic, university):
    client.force_login(academic)
    html = client.get(f"/needs/{need.pk}/offer/").content.decode()
    assert html.count("<optgroup") == QualificationFramework.objects.national().count()
    level = FrameworkLevel.objects.get(framework__code="MU-NQF", number=5)
    assert f'<option value="{level.pk}">MU-NQF level 5</option>' in html
    eqf = FrameworkLevel.objects.filter(framework__code="EQF").first()
    assert f'<option value="{eqf.pk}">' not in html


def test_someone_in_two_institutions_chooses_which_offers(
    client, need, academic, university, needs_make_organisation, mu_level_5
):
    other = needs_make_organisation("Second Polytechnic", academic, OrganisationKind.TVET)
    client.force_login(academic)
    html = client.get(f"/needs/{need.pk}/offer/").content.decode()
    assert '<select name="organisation"' in html
    client.post(f"/needs/{need.pk}/offer/", offer_data(other, mu_level_5))
    assert Offer.objects.get().organisation == other


@pytest.mark.parametrize("who", ["industry_member", "stranger", "unverified"])
def test_only_members_of_verified_universities_and_colleges_may_offer(
    client,
    request,
    need,
    stranger_organisation,
    needs_make_organisation,
    university,
    mu_level_5,
    who,
):
    if who == "unverified":
        user = request.getfixturevalue("stranger")
        needs_make_organisation(
            "Unverified University", user, OrganisationKind.UNIVERSITY, verified=False
        )
    else:
        user = request.getfixturevalue(who)
    client.force_login(user)
    assert "Make an offer" not in text(client.get(f"/needs/{need.pk}/"))
    response = client.post(f"/needs/{need.pk}/offer/", offer_data(university, mu_level_5))
    assert response.status_code == 403
    assert "Offers are made by members of verified universities and TVET colleges." in text(
        response
    )
    assert not Offer.objects.exists()


def test_anonymous_visitors_are_asked_to_sign_in(client, need, university, mu_level_5):
    assert "Universities and TVET colleges sign in to offer." in text(
        client.get(f"/needs/{need.pk}/")
    )
    response = client.post(f"/needs/{need.pk}/offer/", offer_data(university, mu_level_5))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert not Offer.objects.exists()


@pytest.mark.parametrize("status", [NeedStatus.CLOSED, NeedStatus.IN_CODESIGN])
def test_a_need_that_is_not_open_takes_no_offers(
    client, need, academic, university, mu_level_5, mu_framework, status
):
    need.status = status
    need.save()
    client.force_login(academic)
    assert "Make an offer" not in text(client.get(f"/needs/{need.pk}/"))
    response = client.post(
        f"/needs/{need.pk}/offer/", offer_data(university, mu_level_5), follow=True
    )
    assert f"This need is “{need.get_status_display()}”: it takes no new offers." in text(response)
    with pytest.raises(ValidationError, match="it takes no new offers"):
        actions.make_offer(
            need=need,
            organisation=university,
            text="Late",
            framework=mu_framework,
            level=mu_level_5,
            by=academic,
        )
    assert not Offer.objects.exists()


def test_one_live_offer_per_organisation(
    client, need, academic, university, needs_make_user, needs_staff, mu_level_5, offer_from
):
    colleague = needs_make_user("colleague@uni.example")
    accounts.add_member(
        organisation=university, user=colleague, role=MembershipRole.MEMBER, by=needs_staff
    )
    offer_from(need, academic, university)
    client.force_login(colleague)
    response = client.post(f"/needs/{need.pk}/offer/", offer_data(university, mu_level_5))
    assert response.status_code == 200
    assert (
        "Offered by: University of the Island has already made an offer for this need: one offer "
        "per organisation" in text(response)
    )
    assert Offer.objects.count() == 1


def test_a_withdrawn_offer_can_be_made_again(
    client, need, academic, university, mu_level_5, offer_from
):
    first = offer_from(need, academic, university)
    client.force_login(academic)
    assert "Withdraw the offer" in text(client.get(f"/needs/{need.pk}/"))
    response = client.post(f"/needs/{need.pk}/offers/{first.pk}/withdraw/")
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.status == OfferStatus.WITHDRAWN
    assert first.decided_by == academic
    assert AuditEntry.objects.filter(action="codesign.withdraw_offer").count() == 1
    client.post(f"/needs/{need.pk}/offer/", offer_data(university, mu_level_5))
    assert need.offers.filter(status=OfferStatus.PENDING).count() == 1


@pytest.mark.parametrize("who", ["poster", "lecturer", "stranger"])
def test_nobody_else_may_withdraw_an_offer(
    client, request, need, academic, university, college, offer_from, who
):
    offer = offer_from(need, academic, university)
    client.force_login(request.getfixturevalue(who))
    assert client.post(f"/needs/{need.pk}/offers/{offer.pk}/withdraw/").status_code == 404
    offer.refresh_from_db()
    assert offer.status == OfferStatus.PENDING


def test_an_answered_offer_cannot_be_withdrawn(
    client, need, academic, university, poster, offer_from
):
    offer = offer_from(need, academic, university)
    actions.decline_offer(offer=offer, by=poster)
    client.force_login(academic)
    page = client.get(f"/needs/{need.pk}/")
    assert "Withdraw the offer" not in text(page)
    response = client.post(f"/needs/{need.pk}/offers/{offer.pk}/withdraw/", follow=True)
    assert "This offer is no longer waiting for an answer (it is “Declined”)." in text(response)
    offer.refresh_from_db()
    assert offer.status == OfferStatus.DECLINED


BAD_OFFERS = [
    ("text", "", "Your offer: This field is required."),
    ("text", "<script>alert(1)</script>", "Your offer: “<script>” is HTML markup."),
    ("text", "t" * 2001, "Your offer: Write at most 2000 characters here (this has 2001)."),
    ("text", "zero\u200bwidth", "U+200B ZERO WIDTH SPACE"),
    ("level", "", "Proposed framework and level: This field is required."),
    ("level", "999999", "Proposed framework and level: Select a valid choice."),
    ("level", "five", "Proposed framework and level: Select a valid choice."),
    ("organisation", "999999", "Offered by: Select a valid choice."),
]


@pytest.mark.parametrize(("field", "value", "message"), BAD_OFFERS)
def test_bad_offers_are_refused_with_a_message_naming_the_field(
    client, need, academic, university, mu_level_5, field, value, message
):
    client.force_login(academic)
    response = client.post(
        f"/needs/{need.pk}/offer/", {**offer_data(university, mu_level_5), field: value}
    )
    assert response.status_code == 200
    assert message in text(response)
    assert not Offer.objects.exists()


def test_a_regional_framework_level_is_not_offered(client, need, academic, university):
    eqf_level = FrameworkLevel.objects.filter(framework__code="EQF").first()
    client.force_login(academic)
    response = client.post(f"/needs/{need.pk}/offer/", offer_data(university, eqf_level))
    assert "Proposed framework and level: Select a valid choice." in text(response)
    assert not Offer.objects.exists()


def test_an_organisation_one_is_not_in_is_refused(
    client, need, academic, university, college, mu_level_5
):
    client.force_login(academic)
    response = client.post(f"/needs/{need.pk}/offer/", offer_data(college, mu_level_5))
    assert response.status_code == 200
    assert "Offered by: Select a valid choice." in text(response)
    assert not Offer.objects.exists()


def test_the_action_refuses_a_level_of_another_framework_and_a_foreign_organisation(
    need, academic, university, college, mu_framework, ls_level_4
):
    with pytest.raises(ValidationError) as error:
        actions.make_offer(
            need=need,
            organisation=university,
            text="Hi",
            framework=mu_framework,
            level=ls_level_4,
            by=academic,
        )
    assert "Choose a framework and one of its levels." in error.value.message_dict["level"]
    with pytest.raises(ValidationError) as error:
        actions.make_offer(
            need=need,
            organisation=college,
            text="Hi",
            framework=mu_framework,
            level=ls_level_4.framework.levels.first(),
            by=academic,
        )
    assert "organisation" in error.value.message_dict
    assert not Offer.objects.exists()


def test_members_only_needs_take_offers_from_verified_institutions(
    client, post, academic, university, mu_level_5
):
    need = post(visibility=Visibility.MEMBERS)
    client.force_login(academic)
    client.post(f"/needs/{need.pk}/offer/", offer_data(university, mu_level_5))
    assert Offer.objects.filter(need=need, organisation=university).exists()


def test_the_action_refuses_an_offer_on_a_need_the_person_cannot_see(
    post, academic, university, mu_framework, mu_level_5
):
    need = post(visibility=Visibility.ORGANISATION)
    with pytest.raises(ValidationError, match="not open to you"):
        actions.make_offer(
            need=need,
            organisation=university,
            text="Hi",
            framework=mu_framework,
            level=mu_level_5,
            by=academic,
        )
    assert not Offer.objects.exists()
