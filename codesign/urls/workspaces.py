from django.urls import path

from ..views import workspaces as views

urlpatterns = [
    path("workspaces/", views.workspace_list, name="workspace_list"),
    path("workspaces/join/<str:token>/", views.workspace_join, name="workspace_join"),
    path("workspaces/<int:pk>/", views.workspace_detail, name="workspace_detail"),
    path("workspaces/<int:pk>/activity/", views.workspace_activity, name="workspace_activity"),
    path("workspaces/<int:pk>/members/", views.workspace_members, name="workspace_members"),
    path("workspaces/<int:pk>/members/invite/", views.workspace_invite, name="workspace_invite"),
    path(
        "workspaces/<int:pk>/members/role/",
        views.member_change_role,
        name="workspace_member_role",
    ),
    path(
        "workspaces/<int:pk>/members/remove/",
        views.member_remove,
        name="workspace_member_remove",
    ),
    path("workspaces/<int:pk>/members/leave/", views.workspace_leave, name="workspace_leave"),
    path(
        "workspaces/<int:pk>/members/invitations/revoke/",
        views.invitation_revoke,
        name="workspace_invitation_revoke",
    ),
    path("workspaces/<int:pk>/files/", views.workspace_files, name="workspace_files"),
    path("workspaces/<int:pk>/files/upload/", views.file_upload, name="workspace_file_upload"),
    path("workspaces/<int:pk>/files/delete/", views.file_delete, name="workspace_file_delete"),
    path(
        "workspaces/<int:pk>/files/<int:file_pk>/",
        views.file_download,
        name="workspace_file_download",
    ),
]
