"""Routes of the design's history (revisions, compare, restore) and of its discussions."""

from django.urls import path

from ..views import comments, revisions

urlpatterns = [
    path("designs/<int:pk>/revisions/", revisions.revisions, name="revisions"),
    path("designs/<int:pk>/compare/", revisions.compare, name="compare"),
    path(
        "designs/<int:pk>/revisions/<int:number>/restore/",
        revisions.restore,
        name="restore_revision",
    ),
    path(
        "designs/<int:pk>/sections/<slug:key>/comments/",
        comments.section_comments,
        name="section_comments",
    ),
    path("designs/<int:pk>/comments/", comments.comment_new, name="comment_new"),
    path("comments/<int:pk>/reply/", comments.comment_reply, name="comment_reply"),
    path("comments/<int:pk>/resolve/", comments.comment_resolve, name="comment_resolve"),
    path("comments/<int:pk>/reopen/", comments.comment_reopen, name="comment_reopen"),
    path("comments/<int:pk>/delete/", comments.comment_delete, name="comment_delete"),
]
