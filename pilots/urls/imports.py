"""The imports pages' routes; the names share the "pilots" namespace."""

urlpatterns = []
