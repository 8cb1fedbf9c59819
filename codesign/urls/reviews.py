from django.urls import path

from ..views import reviews as views

urlpatterns = [
    path("designs/<int:pk>/submit/", views.design_submit, name="design_submit"),
    path("reviews/", views.queue, name="review_queue"),
    path("reviews/<int:pk>/", views.review, name="review"),
    path("reviews/<int:pk>/rubric/", views.review_rubric, name="review_rubric"),
    path("reviews/<int:pk>/decide/", views.review_decide, name="review_decide"),
    path("reviews/<int:pk>/reviewers/assign/", views.review_assign, name="review_assign"),
    path("reviews/<int:pk>/reviewers/unassign/", views.review_unassign, name="review_unassign"),
    path("submissions/<int:pk>/", views.submission_detail, name="submission"),
    path("submissions/<int:pk>/resubmit/", views.submission_resubmit, name="submission_resubmit"),
    path("submissions/<int:pk>/withdraw/", views.submission_withdraw, name="submission_withdraw"),
    path("register-entries/<str:identifier>/rereview/", views.rereview, name="rereview"),
]
