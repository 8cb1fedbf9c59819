from django.urls import path

from ..views import designs

urlpatterns = [
    path("workspaces/<int:pk>/designs/new/", designs.new_design, name="design_new"),
    path("designs/<int:pk>/", designs.design_detail, name="design"),
    path("designs/<int:pk>/sections/<slug:key>/", designs.edit_section, name="design_section"),
    path("designs/<int:pk>/ready/", designs.mark_ready, name="design_ready"),
    path("designs/<int:pk>/reopen/", designs.reopen, name="design_reopen"),
]
