from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PilotsConfig(AppConfig):
    name = "pilots"
    verbose_name = _("Pilots")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from portal import demo

        from .demo import seed_pilots

        demo.register(seed_pilots)
