"""The dashboards pages' routes; the names share the "pilots" namespace."""

urlpatterns = []
