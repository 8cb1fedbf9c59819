"""The workspace list, the overview and its activity feed, as members and staff read them."""

import pytest
from django.urls import reverse

from codesign.actions import workspaces as actions
from codesign.actions.designs import create_design
from codesign.models import CredentialType, WorkspaceRole
from portal.frameworks.models import FrameworkLevel, QualificationFramework

from .conftest import PDF, upload


def overview_url(workspace):
    return reverse("codesign:workspace_detail", args=[workspace.pk])


def main_of(response):
    return response.content.decode().split('id="main"', 1)[1].split("</main>", 1)[0]


def make_design(workspace, by, title):
    framework = QualificationFramework.objects.get(code="MU-NQF")
    return create_design(
        workspace=workspace,
        title=title,
        framework=framework,
        level=FrameworkLevel.objects.get(framework=framework, number=5),
        credential_type=CredentialType.INDUSTRY_LED,
        by=by,
    )


def test_anonymous_visitors_are_sent_to_sign_in_from_the_list(client, db):
    response = client.get(reverse("codesign:workspace_list"))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/workspaces/")


def test_the_list_shows_a_members_workspaces_with_need_organisations_designs_and_activity(
    client, workspace, other_workspace, coauthor
):
    make_design(workspace, coauthor, "Installing rooftop solar panels")
    client.force_login(coauthor)
    response = client.get(reverse("codesign:workspace_list"))
    main = main_of(response)
    assert response.status_code == 200
    assert "Solar technicians for the sugar estates" in main
    assert "Island Sugar Estates, University of Mauritius" in main
    assert "<td>1</td>" in main  # one design
    assert "<time datetime=" in main  # last activity
    assert "Someone else&#x27;s workspace" not in main
    assert "read-only" not in main


def test_staff_see_every_workspace_marked_read_only(client, workspace, other_workspace, ws_staff):
    client.force_login(ws_staff)
    main = main_of(client.get(reverse("codesign:workspace_list")))
    assert "Solar technicians for the sugar estates" in main
    assert "Someone else&#x27;s workspace" in main
    assert main.count('<span class="tag">read-only</span>') == 2


def test_the_list_takes_a_fixed_number_of_queries(
    client, workspace, coauthor, industry_lead, django_assert_max_num_queries
):
    client.force_login(coauthor)
    with django_assert_max_num_queries(15) as few:
        client.get(reverse("codesign:workspace_list"))
    for number in range(5):
        actions.open_workspace(
            title=f"Workspace {number}",
            members=[(coauthor, None, WorkspaceRole.LEAD), (industry_lead, None, "lead")],
            by=coauthor,
        )
    with django_assert_max_num_queries(len(few)):
        response = client.get(reverse("codesign:workspace_list"))
    assert "Workspace 4" in main_of(response)


def test_the_overview_shows_designs_members_invitations_activity_and_files(
    client, workspace, industry_lead, coauthor
):
    design = make_design(workspace, coauthor, "Installing rooftop solar panels")
    actions.invite_to_workspace(
        workspace=workspace, email="new@uom.example", role=WorkspaceRole.COMMENTER, by=industry_lead
    )
    actions.upload_workspace_file(workspace=workspace, upload=upload("brief.pdf", PDF), by=coauthor)
    client.force_login(industry_lead)
    response = client.get(overview_url(workspace))
    main = main_of(response)
    assert response.status_code == 200
    assert f'<a href="/designs/{design.pk}/">Installing rooftop solar panels</a>' in main
    assert "level 5" in main and "Draft" in main
    assert "Cole Author" in main and "University of Mauritius (University)" in main
    assert "Co-author" in main
    assert "new@uom.example" in main  # pending invitations, for a lead
    assert "started a design" in main and "uploaded a file: brief.pdf" in main
    assert "brief.pdf" in main
    # Newest first.
    assert main.index("uploaded a file") < main.index("opened the workspace")


def test_only_leads_see_pending_invitations_on_the_overview(
    client, workspace, industry_lead, coauthor
):
    actions.invite_to_workspace(
        workspace=workspace, email="new@uom.example", role=WorkspaceRole.COMMENTER, by=industry_lead
    )
    client.force_login(coauthor)
    assert "new@uom.example" not in main_of(client.get(overview_url(workspace)))


def test_the_overview_links_the_need_it_answers(client, workspace, coauthor):
    from codesign.models import SkillNeed

    assert workspace.need is None
    client.force_login(coauthor)
    assert "/needs/" not in main_of(client.get(overview_url(workspace)))
    assert SkillNeed.objects.count() == 0


def test_the_overview_caps_the_feed_with_a_more_page(client, workspace, industry_lead):
    for number in range(10):
        actions.invite_to_workspace(
            workspace=workspace,
            email=f"person{number}@uom.example",
            role=WorkspaceRole.COMMENTER,
            by=industry_lead,
        )
    for number in range(10):
        actions.change_workspace_role(
            member=workspace.members.get(user__email="cole@uom.example"),
            role=WorkspaceRole.COMMENTER if number % 2 == 0 else WorkspaceRole.CO_AUTHOR,
            by=industry_lead,
        )
    client.force_login(industry_lead)
    main = main_of(client.get(overview_url(workspace)))
    more = reverse("codesign:workspace_activity", args=[workspace.pk])
    assert more in main
    assert "opened the workspace" not in main  # the oldest line is beyond the cap
    page = main_of(client.get(more))
    assert page.count("invited someone") == 10 and "opened the workspace" in page


def test_the_overview_takes_a_fixed_number_of_queries(
    client, workspace, industry_lead, coauthor, django_assert_max_num_queries
):
    make_design(workspace, coauthor, "First design")
    client.force_login(industry_lead)
    with django_assert_max_num_queries(20) as few:
        client.get(overview_url(workspace))
    for number in range(4):
        make_design(workspace, coauthor, f"Design {number}")
        actions.upload_workspace_file(
            workspace=workspace, upload=upload(f"file{number}.pdf", PDF), by=coauthor
        )
        actions.invite_to_workspace(
            workspace=workspace,
            email=f"person{number}@uom.example",
            role=WorkspaceRole.COMMENTER,
            by=industry_lead,
        )
    with django_assert_max_num_queries(len(few)):
        response = client.get(overview_url(workspace))
    assert "Design 3" in main_of(response)


@pytest.mark.parametrize("who", ["coauthor", "commenter"])
def test_a_member_sees_the_navigation_link(client, workspace, request, who):
    client.force_login(request.getfixturevalue(who))
    body = client.get("/me/").content.decode()
    assert f'<a href="{reverse("codesign:workspace_list")}">Workspaces</a>' in body


@pytest.mark.parametrize("page", ["workspace_members", "workspace_files", "workspace_activity"])
def test_the_other_pages_take_a_fixed_number_of_queries(
    client, workspace, industry_lead, coauthor, ws_make_user, django_assert_max_num_queries, page
):
    url = reverse(f"codesign:{page}", args=[workspace.pk])
    client.force_login(industry_lead)
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    for number in range(4):
        person = ws_make_user(f"person{number}@uom.example", display_name=f"Person {number}")
        invitation, _token = actions.invite_to_workspace(
            workspace=workspace, email=person.email, role=WorkspaceRole.COMMENTER, by=industry_lead
        )
        actions.accept_workspace_invitation(invitation=invitation, user=person)
        actions.upload_workspace_file(
            workspace=workspace, upload=upload(f"file{number}.pdf", PDF), by=coauthor
        )
    with django_assert_max_num_queries(len(few)):
        response = client.get(url)
    assert response.status_code == 200
