import pytest
from django.urls import reverse

from portal.accounts.models import Membership, MembershipRole, Organisation, OrganisationKind
from portal.audit.models import AuditEntry

from .helpers import enable_totp

REGISTER = reverse("accounts:organisation_register")
STAFF_PAGE = reverse("accounts:staff_organisations")


@pytest.fixture
def staff_client(client, staff):
    enable_totp(staff)
    client.force_login(staff)
    return client


def test_registering_makes_the_user_its_admin_and_leaves_it_unverified(
    client, make_user, mauritius, ict
):
    user = make_user("founder@new.example")
    client.force_login(user)
    response = client.post(
        REGISTER,
        {
            "name": "  Ebène   Digital Ltd ",
            "kind": OrganisationKind.INDUSTRY,
            "country": mauritius.pk,
            "sectors": [ict.pk],
            "website": "ebene.example",
        },
    )
    organisation = Organisation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:organisation_detail", args=[organisation.slug])
    assert organisation.name == "Ebène Digital Ltd"
    assert organisation.website == "https://ebene.example"
    assert list(organisation.sectors.all()) == [ict]
    assert not organisation.is_verified
    membership = Membership.objects.get(organisation=organisation)
    assert (membership.user, membership.role) == (user, MembershipRole.ADMIN)
    # An unverified organisation gives no role.
    assert user.roles == frozenset()
    entry = AuditEntry.objects.for_object(organisation).get()
    assert entry.action == "accounts.register_organisation"
    assert entry.actor == user


def test_a_duplicate_name_in_any_case_in_the_same_country_is_refused(
    client, make_user, make_organisation, mauritius, south_africa
):
    make_organisation("HEC Mauritius", make_user("first@hec.example"))
    user = make_user("second@hec.example")
    client.force_login(user)
    response = client.post(
        REGISTER, {"name": "hec  MAURITIUS", "kind": "quality_authority", "country": mauritius.pk}
    )
    assert response.status_code == 200
    assert "is already registered in Mauritius" in response.context["form"].errors["name"][0]
    assert 'aria-describedby="id_name_helptext id_name_error"' in response.content.decode()
    assert "“HEC Mauritius”" in response.content.decode()
    assert Organisation.objects.count() == 1
    assert not Membership.objects.filter(user=user).exists()
    # The same name in another country is another organisation.
    response = client.post(
        REGISTER,
        {"name": "HEC Mauritius", "kind": "quality_authority", "country": south_africa.pk},
    )
    assert response.status_code == 302
    assert Organisation.objects.count() == 2


def test_bad_input_names_the_field_and_saves_nothing(client, make_user, mauritius):
    client.force_login(make_user("founder@new.example"))
    response = client.post(
        REGISTER,
        {"name": "", "kind": "castle", "country": "999999", "sectors": ["nonsense"]},
    )
    errors = response.context["form"].errors
    assert set(errors) == {"name", "kind", "country", "sectors"}
    assert Organisation.objects.count() == 0


def test_registering_needs_a_signed_in_user(client):
    response = client.get(REGISTER)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_directory_lists_verified_organisations_with_filters(
    client, make_user, make_organisation, south_africa, ict
):
    owner = make_user("owner@orgs.example")
    uni = make_organisation("Uni of Mauritius", owner)
    uni.sectors.add(ict)
    college = make_organisation(
        "Cape College", owner, kind=OrganisationKind.TVET, country=south_africa
    )
    hidden = make_organisation("Unverified Inc", owner, verified=False)
    listing = reverse("accounts:organisation_list")

    page = client.get(listing).content.decode()
    assert uni.name in page and college.name in page
    assert hidden.name not in page

    assert list(client.get(listing, {"country": "ZA"}).context["page"]) == [college]
    assert list(client.get(listing, {"kind": "university"}).context["page"]) == [uni]
    assert list(client.get(listing, {"sector": "ict_digital"}).context["page"]) == [uni]
    assert list(client.get(listing, {"kind": "castle"}).context["page"]) == []


