"""The pilots pages. Each part of the app keeps its own routes; the names share one
namespace, "pilots"."""

from . import dashboards, imports, pilots

app_name = "pilots"

urlpatterns = [
    *pilots.urlpatterns,
    *imports.urlpatterns,
    *dashboards.urlpatterns,
]
