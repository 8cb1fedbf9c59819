from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "portal"
    label = "portal"
    verbose_name = "Portal platform"

    def ready(self):
        from portal import checks, pagecache  # noqa: F401 (checks registers itself)

        pagecache.connect_invalidation()
