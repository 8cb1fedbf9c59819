"""Changes of state for the site pages: publishing pages, loading the site, contact messages."""

import datetime
import json
import logging
import zoneinfo
from email.utils import make_msgid
from functools import partial
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, Site

from portal.audit.actions import record
from portal.loaded_pages import refresh_if_as_loaded

from .models import (
    ContactDelivery,
    ContactFormField,
    ContactPage,
    EventIndexPage,
    EventPage,
    FaqPage,
    HomePage,
    NewsIndexPage,
    NewsPage,
    StandardPage,
)

logger = logging.getLogger(__name__)

SITE_DATA = Path(__file__).resolve().parent / "data" / "site.json"


def add_page(*, parent, page, by=None):
    """Add `page` under `parent` and publish it, with a first revision for the admin's history."""
    with transaction.atomic():
        parent.add_child(instance=page)
        page.save_revision(user=by).publish(user=by)
        record(
            action="cms.page_published",
            by=by,
            obj=page,
            detail={"parent": parent.pk, "type": page._meta.label, "slug": page.slug},
        )
    return page


def site_data():
    """The demo content, as written in cms/data/site.json."""
    return json.loads(SITE_DATA.read_text(encoding="utf-8"))


def load_site(*, by=None, data=None):
    """Make the HomePage the default Site's root, give the Site the address in PORTAL_BASE_URL
    (WAGTAILADMIN_BASE_URL: the sitemap and feeds name it), and add the demo pages it lacks.

    Idempotent: a page is matched by its slug under its parent and never created twice. An
    awareness, news, event or FAQ page still as a loader left it follows corrections of the
    data (see portal.loaded_pages); once anyone saves it, editors own it and it stays as they
    left it. Other children of the root, such as the handbook's, are left alone. `data`
    defaults to site_data(); a section left out of it (pages, news, events, faq, contact) is
    skipped. Returns the pages created.
    """
    data = data if data is not None else site_data()
    created = []
    with transaction.atomic():
        home, home_created = _install_home_page(data["home"], by=by, created=created)
        pages = {}
        for spec in data.get("pages", []):
            pages[spec["slug"]] = _ensure_child(home, StandardPage, spec, by=by, created=created)

        if "news" in data:
            news_index = _ensure_child(
                home, NewsIndexPage, data["news"]["index"], by=by, created=created
            )
            for spec in data["news"]["items"]:
                _ensure_child(news_index, NewsPage, spec, by=by, created=created)

        if "events" in data:
            event_index = _ensure_child(
                home, EventIndexPage, data["events"]["index"], by=by, created=created
            )
            for spec in data["events"]["items"]:
                _ensure_child(event_index, EventPage, _event_fields(spec), by=by, created=created)

        if "faq" in data:
            _ensure_child(home, FaqPage, data["faq"], by=by, created=created)

        if "contact" in data:
            contact_spec = dict(data["contact"])
            field_specs = contact_spec.pop("form_fields")
            contact_spec["form_fields"] = [ContactFormField(**field) for field in field_specs]
            _ensure_child(home, ContactPage, contact_spec, by=by, created=created)

        definition_slug = data["home"].get("definition_page_slug")
        if home_created and definition_slug in pages:
            home.definition_page = pages[definition_slug]
            home.save_revision(user=by).publish(user=by)

        record(
            action="cms.site_loaded",
            by=by,
            obj=home,
            detail={
                "created": [page.url_path for page in created],
                "address": settings.WAGTAILADMIN_BASE_URL.rstrip("/"),
            },
        )
    return created


def _install_home_page(spec, *, by, created):
    fields = {key: value for key, value in spec.items() if key != "definition_page_slug"}
    home = HomePage.objects.first()
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    tree_root = _tree_root()
    home_created = False

    if home is None:
        previous = site.root_page if site else None
        if previous is not None and _is_bare_welcome_page(previous):
            # Point the Site at the tree's root first: deleting its root page would delete it.
            site.root_page = tree_root
            site.save()
            previous.delete()
        home = HomePage(**fields)
        if tree_root.get_children().filter(slug=home.slug).exists():
            home.slug = f"{home.slug}-portal"
        add_page(parent=tree_root, page=home, by=by)
        created.append(home)
        home_created = True

    hostname, port = _site_address()
    if site is None:
        Site.objects.create(
            hostname=hostname,
            port=port,
            site_name=settings.WAGTAIL_SITE_NAME,
            root_page=home,
            is_default_site=True,
        )
        return home, home_created
    if (site.hostname, site.port) != (hostname, port):
        site.hostname, site.port = hostname, port
        site.save()
    if site.root_page_id != home.pk:
        previous = site.root_page
        site.root_page = home
        site.save()
        if previous.depth > 1:
            # Pages made under the old root (another loader ran first) move to the new one.
            for child in previous.get_children():
                child.move(home, pos="last-child")
            if _is_bare_welcome_page(previous):
                previous.delete()
    return home, home_created


def _site_address():
    """The host name and port of PORTAL_BASE_URL, such as ("portal.example.org", 443)."""
    address = urlsplit(settings.WAGTAILADMIN_BASE_URL)
    return address.hostname, address.port or (443 if address.scheme == "https" else 80)


def _tree_root():
    """The page tree's root and default locale, made here when the database has none yet
    (Wagtail's migrations make them, but a flushed test database has lost them)."""
    Locale.objects.get_or_create(
        language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
    )
    return Page.get_first_root_node() or Page.add_root(
        instance=Page(
            title="Root", slug="root", content_type=ContentType.objects.get_for_model(Page)
        )
    )


