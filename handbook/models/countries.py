"""Country profiles: where each partner country stands with micro-credentials."""

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index


class AdoptionStage(models.TextChoices):
    # In the order a country moves through them; the comparison sorts by it.
    EXPLORING = "exploring", gettext_lazy("Exploring")
    POLICY_IN_DEVELOPMENT = "policy_in_development", gettext_lazy("Policy in development")
    PILOTING = "piloting", gettext_lazy("Piloting")
    FRAMEWORK_ADOPTED = "framework_adopted", gettext_lazy("Framework adopted")
    IMPLEMENTING = "implementing", gettext_lazy("Implementing")


def lines(text):
    return [line.strip() for line in text.splitlines() if line.strip()]


class LinkBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=200)
    url = blocks.URLBlock(label="Address")

    class Meta:
        icon = "link"


class CountryIndexPage(RoutablePageMixin, Page):
    """/countries/: the partner countries, and /countries/compare/ side by side."""

    intro = models.TextField(help_text="A sentence or two above the list of countries.")

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    subpage_types = ["handbook.CountryProfilePage"]
    max_count = 1

    class Meta:
        verbose_name = gettext_lazy("country index")

    def get_meta_description(self):
        return self.search_description or self.intro

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["home_crumbs"] = [(_("Home"), "/")]
        context["compare_crumbs"] = [(_("Home"), "/"), (self.title, self.get_url(request))]
        return context

    def profiles(self):
        return (
            CountryProfilePage.objects.child_of(self)
            .live()
            .select_related("country", "framework")
            .order_by("country__name")
        )

    @path("")
    def countries(self, request):
        return self.render(
            request,
            template="handbook/country_index_page.html",
            context_overrides={"profiles": list(self.profiles())},
        )

    @path("compare/")
    def compare(self, request):
        return self.render(
            request,
            template="handbook/country_compare.html",
            context_overrides={"profiles": list(self.profiles())},
        )

    def get_sitemap_urls(self, request=None):
        urls = super().get_sitemap_urls(request)
        full_url = self.get_full_url(request)
        if full_url:
            urls.append(
                {
                    "location": full_url + self.reverse_subpage("compare").lstrip("/"),
                    "lastmod": self.last_published_at or self.latest_revision_created_at,
                }
            )
        return urls


class CountryProfilePage(Page):
    country = models.ForeignKey(
        "frameworks.Country", on_delete=models.PROTECT, related_name="handbook_profiles"
    )
    framework = models.ForeignKey(
        "frameworks.QualificationFramework",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="handbook_profiles",
        help_text="The national qualifications framework micro-credentials are placed on.",
    )
    stage = models.CharField("stage of adoption", max_length=30, choices=AdoptionStage.choices)
    stage_note = models.CharField(
        max_length=250,
        blank=True,
        help_text="One line on why this stage, e.g. the law or decision that marks it.",
    )
    summary = models.TextField(help_text="Two or three plain sentences on the state of play.")
    lead_bodies = models.TextField(
        help_text="Ministries, authorities and institutions that lead the work, one per line."
    )
    drivers = models.TextField(
        help_text="What pushes the country towards micro-credentials, one per line."
    )
    challenges = models.TextField(help_text="One per line.")
    recommendations = models.TextField(help_text="One per line.")
    links = StreamField([("link", LinkBlock())], blank=True)
    source = models.TextField(help_text="Where the profile's facts come from.")

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("country"),
                FieldPanel("framework"),
                FieldPanel("stage"),
                FieldPanel("stage_note"),
            ],
            heading="Country and framework",
        ),
        FieldPanel("summary"),
        FieldPanel("lead_bodies"),
        FieldPanel("drivers"),
        FieldPanel("challenges"),
        FieldPanel("recommendations"),
        FieldPanel("links"),
        FieldPanel("source"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary", boost=2),
        index.SearchField("lead_bodies"),
        index.SearchField("drivers"),
        index.SearchField("challenges"),
        index.SearchField("recommendations"),
        index.FilterField("stage"),
    ]

    parent_page_types = ["handbook.CountryIndexPage"]
    subpage_types = []
    template = "handbook/country_profile_page.html"

    class Meta:
        verbose_name = gettext_lazy("country profile")

    def get_meta_description(self):
        return self.search_description or self.summary

    @property
    def lead_body_list(self):
        return lines(self.lead_bodies)

    @property
    def driver_list(self):
        return lines(self.drivers)

    @property
    def challenge_list(self):
        return lines(self.challenges)

    @property
    def recommendation_list(self):
        return lines(self.recommendations)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        parent = self.get_parent()
        context["index_page"] = parent
        context["breadcrumbs"] = [(_("Home"), "/"), (parent.title, parent.get_url(request))]
        return context
