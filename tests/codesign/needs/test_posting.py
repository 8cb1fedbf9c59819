"""Posting and editing a skill need: who may, what is kept, and what is refused."""

import pytest
from django.core.exceptions import ValidationError

from codesign.actions import needs as actions
from codesign.models import NeedStatus, SkillNeed, Visibility
from portal.accounts import actions as accounts
from portal.accounts.models import MembershipRole, OrganisationKind
from portal.audit.models import AuditEntry

from .conftest import need_fields
from .helpers import need_post_data, text


@pytest.fixture
def form_data(industry, textiles, mauritius):
    return need_post_data(
        need_fields(),
        organisation=str(industry.pk),
        sector=str(textiles.pk),
        country=str(mauritius.pk),
    )


def test_an_industry_member_posts_a_need_and_lands_on_its_similar_list(
    client, poster, industry, form_data
):
    client.force_login(poster)
    response = client.post("/needs/new/", form_data)
    need = SkillNeed.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/needs/{need.pk}/#similar"
    assert need.organisation == industry
    assert need.posted_by == poster
    assert need.skills == ["Computer-aided pattern cutting", "Grading knitwear sizes"]
    assert need.trainee_count == 40
    assert need.status == NeedStatus.OPEN
    entry = AuditEntry.objects.get(action="codesign.post_need")
    assert entry.object_id == str(need.pk)
    assert entry.detail["organisation"] == industry.slug
    page = client.get(response["Location"])
    assert "Your skill need is posted. Look at the similar needs and designs below" in text(page)
    assert 'id="similar"' in page.content.decode()


def test_someone_in_two_industry_organisations_chooses_which_posts(
    client, poster, industry, needs_make_organisation, form_data
):
    other = needs_make_organisation("Sugar Mills", poster, OrganisationKind.INDUSTRY)
    client.force_login(poster)
    page = client.get("/needs/new/").content.decode()
    assert '<select name="organisation"' in page
    assert "Sugar Mills" in page and "Island Textiles" in page
    client.post("/needs/new/", {**form_data, "organisation": str(other.pk)})
    assert SkillNeed.objects.get().organisation == other


def test_with_one_organisation_it_is_chosen_for_them(client, poster, industry):
    client.force_login(poster)
    page = client.get("/needs/new/")
    assert f'type="hidden" name="organisation" value="{industry.pk}"' in page.content.decode()
    assert "Posted for Island Textiles." in text(page)


@pytest.mark.parametrize("who", ["academic", "stranger", "unverified"])
def test_only_members_of_verified_industry_organisations_may_post(
    client, who, request, university, stranger_organisation, needs_make_organisation, form_data
):
    user = request.getfixturevalue("academic" if who == "academic" else "stranger")
    if who == "unverified":
        needs_make_organisation("Unverified Mills", user, OrganisationKind.INDUSTRY, verified=False)
    client.force_login(user)
    response = client.get("/needs/new/")
    assert response.status_code == 403
    assert "posted by members of verified industry organisations" in text(response)
    response = client.post("/needs/new/", form_data)
    assert response.status_code == 403
    assert not SkillNeed.objects.exists()


def test_anonymous_visitors_are_sent_to_sign_in(client, form_data):
    response = client.post("/needs/new/", form_data)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert not SkillNeed.objects.exists()


def test_posting_for_an_organisation_one_is_not_in_is_a_form_error(
    client, poster, industry, needs_make_organisation, needs_make_user, form_data
):
    theirs = needs_make_organisation(
        "Not Yours Ltd", needs_make_user("boss@notyours.example"), OrganisationKind.INDUSTRY
    )
    client.force_login(poster)
    response = client.post("/needs/new/", {**form_data, "organisation": str(theirs.pk)})
    assert response.status_code == 200
    assert "Posted by: Select a valid choice" in text(response)
    assert not SkillNeed.objects.exists()


def test_the_action_refuses_an_organisation_of_another_kind_or_not_one_of_theirs(
    poster, industry, university, academic, textiles, mauritius
):
    for organisation, by in [(university, academic), (industry, academic)]:
        with pytest.raises(ValidationError) as error:
            actions.post_need(
                organisation=organisation,
                by=by,
                sector=textiles,
                country=mauritius,
                **need_fields(),
            )
        assert "organisation" in error.value.error_dict
    assert not SkillNeed.objects.exists()


BAD_VALUES = [
    ("title", "x" * 10_000, "Title: The name can have at most 200 characters (it has 10000)."),
    ("title", "   ", "Title: This field is required."),
    ("title", "Cutting\u202etxt.exe", "Title: The name contains a character that is invisible"),
    ("title", "<script>alert(1)</script>", "Title: “<script>” is HTML markup. Write plain text"),
    ("region", "<i>north</i>", "Region, district or city: “<i>” is HTML markup."),
    ("region", "r" * 101, "Region, district or city: The name can have at most 100 characters"),
    ("problem", "<script>alert(1)</script>", "“<script>” is HTML markup. Write plain text"),
    ("problem", "p" * 5001, "Write at most 5000 characters here (this has 5001)."),
    ("problem", "bell\x07", "U+0007"),
    ("target_group", "<b>technicians</b>", "The problem" if False else "“<b>” is HTML markup"),
    ("skills", "\n\n  \n", "Skills and competencies: This field is required."),
    (
        "skills",
        "\n".join(f"skill {n}" for n in range(31)),
        "List at most 30 skills (this list has 31)",
    ),
    ("skills", "ok\n<b>bold</b>", "Skill 2 (“<b>bold</b>”): “<b>” is HTML markup."),
    ("skills", "ok\n" + "s" * 201, "Skill 2 (“ssss"),
    ("skills", "ok\n\u200bhidden", "Skill 2 (“\u200bhidden”): The name contains a character"),
    ("trainee_count", "0", "How many people: Ensure this value is greater than or equal to 1."),
    ("trainee_count", "-5", "How many people: Ensure this value is greater than or equal to 1."),
    ("trainee_count", "100001", "less than or equal to 100000"),
    ("trainee_count", "forty", "How many people: Enter a whole number."),
    ("urgency", "yesterday", "How soon: Select a valid choice."),
    ("delivery", "by pigeon", "Preferred delivery: Select a valid choice."),
    ("visibility", "secret", "Who may see it: Select a valid choice."),
    ("sector", "999999", "Sector: Select a valid choice."),
    ("country", "not-a-number", "Country: Select a valid choice."),
]


