import datetime
import zoneinfo

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.models import AbstractEmailForm, AbstractFormField
from wagtail.contrib.forms.panels import FormSubmissionsPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from portal.pagecache import content_generation, pages_cache

from . import ical
from .blocks import INLINE_TEXT_FEATURES, BodyBlock, EntryPointBlock, QuestionBlock
from .figures import headline_figures
from .forms import (
    HONEYPOT_FIELD,
    TOKEN_FIELD,
    ContactFormBuilder,
    contact_post_allowed,
    form_token,
)

STORED_ONLY_THANKS = _("Thank you: your message was received and stored for the project team.")
NEWS_PER_PAGE = 10
PAST_EVENTS_PER_PAGE = 10
HOME_FRAGMENTS_SECONDS = 3600


def validate_time_zone(value):
    if value not in zoneinfo.available_timezones():
        raise ValidationError(
            _(
                "“%(value)s” is not a time zone name. Use a name such as Indian/Mauritius or "
                "Africa/Johannesburg."
            )
            % {"value": value}
        )


class DescribedPage(Page):
    """What every page of this app shares: the text for <meta name="description">."""

    description_field = "intro"

    class Meta:
        abstract = True

    @property
    def meta_description(self):
        return self.search_description or getattr(self, self.description_field, "") or ""


class HomePage(Page):
    lead = models.TextField(blank=True, help_text="One or two sentences under the title.")
    definition_heading = models.CharField(max_length=120, default="What is a micro-credential?")
    definition = RichTextField(
        features=INLINE_TEXT_FEATURES,
        blank=True,
        help_text="The common definition, in plain words.",
    )
    definition_source = models.CharField(
        max_length=255, blank=True, help_text="Where the definition comes from."
    )
    definition_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="A page that explains more.",
    )
    entry_points = StreamField(
        [("entry_point", EntryPointBlock())],
        blank=True,
        max_num=6,
        help_text="Where industry, academics, quality authorities and learners start.",
    )

    max_count = 1
    parent_page_types = ["wagtailcore.Page"]

    content_panels = Page.content_panels + [
        FieldPanel("lead"),
        MultiFieldPanel(
            [
                FieldPanel("definition_heading"),
                FieldPanel("definition"),
                FieldPanel("definition_source"),
                FieldPanel("definition_page"),
            ],
            heading="Definition",
        ),
        FieldPanel("entry_points"),
    ]

    @property
    def meta_description(self):
        return self.search_description or self.lead

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # One look-up of the private sections serves every list on the page.
        private = Page.objects.private_q()
        context["latest_news"] = NewsPage.objects.live().exclude(private).latest_first()[:3]
        context["upcoming_events"] = EventPage.objects.live().exclude(private).upcoming()[:3]
        # The figures and the index pages change only when something is published: keep them
        # for the current generation of public content.
        context.update(
            pages_cache.get_or_set(
                f"cms:home:{content_generation()}",
                lambda: {
                    "news_index": NewsIndexPage.objects.live().exclude(private).first(),
                    "event_index": EventIndexPage.objects.live().exclude(private).first(),
                    "figures": headline_figures(),
                },
                HOME_FRAGMENTS_SECONDS,
            )
        )
        return context


class StandardPage(DescribedPage):
    intro = models.TextField(
        blank=True,
        help_text="Shown under the title; also the page's description in search results "
        "when no search description is given.",
    )
    body = StreamField(BodyBlock(), blank=True)

    parent_page_types = ["cms.HomePage", "cms.StandardPage"]

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
    ]


class NewsPageQuerySet(PageQuerySet):
    def latest_first(self):
        return self.order_by("-date", "-first_published_at", "-pk")


class NewsIndexPage(RoutablePageMixin, DescribedPage):
    intro = models.TextField(blank=True)

    max_count = 1
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.NewsPage"]

    content_panels = Page.content_panels + [FieldPanel("intro")]

    def news(self):
        return NewsPage.objects.child_of(self).live().public().latest_first()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["news_page"] = Paginator(self.news(), NEWS_PER_PAGE).get_page(
            request.GET.get("page")
        )
        return context

    @path("feed/", name="feed")
    def feed(self, request):
        from .feeds import NewsFeed

        return NewsFeed(index_page=self, request=request)(request)


