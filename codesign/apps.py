from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CodesignConfig(AppConfig):
    name = "codesign"
    verbose_name = _("Co-design")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from portal import demo

        from .demo import seed_codesign

        demo.register(seed_codesign)