def _is_bare_welcome_page(page):
    """Wagtail's own "Welcome to your new Wagtail site!" page: a plain Page with no children."""
    return page.depth > 1 and page.specific_class is Page and not page.get_children().exists()


# The pages whose content is all in their fields; the contact page's form fields are rows.
_REFRESHED_FROM_DATA = (StandardPage, NewsIndexPage, NewsPage, EventIndexPage, EventPage, FaqPage)


def _ensure_child(parent, model, spec, *, by, created):
    existing = parent.get_children().filter(slug=spec["slug"]).first()
    if existing is not None:
        page = existing.specific
        if model in _REFRESHED_FROM_DATA:
            changed = refresh_if_as_loaded(page, spec, by=by)
            if changed:
                record(action="cms.page_refreshed", by=by, obj=page, detail={"fields": changed})
        return page
    page = model(**spec)
    add_page(parent=parent, page=page, by=by)
    created.append(page)
    return page


def _event_fields(spec):
    """Event times in the data are local times of the event's own time zone."""
    fields = dict(spec)
    zone = zoneinfo.ZoneInfo(fields["time_zone"])
    for name in ("start", "end"):
        fields[name] = datetime.datetime.fromisoformat(fields[name]).replace(tzinfo=zone)
    return fields


def submit_contact_message(*, page, data):
    """Store a contact message (already checked for spam) and e-mail staff once it is stored."""
    from . import tasks

    with transaction.atomic():
        submission = page.get_submission_class().objects.create(page=page, form_data=data)
        ContactDelivery.objects.create(submission=submission, message_id=new_message_id())
        # No personal data in the append-only audit trail: the message stays in the submission.
        record(
            action="cms.contact_message_received",
            obj=page,
            detail={"submission": submission.pk},
        )
        transaction.on_commit(partial(tasks.email_contact_message, submission.pk))
    return submission


def new_message_id():
    """A Message-ID for one contact-message delivery, in the portal's own domain."""
    domain = urlsplit(settings.WAGTAILADMIN_BASE_URL).hostname or "localhost"
    return make_msgid(idstring="contact", domain=domain)


def email_contact_message(*, submission_id):
    """Send one stored contact message to the page's staff addresses; returns the number of
    e-mails sent. Safe to run twice: a message already sent is not sent again. The mail server
    is talked to outside any transaction, so a slow one holds no database lock.

    Delivery is at least once: if the worker dies after the mail server took the message but
    before the row is marked sent, it is sent again, with the same Message-ID, which lets the
    receiving server drop the copy."""
    delivery = (
        ContactDelivery.objects.select_related("submission__page")
        .filter(submission_id=submission_id, status=ContactDelivery.Status.WAITING)
        .first()
    )
    if delivery is None:
        return 0
    submission = delivery.submission
    page = submission.page.specific
    addresses = page.staff_addresses()
    if not addresses:
        logger.warning(
            "Contact message %s stored but not e-mailed: the page has no to-address and "
            "STAFF_NOTIFICATION_EMAILS is empty.",
            submission.pk,
        )
        _settle_delivery(delivery, ContactDelivery.Status.NO_RECIPIENT)
        return 0
    ContactDelivery.objects.filter(pk=delivery.pk).update(attempts=F("attempts") + 1)
    sent = _contact_email(page, submission, addresses, message_id=delivery.message_id).send()
    _settle_delivery(delivery, ContactDelivery.Status.SENT)
    return sent


def _settle_delivery(delivery, status):
    with transaction.atomic():
        ContactDelivery.objects.filter(pk=delivery.pk).update(
            status=status, sent_at=timezone.now() if status == ContactDelivery.Status.SENT else None
        )
        record(
            action=f"cms.contact_message_{status}",
            obj=delivery.submission.page,
            detail={"submission": delivery.submission_id},
        )


def resend_waiting_contact_messages(*, older_than=datetime.timedelta(minutes=10)):
    """Queue again every message still owed to staff after `older_than` (its worker died, or
    the mail server was down through every retry). Returns how many were queued."""
    from . import tasks

    waiting = list(
        ContactDelivery.objects.waiting(older_than=timezone.now() - older_than).values_list(
            "submission_id", flat=True
        )
    )
    for submission_id in waiting:
        tasks.email_contact_message(submission_id)
    return len(waiting)


def _contact_email(page, submission, addresses, *, message_id):
    lines = []
    reply_to = []
    for field in page.get_form_fields():
        value = submission.form_data.get(field.clean_name, "")
        lines.append(f"{field.label}: {value}")
        if field.field_type == "email" and value and not reply_to:
            reply_to.append(value)
    submissions_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(
        "wagtailforms:list_submissions", args=[page.pk]
    )
    received = _("A message came through the page “%(title)s” on %(when)s.") % {
        "title": page.title,
        "when": f"{timezone.localtime(submission.submit_time):%d %B %Y at %H:%M %Z}",
    }
    kept = _("Every message is kept in the content admin: %(url)s") % {"url": submissions_url}
    body = received + "\n\n" + "\n".join(lines) + "\n\n" + kept + "\n"
    subject = page.subject or _("Message from the %(site_name)s contact page") % {
        "site_name": settings.WAGTAIL_SITE_NAME
    }
    return EmailMessage(
        subject=" ".join(subject.split()),
        body=body,
        from_email=page.from_address or settings.DEFAULT_FROM_EMAIL,
        to=addresses,
        reply_to=reply_to,
        headers={"Message-ID": message_id},
    )
