from django.apps import apps
from wagtail import hooks
from wagtail.models import Page

from portal.frameworks.models import Country

from .figures import HOOK_NAME, HeadlineFigure


@hooks.register(HOOK_NAME)
def reference_and_handbook_figures():
    figures = [
        HeadlineFigure(
            value=Country.objects.filter(is_partner=True).count(),
            singular="partner country",
            plural="partner countries",
            url="/countries/",
            order=10,
        ),
        HeadlineFigure(
            value=Page.objects.live().public().filter(content_type__app_label="handbook").count(),
            singular="published handbook page",
            plural="published handbook pages",
            url="/handbook/",
            order=30,
        ),
    ]
    try:
        framework_model = apps.get_model("frameworks", "QualificationFramework")
    except LookupError:  # the reference data app may not have frameworks yet
        framework_model = None
    if framework_model is not None:
        figures.append(
            HeadlineFigure(
                value=framework_model.objects.count(),
                singular="qualification framework",
                plural="qualification frameworks",
                url="/frameworks/",
                order=20,
            )
        )
    return figures
