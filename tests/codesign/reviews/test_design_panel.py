"""The design page's approval panel: a lead submits from it (choosing the authority when the
country has several); every member sees each submission's state and decisions."""

import pytest

from codesign.models import Submission

from .conftest import page_text, signed_in

pytestmark = pytest.mark.django_db


def test_a_lead_chooses_among_several_authorities_and_submits(complete_design, lead, hec, mqa):
    client = signed_in(lead)
    page = client.get(f"/designs/{complete_design.pk}/")
    form = page.context["submit_form"]
    assert list(form.fields["authority"].queryset) == [hec, mqa]
    assert form.single_authority is None
    html = page.content.decode()
    assert 'type="radio" name="authority"' in html
    assert "Submit for approval" in html
    response = client.post(
        f"/designs/{complete_design.pk}/submit/", {"authority": mqa.pk, "cover_note": "Hello."}
    )
    submission = Submission.objects.get()
    assert response["Location"] == f"/submissions/{submission.pk}/"
    assert submission.authority == mqa
    text = page_text(client.get(f"/designs/{complete_design.pk}/"))
    assert "Submitted to Mauritius Qualifications Authority on" in text
    assert "Submit for approval" not in text


def test_with_one_authority_there_is_nothing_to_choose(complete_design, lead, hec):
    page = signed_in(lead).get(f"/designs/{complete_design.pk}/")
    assert page.context["submit_form"].single_authority == hec
    html = page.content.decode()
    assert f'type="hidden" name="authority" value="{hec.pk}"' in html
    assert "It goes to Higher Education Commission" in html


def test_members_who_are_not_leads_see_the_state_not_the_form(
    complete_design, coauthor, commenter, hec, submission
):
    for person in (coauthor, commenter):
        page = signed_in(person).get(f"/designs/{complete_design.pk}/")
        assert page.context["submit_form"] is None
        text = page_text(page)
        assert "Submitted to Higher Education Commission on" in text
        assert "Round 1" in text


def test_a_co_author_posting_the_form_is_refused(complete_design, coauthor, hec):
    response = signed_in(coauthor).post(
        f"/designs/{complete_design.pk}/submit/", {"authority": hec.pk}, follow=True
    )
    assert "Only a lead of the workspace can do this." in [
        str(m) for m in response.context["messages"]
    ]
    assert not Submission.objects.exists()


def test_no_authority_on_the_portal_yet(complete_design, lead):
    text = page_text(signed_in(lead).get(f"/designs/{complete_design.pk}/"))
    assert "No verified quality authority of Mauritius is on the portal yet" in text


def test_the_submit_address_is_404_to_outsiders(complete_design, stranger, hec):
    assert (
        signed_in(stranger)
        .post(f"/designs/{complete_design.pk}/submit/", {"authority": hec.pk})
        .status_code
        == 404
    )
    assert not Submission.objects.exists()
