from django.urls import path

from . import views

app_name = "frameworks"

urlpatterns = [
    path("", views.index, name="index"),
    # Before the per-framework pattern, which "frameworks.json" would also match.
    path("frameworks.json", views.frameworks_json, name="json"),
    path("<slug:code>.json", views.framework_json, name="framework_json"),
    path("<slug:code>/", views.detail, name="detail"),
]
