from django.urls import path

from ..views import needs as views

urlpatterns = [
    path("needs/", views.need_list, name="need_list"),
    path("needs/new/", views.need_new, name="need_new"),
    path("needs/<int:pk>/", views.need_detail, name="need_detail"),
    path("needs/<int:pk>/edit/", views.need_edit, name="need_edit"),
    path("needs/<int:pk>/status/", views.need_status, name="need_status"),
    path("needs/<int:pk>/offer/", views.offer_new, name="offer_new"),
    path(
        "needs/<int:pk>/offers/<int:offer_pk>/withdraw/",
        views.offer_withdraw,
        name="offer_withdraw",
    ),
    path("needs/<int:pk>/offers/<int:offer_pk>/accept/", views.offer_accept, name="offer_accept"),
    path(
        "needs/<int:pk>/offers/<int:offer_pk>/decline/",
        views.offer_decline,
        name="offer_decline",
    ),
]
