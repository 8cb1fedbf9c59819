from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.models import Page

from portal.frameworks.models import Country, QualificationFramework

from .figures import HOOK_NAME, HeadlineFigure


@hooks.register(HOOK_NAME)
def reference_and_handbook_figures():
    countries = Country.objects.filter(is_partner=True).count()
    handbook_pages = Page.objects.live().public().filter(content_type__app_label="handbook").count()
    frameworks = QualificationFramework.objects.count()
    return [
        HeadlineFigure(
            value=countries,
            label=ngettext("partner country", "partner countries", countries),
            url="/countries/",
            order=10,
        ),
        HeadlineFigure(
            value=handbook_pages,
            label=ngettext("published handbook page", "published handbook pages", handbook_pages),
            url="/handbook/",
            order=30,
        ),
        HeadlineFigure(
            value=frameworks,
            label=ngettext("qualification framework", "qualification frameworks", frameworks),
            url="/frameworks/",
            order=20,
        ),
    ]
