from importlib import import_module
from pathlib import Path

from django.apps import AppConfig, apps
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "portal.documents"
    label = "documents"
    verbose_name = _("Documents")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Each app registers its document kinds in its own documents.py; the engine imports no
        # app by name, it only looks for that module in whatever is installed.
        project = Path(settings.BASE_DIR).resolve()
        for config in apps.get_app_configs():
            if not Path(config.path).resolve().is_relative_to(project):
                continue
            try:
                import_module(f"{config.name}.documents")
            except ModuleNotFoundError as error:
                if error.name != f"{config.name}.documents":
                    raise
