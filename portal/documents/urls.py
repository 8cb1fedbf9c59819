from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path("", views.library, name="library"),
    path("<uuid:public_id>/", views.detail, name="detail"),
    path("<uuid:public_id>/status/", views.status, name="status"),
    path("<uuid:public_id>/download/", views.download, name="download"),
    path("<uuid:public_id>/publish/", views.publish, name="publish"),
    path("request/<slug:kind>/<int:subject_id>/", views.request_document, name="request"),
    path("latest/<slug:kind>/<int:subject_id>/", views.latest, name="latest"),
]
