from django.urls import path

from . import views

app_name = "handbook"

urlpatterns = [
    path("search/", views.search, name="search"),
]