class NewsPage(DescribedPage):
    date = models.DateField("news date", default=datetime.date.today)
    summary = models.TextField(help_text="Two or three sentences: shown in lists and the feed.")
    body = StreamField(BodyBlock(), blank=True)
    source = models.CharField(
        max_length=255,
        help_text="Where this news comes from: the document, its section and its author.",
    )
    source_url = models.URLField("source address", blank=True)

    description_field = "summary"
    parent_page_types = ["cms.NewsIndexPage"]
    subpage_types = []

    objects = PageManager.from_queryset(NewsPageQuerySet)()

    content_panels = Page.content_panels + [
        FieldPanel("date"),
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldRowPanel([FieldPanel("source"), FieldPanel("source_url")], heading="Source"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("source"),
        index.FilterField("date"),
    ]


class EventPageQuerySet(PageQuerySet):
    def upcoming(self, now=None):
        """Events that have not ended yet, soonest first."""
        return self.filter(end__gte=now or timezone.now()).order_by("start", "pk")

    def past(self, now=None):
        return self.filter(end__lt=now or timezone.now()).order_by("-start", "-pk")


class EventIndexPage(DescribedPage):
    intro = models.TextField(blank=True)

    max_count = 1
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.EventPage"]

    content_panels = Page.content_panels + [FieldPanel("intro")]

    def events(self):
        return EventPage.objects.child_of(self).live().public()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        events = self.events()  # looks up the private sections once for both lists
        context["upcoming_events"] = events.upcoming()
        context["past_events_page"] = Paginator(events.past(), PAST_EVENTS_PER_PAGE).get_page(
            request.GET.get("page")
        )
        return context


class EventPage(RoutablePageMixin, DescribedPage):
    start = models.DateTimeField(
        help_text="Enter the time in your own time zone (as set in your account); visitors "
        "see it in the event's time zone below."
    )
    end = models.DateTimeField()
    all_day = models.BooleanField(
        "dates only",
        default=False,
        help_text="Tick when no times are announced: the event is shown and exported as "
        "whole days.",
    )
    time_zone = models.CharField(
        max_length=63,
        default="Indian/Mauritius",
        validators=[validate_time_zone],
        help_text="Where the event happens, such as Indian/Mauritius or Africa/Johannesburg.",
    )
    place = models.CharField(max_length=255, blank=True, help_text="Venue and town.")
    online_url = models.URLField("online link", blank=True)
    summary = models.TextField(help_text="Two or three sentences: shown in lists.")
    body = StreamField(BodyBlock(), blank=True)

    description_field = "summary"
    parent_page_types = ["cms.EventIndexPage"]
    subpage_types = []

    objects = PageManager.from_queryset(EventPageQuerySet)()

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
                FieldPanel("all_day"),
                FieldPanel("time_zone"),
            ],
            heading="When",
        ),
        MultiFieldPanel([FieldPanel("place"), FieldPanel("online_url")], heading="Where"),
        FieldPanel("summary"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("place"),
        index.FilterField("start"),
        index.FilterField("end"),
    ]

    def clean(self):
        super().clean()
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("The event cannot end before it starts.")})

    @property
    def zone(self):
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def local_start(self):
        return timezone.localtime(self.start, self.zone)

    @property
    def local_end(self):
        return timezone.localtime(self.end, self.zone)

    @property
    def has_ended(self):
        return self.end < timezone.now()

    @property
    def is_one_day(self):
        return self.local_start.date() == self.local_end.date()

    def calendar_text(self, *, url):
        return ical.event_calendar(
            uid=f"{self.translation_key}@micro-credentials-portal",
            stamp=self.last_published_at or timezone.now(),
            start=self.start,
            end=self.end,
            all_day_dates=(self.local_start.date(), self.local_end.date())
            if self.all_day
            else None,
            summary=self.title,
            description="\n\n".join(part for part in (self.summary, self.online_url) if part),
            location=self.place or self.online_url,
            url=url,
        )

    @path("calendar/", name="calendar")
    def calendar(self, request):
        url = request.build_absolute_uri(self.get_url(request))
        response = HttpResponse(
            self.calendar_text(url=url), content_type="text/calendar; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{self.slug}.ics"'
        return response


class FaqPage(DescribedPage):
    intro = models.TextField(blank=True)
    questions = StreamField([("question", QuestionBlock())], blank=True)

    parent_page_types = ["cms.HomePage", "cms.StandardPage"]
    subpage_types = []

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("questions")]
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("questions"),
    ]

    def questions_with_anchors(self):
        """Each question with a stable, unique anchor made from its words."""
        seen = set()
        result = []
        for number, block in enumerate(self.questions, start=1):
            anchor = slugify(block.value["question"])[:60].strip("-") or f"question-{number}"
            if anchor in seen:
                anchor = f"{anchor}-{number}"
            seen.add(anchor)
            result.append(
                {
                    "anchor": anchor,
                    "question": block.value["question"],
                    "answer": block.value["answer"],
                }
            )
        return result


