"""The dashboards pages' routes; the names share the "pilots" namespace."""

from django.urls import path

from ..views import dashboards

urlpatterns = [
    path("dashboard/", dashboards.across_dashboard, name="dashboard_across"),
    path(
        "dashboard/export.<str:fmt>",
        dashboards.across_export,
        name="dashboard_across_export",
    ),
    path("<int:pk>/dashboard/", dashboards.pilot_dashboard, name="dashboard"),
    path("<int:pk>/dashboard/export.<str:fmt>", dashboards.pilot_export, name="dashboard_export"),
]