@pytest.mark.parametrize(("field", "value", "message"), BAD_VALUES)
def test_every_bad_value_is_refused_with_a_message_naming_the_field(
    client, poster, industry, form_data, field, value, message
):
    client.force_login(poster)
    response = client.post("/needs/new/", {**form_data, field: value})
    assert response.status_code == 200
    assert message in text(response)
    assert not SkillNeed.objects.exists()
    assert not AuditEntry.objects.filter(action="codesign.post_need").exists()


def test_text_is_shown_escaped(client, post, poster):
    need = post(
        title="Cutting & grading <20 mm",
        skills=["Sizes <10 & >2", 'Quotes "here"'],
        problem="Waste <5% & 'on time'",
    )
    page = client.get(f"/needs/{need.pk}/").content.decode()
    assert "<h1>Cutting &amp; grading &lt;20 mm</h1>" in page
    assert "<li>Sizes &lt;10 &amp; &gt;2</li>" in page
    assert "Quotes &quot;here&quot;" in page
    assert "Waste &lt;5% &amp; &#x27;on time&#x27;" in page
    assert "<20" not in page and "<10" not in page


def test_action_cleans_skills_and_keeps_their_order(post):
    need = post(skills=["  Welding   basics ", "", "Reading\tdrawings", "  "])
    assert need.skills == ["Welding basics", "Reading drawings"]


# Editing.


@pytest.mark.parametrize("who", ["poster", "industry_admin"])
def test_the_poster_or_an_admin_of_the_organisation_edits_it(client, who, request, need, form_data):
    user = request.getfixturevalue(who)
    client.force_login(user)
    page = client.get(f"/needs/{need.pk}/edit/")
    assert page.status_code == 200
    assert "Computer-aided pattern cutting\nGrading knitwear sizes" in page.content.decode()
    response = client.post(
        f"/needs/{need.pk}/edit/",
        {
            **form_data,
            "title": "CAD pattern cutting",
            "skills": "CAD\nGrading",
            "trainee_count": "25",
        },
    )
    assert response.status_code == 302
    need.refresh_from_db()
    assert (need.title, need.skills, need.trainee_count) == (
        "CAD pattern cutting",
        ["CAD", "Grading"],
        25,
    )
    entry = AuditEntry.objects.get(action="codesign.update_need")
    assert entry.detail["title"] == {
        "from": "Pattern cutting for knitwear technicians",
        "to": "CAD pattern cutting",
    }
    assert entry.detail["skills"] == "changed"


@pytest.mark.parametrize("who", ["industry_member", "academic", "stranger", "needs_staff"])
def test_nobody_else_may_edit_it(client, who, request, need, university, form_data):
    client.force_login(request.getfixturevalue(who))
    assert client.get(f"/needs/{need.pk}/edit/").status_code == 404
    response = client.post(f"/needs/{need.pk}/edit/", {**form_data, "title": "Hijacked"})
    assert response.status_code == 404
    need.refresh_from_db()
    assert need.title == "Pattern cutting for knitwear technicians"


def test_a_poster_who_left_the_organisation_no_longer_owns_the_need(client, need, poster, industry):
    membership = industry.memberships.get(user=poster)
    accounts.leave_organisation(membership=membership)
    client.force_login(poster)
    assert client.get(f"/needs/{need.pk}/edit/").status_code == 404


def test_a_bad_edit_saves_nothing(client, poster, need, form_data):
    client.force_login(poster)
    response = client.post(
        f"/needs/{need.pk}/edit/", {**form_data, "title": "New title", "problem": "<p>hi</p>"}
    )
    assert response.status_code == 200
    assert "“<p>” is HTML markup" in text(response)
    need.refresh_from_db()
    assert need.title == "Pattern cutting for knitwear technicians"
    assert not AuditEntry.objects.filter(action="codesign.update_need").exists()


def test_an_organisation_only_need_cannot_hide_waiting_offers(
    need, poster, university, academic, offer_from
):
    offer_from(need, academic, university)
    with pytest.raises(ValidationError) as error:
        actions.update_need(
            need=need,
            by=poster,
            sector=need.sector,
            country=need.country,
            **need_fields(visibility=Visibility.ORGANISATION),
        )
    assert "Offers from other organisations are waiting" in str(
        error.value.error_dict["visibility"]
    )
    need.refresh_from_db()
    assert need.visibility == Visibility.PUBLIC


def test_an_admin_who_is_not_the_poster_is_an_owner(need, industry_admin, industry_member):
    assert actions.is_owner(need, industry_admin)
    assert not actions.is_owner(need, industry_member)
    accounts.change_role(
        membership=need.organisation.memberships.get(user=industry_member),
        role=MembershipRole.ADMIN,
        by=industry_admin,
    )
    assert actions.is_owner(need, industry_member)