def test_my_organisations_include_unverified_ones(client, make_user, make_organisation):
    owner = make_user("owner@orgs.example")
    make_organisation("Unverified Inc", owner, verified=False)
    client.force_login(owner)
    response = client.get(reverse("accounts:organisation_list"))
    assert [m.organisation.name for m in response.context["memberships"]] == ["Unverified Inc"]


def test_unverified_organisation_is_seen_only_by_members_and_staff(
    client, make_user, make_organisation, stranger, staff
):
    owner = make_user("owner@orgs.example")
    organisation = make_organisation("Unverified Inc", owner, verified=False)
    url = reverse("accounts:organisation_detail", args=[organisation.slug])
    assert client.get(url).status_code == 404
    client.force_login(stranger)
    assert client.get(url).status_code == 404
    client.force_login(owner)
    assert client.get(url).status_code == 200
    enable_totp(staff)
    client.force_login(staff)
    assert client.get(url).status_code == 200


def test_detail_shows_public_facts_and_hides_members_from_strangers(
    client, organisation, stranger, member_user
):
    url = reverse("accounts:organisation_detail", args=[organisation.slug])
    members_url = reverse("accounts:organisation_members", args=[organisation.slug])
    page = client.get(url).content.decode()
    assert organisation.name in page and "University" in page
    assert members_url not in page and member_user.email not in page
    client.force_login(stranger)
    assert members_url not in client.get(url).content.decode()
    client.force_login(member_user)
    assert members_url in client.get(url).content.decode()


def test_staff_verify_and_unverify_with_audit(staff_client, staff, make_user, make_organisation):
    organisation = make_organisation(
        "Quality Body", make_user("q@qa.example"), kind="quality_authority", verified=False
    )
    page = staff_client.get(STAFF_PAGE)
    assert list(page.context["waiting"]) == [organisation]

    staff_client.post(STAFF_PAGE, {"organisation": organisation.pk, "decision": "verify"})
    organisation.refresh_from_db()
    assert organisation.is_verified and organisation.verified_by == staff

    staff_client.post(STAFF_PAGE, {"organisation": organisation.pk, "decision": "unverify"})
    organisation.refresh_from_db()
    assert not organisation.is_verified
    actions = list(AuditEntry.objects.for_object(organisation).values_list("action", flat=True))
    assert actions == [
        "accounts.register_organisation",
        "accounts.verify_organisation",
        "accounts.unverify_organisation",
    ]


def test_verifying_a_quality_authority_makes_its_members_qa_reviewers(
    staff_client, make_user, make_organisation
):
    reviewer = make_user("q@qa.example")
    organisation = make_organisation(
        "Quality Body", reviewer, kind="quality_authority", verified=False
    )
    assert "qa_reviewer" not in reviewer.roles
    staff_client.post(STAFF_PAGE, {"organisation": organisation.pk, "decision": "verify"})
    reviewer.refresh_from_db()
    del reviewer.roles
    assert "qa_reviewer" in reviewer.roles
    assert reviewer.requires_two_factor


@pytest.mark.parametrize("forged", ["999999", "abc", ""])
def test_a_forged_organisation_id_answers_404(staff_client, forged):
    response = staff_client.post(STAFF_PAGE, {"organisation": forged, "decision": "verify"})
    assert response.status_code == 404
    assert not AuditEntry.objects.filter(action="accounts.verify_organisation").exists()


def test_the_staff_page_is_404_to_everyone_else(client, stranger, make_organisation, make_user):
    organisation = make_organisation("Waiting Ltd", make_user("w@w.example"), verified=False)
    assert client.get(STAFF_PAGE).status_code == 404
    client.force_login(stranger)
    assert client.get(STAFF_PAGE).status_code == 404
    response = client.post(STAFF_PAGE, {"organisation": organisation.pk, "decision": "verify"})
    assert response.status_code == 404
    organisation.refresh_from_db()
    assert not organisation.is_verified
