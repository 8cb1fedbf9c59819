from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "portal"
    label = "portal"
    verbose_name = "Portal platform"

    def ready(self):
        from portal import pagecache

        pagecache.connect_invalidation()
