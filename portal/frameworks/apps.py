from django.apps import AppConfig


class FrameworksConfig(AppConfig):
    name = "portal.frameworks"
    label = "frameworks"
    verbose_name = "Frameworks and reference data"
