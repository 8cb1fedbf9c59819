"""The public register, at /register/ (namespace "register"). The fixed paths come before
the entry's, which would match most of them."""

from django.urls import path

from ..views import register as views

app_name = "register"

urlpatterns = [
    path("", views.register_list, name="list"),
    path("export.csv", views.export_csv, name="export_csv"),
    path("export.xlsx", views.export_xlsx, name="export_xlsx"),
    path("verify/", views.verify_page, name="verify"),
    path("vocabulary/", views.vocabulary, name="vocabulary"),
    path("context/v1.jsonld", views.context, name="context"),
    path("api/", views.api_docs, name="api_docs"),
    path("api/openapi.json", views.openapi, name="openapi"),
    path("api/entries/", views.api_entries, name="api_entries"),
    path("api/entries/<str:identifier>/", views.api_entry, name="api_entry"),
    path("api/verify/", views.api_verify, name="api_verify"),
    path("<str:identifier>.jsonld", views.entry_jsonld, name="entry_jsonld"),
    path("<str:identifier>/", views.entry, name="entry"),
    path("<str:identifier>/withdraw/", views.withdraw, name="withdraw"),
]
