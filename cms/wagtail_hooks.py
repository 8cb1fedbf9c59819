from wagtail import hooks
from wagtail.models import Page

from portal.frameworks.models import Country, QualificationFramework

from .figures import HOOK_NAME, HeadlineFigure


@hooks.register(HOOK_NAME)
def reference_and_handbook_figures():
    return [
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
        HeadlineFigure(
            value=QualificationFramework.objects.count(),
            singular="qualification framework",
            plural="qualification frameworks",
            url="/frameworks/",
            order=20,
        ),
    ]
