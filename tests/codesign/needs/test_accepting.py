"""Answering offers: accepting one opens the workspace; declining tells the author; the
need's status moves by the owner's hand within the rules."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from codesign.actions import needs as actions
from codesign.models import (
    CredentialType,
    Design,
    NeedStatus,
    OfferStatus,
    Workspace,
    WorkspaceMember,
    WorkspaceRole,
)
from portal.audit.models import AuditEntry
from portal.notifications.models import Notification

from .helpers import text


@pytest.fixture
def offers(need, academic, university, lecturer, college, offer_from):
    """A waiting offer from the university and one from the college."""
    return offer_from(need, academic, university), offer_from(need, lecturer, college)


def seats(workspace):
    return sorted(
        (seat.user.email, seat.organisation.name, seat.role)
        for seat in WorkspaceMember.objects.filter(workspace=workspace).select_related(
            "user", "organisation"
        )
    )


def test_the_owner_sees_every_offer_with_accept_and_decline(client, need, poster, offers):
    client.force_login(poster)
    html = client.get(f"/needs/{need.pk}/").content.decode()
    for offer in offers:
        assert f'href="/needs/{need.pk}/offers/{offer.pk}/accept/"' in html
        assert f'href="/needs/{need.pk}/offers/{offer.pk}/decline/"' in html
    page = text(client.get(f"/needs/{need.pk}/"))
    assert "University of the Island Waiting for an answer" in page
    assert "Island TVET College Waiting for an answer" in page


def test_others_see_how_many_offers_there_are_and_their_own(
    client, need, offers, academic, stranger, stranger_organisation
):
    client.force_login(stranger)
    page = text(client.get(f"/needs/{need.pk}/"))
    assert "2 offers so far." in page
    assert "University of the Island" not in page and "Island TVET College" not in page
    client.force_login(academic)
    page = text(client.get(f"/needs/{need.pk}/"))
    assert "The offer of University of the Island Waiting for an answer" in page
    assert "Island TVET College" not in page


def test_accepting_opens_a_workspace_with_a_first_design(
    client, need, poster, academic, lecturer, offers, django_capture_on_commit_callbacks
):
    chosen, other = offers
    client.force_login(poster)
    confirm = client.get(f"/needs/{need.pk}/offers/{chosen.pk}/accept/")
    assert confirm.status_code == 200
    assert "The other offer waiting is declined: Island TVET College" in text(confirm)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/needs/{need.pk}/offers/{chosen.pk}/accept/",
            {"message": "Thank you: we chose a partner closer to the factory."},
        )
    workspace = Workspace.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/workspaces/{workspace.pk}/"

    chosen.refresh_from_db()
    other.refresh_from_db()
    need.refresh_from_db()
    assert (chosen.status, chosen.decided_by) == (OfferStatus.ACCEPTED, poster)
    assert other.status == OfferStatus.DECLINED
    assert other.decline_message == "Thank you: we chose a partner closer to the factory."
    assert need.status == NeedStatus.IN_CODESIGN
    assert (workspace.need, workspace.offer, workspace.title) == (need, chosen, need.title)
    assert seats(workspace) == [
        ("academic@uni.example", "University of the Island", WorkspaceRole.LEAD),
        ("poster@textiles.example", "Island Textiles", WorkspaceRole.LEAD),
    ]
    design = Design.objects.get()
    assert design.workspace == workspace
    assert design.title == "Pattern cutting for knitwear technicians"
    assert (design.framework.code, design.level.number) == ("MU-NQF", 5)
    assert design.credential_type == CredentialType.INDUSTRY_LED
    assert design.created_by == academic

    accepted = Notification.objects.get(kind="codesign.offer_accepted")
    assert accepted.recipient == academic
    assert accepted.url == f"/workspaces/{workspace.pk}/"
    declined = Notification.objects.get(kind="codesign.offer_declined")
    assert declined.recipient == lecturer
    assert "Thank you: we chose a partner closer to the factory." in declined.body
    assert sorted(message.to[0] for message in mail.outbox) == [
        "academic@uni.example",
        "lecturer@tvet.example",
    ]
    entry = AuditEntry.objects.get(action="codesign.accept_offer")
    assert entry.detail == {
        "need": need.pk,
        "workspace": workspace.pk,
        "design": design.pk,
        "declined": [other.pk],
    }
    assert AuditEntry.objects.filter(action="codesign.open_workspace").count() == 1
    assert AuditEntry.objects.filter(action="codesign.create_design").count() == 1


def test_an_admin_who_accepts_is_seated_beside_the_poster(need, industry_admin, offers):
    workspace = actions.accept_offer(offer=offers[0], by=industry_admin)
    assert seats(workspace) == [
        ("academic@uni.example", "University of the Island", WorkspaceRole.LEAD),
        ("admin@textiles.example", "Island Textiles", WorkspaceRole.LEAD),
        ("poster@textiles.example", "Island Textiles", WorkspaceRole.LEAD),
    ]


def test_withdrawn_and_declined_offers_are_left_alone(
    need, poster, offers, needs_make_user, needs_make_organisation, offer_from
):
    chosen, college_offer = offers
    third = offer_from(
        need,
        (author := needs_make_user("third@poly.example")),
        needs_make_organisation("Third Polytechnic", author, "tvet"),
    )
    actions.withdraw_offer(offer=third, by=author)
    actions.decline_offer(offer=college_offer, by=poster, message="Too far away.")
    actions.accept_offer(offer=chosen, by=poster, message="Another message")
    college_offer.refresh_from_db()
    third.refresh_from_db()
    assert college_offer.decline_message == "Too far away."
    assert third.status == OfferStatus.WITHDRAWN
    assert Notification.objects.filter(kind="codesign.offer_declined").count() == 1


def test_a_second_acceptance_is_refused_and_one_offer_stays_accepted(
    client, need, poster, industry_admin, offers
):
    first, second = offers
    actions.accept_offer(offer=first, by=poster)
    client.force_login(industry_admin)
    response = client.post(f"/needs/{need.pk}/offers/{second.pk}/accept/", follow=True)
    assert "This offer is no longer waiting for an answer (it is “Declined”)." in text(response)
    with pytest.raises(ValidationError, match="an offer can be accepted only while it is open"):
        actions.accept_offer(offer=second, by=industry_admin)
    assert need.offers.filter(status=OfferStatus.ACCEPTED).get() == first
    assert Workspace.objects.count() == 1


def test_declining_tells_the_author(
    client, need, poster, academic, offers, django_capture_on_commit_callbacks
):
    offer = offers[0]
    client.force_login(poster)
    assert client.get(f"/needs/{need.pk}/offers/{offer.pk}/decline/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/needs/{need.pk}/offers/{offer.pk}/decline/",
            {"message": "We need training on site,\nnot online."},
        )
    assert response["Location"] == f"/needs/{need.pk}/"
    offer.refresh_from_db()
    need.refresh_from_db()
    assert offer.status == OfferStatus.DECLINED
    assert offer.decline_message == "We need training on site,\nnot online."
    assert need.status == NeedStatus.OPEN
    notice = Notification.objects.get(kind="codesign.offer_declined")
    assert notice.recipient == academic
    assert "We need training on site,\nnot online." in notice.body
    assert len(mail.outbox) == 1
    assert AuditEntry.objects.get(action="codesign.decline_offer").detail["with_message"] is True
    client.force_login(academic)
    page = text(client.get(f"/needs/{need.pk}/"))
    assert "Declined" in page and "We need training on site, not online." in page


def test_a_bad_message_declines_nothing(client, need, poster, offers):
    offer = offers[0]
    client.force_login(poster)
    response = client.post(
        f"/needs/{need.pk}/offers/{offer.pk}/decline/", {"message": "<a href=x>see</a>"}
    )
    assert response.status_code == 200
    assert "“<a href=x>” is HTML markup" in text(response)
    offer.refresh_from_db()
    assert offer.status == OfferStatus.PENDING
    assert not Notification.objects.exists()


def test_a_bad_message_accepts_nothing(client, need, poster, offers):
    client.force_login(poster)
    response = client.post(
        f"/needs/{need.pk}/offers/{offers[0].pk}/accept/", {"message": "m" * 1001}
    )
    assert response.status_code == 200
    assert "Write at most 1000 characters here (this has 1001)." in text(response)
    assert not Workspace.objects.exists()
    assert need.offers.filter(status=OfferStatus.PENDING).count() == 2


@pytest.mark.parametrize("action", ["accept", "decline"])
@pytest.mark.parametrize("who", ["industry_member", "academic", "stranger", "needs_staff"])
def test_only_the_owner_answers_offers(client, request, need, offers, action, who):
    client.force_login(request.getfixturevalue(who))
    url = f"/needs/{need.pk}/offers/{offers[0].pk}/{action}/"
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert need.offers.filter(status=OfferStatus.PENDING).count() == 2
    assert not Workspace.objects.exists()


def test_an_offer_of_another_need_answers_404(client, post, need, poster, offers):
    other_need = post(title="Another need")
    client.force_login(poster)
    for action in ("accept", "decline"):
        url = f"/needs/{other_need.pk}/offers/{offers[0].pk}/{action}/"
        assert client.post(url).status_code == 404
    assert client.post(f"/needs/{need.pk}/offers/999999/accept/").status_code == 404
    assert need.offers.filter(status=OfferStatus.PENDING).count() == 2
    with pytest.raises(ValidationError, match="not one of this need's"):
        offers[0].need = other_need
        actions.accept_offer(offer=offers[0], by=poster)
    assert not Workspace.objects.exists()


def test_an_author_who_left_their_institution_cannot_be_seated(
    need, poster, academic, university, offers
):
    from portal.accounts import actions as accounts
    from portal.accounts.models import MembershipRole

    colleague = offers[1].author  # the college's lecturer: stays
    accounts.add_member(
        organisation=university, user=colleague, role=MembershipRole.ADMIN, by=academic
    )
    accounts.leave_organisation(membership=university.memberships.get(user=academic))
    with pytest.raises(ValidationError, match="no longer at University of the Island"):
        actions.accept_offer(offer=offers[0], by=poster)
    assert not Workspace.objects.exists()


# The need's status.


def test_closing_declines_the_waiting_offers_and_refuses_new_ones(
    client, need, poster, offers, django_capture_on_commit_callbacks
):
    client.force_login(poster)
    page = client.get(f"/needs/{need.pk}/").content.decode()
    assert '<option value="closed">Closed</option>' in page
    assert '<option value="in_codesign">' not in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/needs/{need.pk}/status/", {"status": "closed", "message": "Budget cut."}
        )
    assert response.status_code == 302
    need.refresh_from_db()
    assert need.status == NeedStatus.CLOSED
    assert [offer.status for offer in need.offers.all()] == [OfferStatus.DECLINED] * 2
    assert Notification.objects.filter(kind="codesign.offer_declined").count() == 2
    assert all("Budget cut." in n.body for n in Notification.objects.all())
    assert AuditEntry.objects.get(action="codesign.change_need_status").detail == {
        "from": "open",
        "to": "closed",
        "offers_declined": 2,
    }
    assert "This need is closed: it takes no offers." in text(client.get(f"/needs/{need.pk}/"))
    # Reopened, it is open again.
    actions.change_need_status(need=need, status=NeedStatus.OPEN, by=poster)
    need.refresh_from_db()
    assert need.status == NeedStatus.OPEN


def test_a_need_moves_to_in_co_design_only_by_accepting(client, need, poster):
    client.force_login(poster)
    response = client.post(f"/needs/{need.pk}/status/", {"status": "in_codesign"})
    assert response.status_code == 400
    assert "New status: Select a valid choice." in text(response)
    with pytest.raises(ValidationError, match="when you accept an offer"):
        actions.change_need_status(need=need, status=NeedStatus.IN_CODESIGN, by=poster)
    need.refresh_from_db()
    assert need.status == NeedStatus.OPEN


def test_a_need_in_co_design_is_met_or_closed_and_reopens_in_co_design(need, poster, offers):
    actions.accept_offer(offer=offers[0], by=poster)
    need.refresh_from_db()
    assert actions.allowed_status_moves(need) == [NeedStatus.MET, NeedStatus.CLOSED]
    actions.change_need_status(need=need, status=NeedStatus.MET, by=poster)
    actions.change_need_status(need=need, status=NeedStatus.CLOSED, by=poster)
    need.refresh_from_db()
    assert actions.allowed_status_moves(need) == [NeedStatus.IN_CODESIGN]
    with pytest.raises(ValidationError, match="An offer for this need was accepted"):
        actions.change_need_status(need=need, status=NeedStatus.OPEN, by=poster)


@pytest.mark.parametrize("who", ["industry_member", "academic", "stranger"])
def test_only_the_owner_changes_the_status(client, request, need, university, who):
    client.force_login(request.getfixturevalue(who))
    assert client.post(f"/needs/{need.pk}/status/", {"status": "closed"}).status_code == 404
    need.refresh_from_db()
    assert need.status == NeedStatus.OPEN
    with pytest.raises(ValidationError, match="Only the person who posted this need"):
        actions.change_need_status(
            need=need, status=NeedStatus.CLOSED, by=request.getfixturevalue(who)
        )