class ContactFormField(AbstractFormField):
    page = ParentalKey("ContactPage", on_delete=models.CASCADE, related_name="form_fields")


class ContactPage(AbstractEmailForm):
    intro = RichTextField(features=INLINE_TEXT_FEATURES, blank=True)
    thank_you_text = models.TextField(
        default="Thank you: your message has reached the project team.",
        help_text="Shown to the sender once the message is stored.",
    )

    form_builder = ContactFormBuilder
    parent_page_types = ["cms.HomePage"]
    subpage_types = []

    content_panels = AbstractEmailForm.content_panels + [
        FormSubmissionsPanel(),
        FieldPanel("intro"),
        InlinePanel("form_fields", label="Form fields"),
        FieldPanel("thank_you_text"),
        MultiFieldPanel(
            [
                FieldPanel("to_address"),
                FieldPanel("from_address"),
                FieldPanel("subject"),
            ],
            heading="E-mail to staff",
            help_text="Left empty, the address goes to STAFF_NOTIFICATION_EMAILS.",
        ),
    ]

    @property
    def meta_description(self):
        return self.search_description or _("Write to the project team.")

    def get_submissions_list_view_class(self):
        from .views import ContactSubmissionsListView  # admin views load after the models

        return ContactSubmissionsListView

    def staff_addresses(self):
        if self.to_address.strip():
            return [address.strip() for address in self.to_address.split(",") if address.strip()]
        return list(settings.STAFF_NOTIFICATION_EMAILS)

    def serve(self, request, *args, **kwargs):
        from .actions import submit_contact_message

        status = 200
        if request.method == "POST":
            allowed = contact_post_allowed(request)
            form = self.get_form(
                request.POST, page=self, user=request.user, rate_limited=not allowed
            )
            if form.is_valid():
                submit_contact_message(page=self, data=form.message_data())
                # The editor's thanks may say the team was told; with no address, nobody was.
                thanks = self.thank_you_text if self.staff_addresses() else STORED_ONLY_THANKS
                messages.success(request, thanks)
                return redirect(self.get_url(request))
            status = 200 if allowed else 429
        else:
            form = self.get_form(page=self, user=request.user)
        context = self.get_context(request)
        context["form"] = form
        context["form_token"] = form_token()
        context["honeypot_field"] = HONEYPOT_FIELD
        context["token_field"] = TOKEN_FIELD
        return TemplateResponse(request, self.get_template(request), context, status=status)


class ContactDeliveryQuerySet(models.QuerySet):
    def waiting(self, *, older_than):
        return self.filter(status=ContactDelivery.Status.WAITING, created_at__lt=older_than)


class ContactDelivery(models.Model):
    """Whether staff have been e-mailed a stored contact message.

    huey does not acknowledge tasks: an e-mail whose worker died midway would be lost. This
    row says what is still owed, so a periodic task can send it again.
    """

    class Status(models.TextChoices):
        WAITING = "waiting", "Waiting to be e-mailed"
        SENT = "sent", "E-mailed to staff"
        NO_RECIPIENT = "no_recipient", "Stored only: no staff address is set"

    submission = models.OneToOneField(
        "wagtailforms.FormSubmission", on_delete=models.CASCADE, related_name="delivery"
    )
    # Every attempt sends this same Message-ID: a copy sent again after the mail server had
    # already taken the first (its worker died before the row said so) is dropped as a duplicate.
    message_id = models.CharField(max_length=255, editable=False)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.WAITING)
    created_at = models.DateTimeField(auto_now_add=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    sent_at = models.DateTimeField(null=True, blank=True)

    objects = ContactDeliveryQuerySet.as_manager()

    def __str__(self):
        return f"Contact message {self.submission_id}: {self.get_status_display()}"
