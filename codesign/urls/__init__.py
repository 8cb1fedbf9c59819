"""The co-design pages. Each part of the app keeps its own routes; the names share one
namespace, "codesign"."""

from . import comments, designs, needs, reviews, workspaces

app_name = "codesign"

urlpatterns = [
    *needs.urlpatterns,
    *workspaces.urlpatterns,
    *designs.urlpatterns,
    *comments.urlpatterns,
    *reviews.urlpatterns,
]
