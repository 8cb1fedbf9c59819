from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("me/", views.profile, name="profile"),
    path("organisations/", views.organisation_list, name="organisation_list"),
    path("organisations/register/", views.organisation_register, name="organisation_register"),
    path("organisations/<slug:slug>/", views.organisation_detail, name="organisation_detail"),
    path("organisations/<slug:slug>/edit/", views.organisation_edit, name="organisation_edit"),
    path(
        "organisations/<slug:slug>/members/",
        views.organisation_members,
        name="organisation_members",
    ),
    path(
        "organisations/<slug:slug>/members/role/",
        views.member_change_role,
        name="member_change_role",
    ),
    path("organisations/<slug:slug>/members/remove/", views.member_remove, name="member_remove"),
    path(
        "organisations/<slug:slug>/invitations/new/",
        views.organisation_invite,
        name="organisation_invite",
    ),
    path(
        "organisations/<slug:slug>/invitations/revoke/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
    path("organisations/<slug:slug>/leave/", views.organisation_leave, name="organisation_leave"),
    path("invitations/<str:token>/", views.invitation, name="invitation"),
    path("staff/organisations/", views.staff_organisations, name="staff_organisations"),
]
