"""The reports library, a document's progress page, its download, and asking for one.

Whoever may not read a document or its subject gets 404, never 403. Permission is checked on
every request, downloads included.
"""

import re
import unicodedata
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from portal.frameworks.models import Country

from . import actions, registry
from .forms import LibraryFilterForm, PublishForm
from .models import GeneratedDocument

LIBRARY_PAGE_SIZE = 25
# How often the progress page reloads itself without JavaScript, and how often its script asks.
REFRESH_SECONDS = 3


def _kind_or_404(slug):
    try:
        return registry.get(slug)
    except KeyError:
        raise Http404 from None


def may_read(user, document):
    """True if `user` may read `document`: its kind lets them read the subject, or it is
    published to a ministry or authority they belong to."""
    kind = document.document_kind
    if kind is not None:
        subject = document.subject
        if subject is not None and kind.may_read(user, subject):
            return True
    return GeneratedDocument.objects.published_to_member(user).filter(pk=document.pk).exists()


def _readable(request, public_id):
    document = get_object_or_404(
        GeneratedDocument.objects.select_related("subject_type"), public_id=public_id
    )
    if not may_read(request.user, document):
        raise Http404
    return document


def _may_publish(user, document):
    kind = document.document_kind
    if not user.is_authenticated or kind is None or not document.is_done:
        return False
    if user.is_staff:
        return True
    subject = document.subject
    return subject is not None and kind.may_request(user, subject)


def _private(response):
    patch_cache_control(response, private=True, no_store=True)
    return response


@login_required
@require_GET
def library(request):
    readable = GeneratedDocument.objects.readable_by(request.user).distinct()
    codes = set(readable.exclude(country="").values_list("country", flat=True))
    countries = Country.objects.filter(code__in=codes).order_by("name")
    form = LibraryFilterForm(
        request.GET or None, countries=[(country.code, country.name) for country in countries]
    )
    documents = readable.filter(status="done")
    if form.is_bound and form.is_valid():
        documents = form.filter(documents)
    elif form.is_bound:
        documents = documents.none()
    page = Paginator(documents.order_by("-created_at", "-pk"), LIBRARY_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    names = {country.code: country.name for country in countries}
    page.object_list = list(page.object_list)
    for document in page.object_list:
        document.country_name = names.get(document.country, document.country)
    query = request.GET.copy()
    query.pop("page", None)
    return _private(
        render(
            request,
            "documents/library.html",
            {
                "form": form,
                "page": page,
                "query": query.urlencode(),
            },
        )
    )


@require_GET
def detail(request, public_id):
    document = _readable(request, public_id)
    publish_form = None
    if _may_publish(request.user, document):
        publish_form = PublishForm(document=document)
    return _private(
        render(
            request,
            "documents/detail.html",
            {
                "document": document,
                "refresh_seconds": REFRESH_SECONDS,
                "progress_text": progress_text(document),
                "publish_form": publish_form,
                "published_to": document.published_to.order_by("name")
                if publish_form is not None
                else (),
            },
        )
    )


@require_GET
def status(request, public_id):
    document = _readable(request, public_id)
    return _private(
        JsonResponse(
            {
                "status": document.status,
                "status_label": str(document.get_status_display()),
                "progress_text": progress_text(document),
                "progress": document.progress,
                "error": document.error,
                "download_url": reverse("documents:download", args=[document.public_id])
                if document.is_done
                else None,
            }
        )
    )


def progress_text(document):
    if document.status == "queued":
        return _("Waiting to be made.")
    if document.status == "running":
        return _("Being made: %(percent)s%% done.") % {"percent": document.progress}
    return str(document.get_status_display())


def file_name(title):
    """A file name from the document's title: no path, no control characters, not too long."""
    name = unicodedata.normalize("NFC", str(title))
    name = re.sub(r"[\x00-\x1f\x7f/\\:*?\"<>|]+", " ", name)
    name = " ".join(name.split()).strip(" .")[:120].strip(" .")
    return f"{name or _('document')}.docx"


def attachment_disposition(name):
    """Content-Disposition for a download: an ASCII fallback name for old clients, and the
    real name, percent-encoded as RFC 6266 says, for the rest. Nothing in it can end the
    header or the quoted string."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    fallback = "".join(
        character if " " <= character <= "~" and character not in '"\\%;' else "_"
        for character in ascii_name
    )
    if fallback.strip(" ._") in ("", "docx"):
        fallback = "document.docx"
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


@require_GET
def download(request, public_id):
    document = _readable(request, public_id)
    if not document.is_done or not document.file:
        raise Http404
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    actions.record_download(document=document, by=request.user)
    response = FileResponse(
        handle,
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Length"] = str(document.size)
    response["Content-Disposition"] = attachment_disposition(file_name(document.title))
    response["X-Content-Type-Options"] = "nosniff"
    return _private(response)


@require_POST
def request_document(request, kind, subject_id):
    kind = _kind_or_404(kind)
    subject = actions.subject_for(kind, subject_id)
    if subject is None or not kind.may_request(request.user, subject):
        raise Http404
    document, _created = actions.request_document(kind=kind, subject=subject, by=request.user)
    return redirect("documents:detail", public_id=document.public_id)


@require_GET
def latest(request, kind, subject_id):
    """The current revision's document of a public kind: its download when it is made, else
    its progress page (asked for once per revision, whoever asks)."""
    kind = _kind_or_404(kind)
    if not kind.public:
        raise Http404
    subject = actions.subject_for(kind, subject_id)
    if subject is None or not kind.may_request(request.user, subject):
        raise Http404
    document, _created = actions.request_document(kind=kind, subject=subject, by=request.user)
    if document.is_done:
        return redirect("documents:download", public_id=document.public_id)
    return redirect("documents:detail", public_id=document.public_id)


@require_POST
def publish(request, public_id):
    document = _readable(request, public_id)
    if not _may_publish(request.user, document):
        raise Http404
    form = PublishForm(request.POST, document=document)
    if form.is_valid():
        try:
            added = actions.publish_document(
                document=document,
                organisations=list(form.cleaned_data["organisations"]),
                by=request.user,
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                _("Published to %(organisations)s.")
                % {"organisations": ", ".join(o.name for o in added)},
            )
    else:
        messages.error(request, _("Choose at least one organisation to publish to."))
    return redirect("documents:detail", public_id=document.public_id)
