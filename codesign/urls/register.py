"""The public register, at /register/ (namespace "register")."""

from django.urls import path

from ..views import register as views

app_name = "register"

urlpatterns = [
    path("<str:identifier>/", views.entry, name="entry"),
]
