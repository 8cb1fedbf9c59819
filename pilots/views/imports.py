"""The import pages: a pilot's imports with the upload form, the template and its allowed
values, an import's progress, problems or preview, the confirmation, and the downloads.

Only members of the pilot's verified partner organisations open any of them; everyone else,
signed in or not, gets 404 (views/access.py), downloads included.
"""

import csv
import io

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from portal.audit.actions import record
from portal.documents.views import attachment_disposition
from portal.spreadsheets import safe_cell

from ..actions import imports as actions
from ..imports import columns as spec
from ..imports import files
from ..imports.forms import UploadForm
from ..imports.template import template_csv, template_xlsx, value_lists
from ..models import ImportStatus, ParticipantImport
from ..models.imports import WORKING
from .access import partnered_pilot

HISTORY_PAGE_SIZE = 25
PROBLEMS_PAGE_SIZE = 50
# How often a working import's page reloads itself without JavaScript.
REFRESH_SECONDS = 3
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _private(response):
    patch_cache_control(response, private=True, no_store=True)
    return response


def _partnered_import(request, pk, import_pk):
    pilot = partnered_pilot(request, pk)
    participant_import = get_object_or_404(
        ParticipantImport.objects.select_related("uploaded_by", "confirmed_by"),
        pk=import_pk,
        pilot=pilot,
    )
    return pilot, participant_import


def limits():
    """The limits the upload page states, as the checks enforce them."""
    return {
        "max_bytes": files.MAX_BYTES,
        "max_rows": files.MAX_ROWS,
        "max_rows_text": f"{files.MAX_ROWS:,}",
        "inline_max_rows_text": f"{files.INLINE_MAX_ROWS:,}",
        "xlsx_max_unpacked_bytes": files.XLSX_MAX_UNPACKED_BYTES,
        "xlsx_max_entries": files.XLSX_MAX_ENTRIES,
        "inline_max_rows": files.INLINE_MAX_ROWS,
        "inline_max_bytes": files.INLINE_MAX_BYTES,
    }


def _list_page(request, pilot, form, status=200):
    page = Paginator(
        pilot.imports.select_related("uploaded_by", "confirmed_by").defer("problems"),
        HISTORY_PAGE_SIZE,
    ).get_page(request.GET.get("page"))
    return _private(
        render(
            request,
            "pilots/imports/list.html",
            {"pilot": pilot, "form": form, "page": page, "limits": limits()},
            status=status,
        )
    )


@require_GET
def import_list(request, pk):
    pilot = partnered_pilot(request, pk)
    return _list_page(request, pilot, UploadForm())


@require_POST
def import_upload(request, pk):
    pilot = partnered_pilot(request, pk)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _list_page(request, pilot, form, status=400)
    try:
        participant_import = actions.receive_import(
            pilot=pilot,
            upload=form.cleaned_data["file"],
            encoding=form.cleaned_data["encoding"],
            by=request.user,
        )
    except ValidationError as error:
        for message in error.messages:
            form.add_error("file", message)
        return _list_page(request, pilot, form, status=400)
    return redirect(participant_import)


@require_GET
def import_template(request, pk):
    pilot = partnered_pilot(request, pk)
    lists = dict(value_lists(pilot))
    rows = [
        {
            "column": column,
            "values": lists.get(column.name),
        }
        for column in spec.COLUMNS
    ]
    return _private(
        render(
            request,
            "pilots/imports/template.html",
            {"pilot": pilot, "rows": rows, "limits": limits()},
        )
    )


@require_GET
def template_download(request, pk, file_format):
    pilot = partnered_pilot(request, pk)
    if file_format == "csv":
        content = template_csv()
    elif file_format == "xlsx":
        content = template_xlsx(pilot)
    else:
        raise Http404
    response = HttpResponse(content, content_type=CONTENT_TYPES[file_format])
    response["Content-Disposition"] = attachment_disposition(f"participants-template.{file_format}")
    response["X-Content-Type-Options"] = "nosniff"
    return _private(response)


def progress_text(participant_import):
    status = participant_import.status
    if status == ImportStatus.RECEIVED:
        return _("Waiting to be checked.")
    if status == ImportStatus.CHECKING:
        return _("Being checked: %(percent)s%% done.") % {"percent": participant_import.progress}
    if status == ImportStatus.IMPORTING:
        return _("Being imported: %(percent)s%% done.") % {"percent": participant_import.progress}
    return str(participant_import.get_status_display())


@require_GET
def import_detail(request, pk, import_pk):
    pilot, participant_import = _partnered_import(request, pk, import_pk)
    summary = participant_import.summary or {}
    problems_page = None
    if participant_import.problems:
        problems_page = Paginator(participant_import.problems, PROBLEMS_PAGE_SIZE).get_page(
            request.GET.get("page")
        )
    same_file = (
        pilot.imports.filter(sha256=participant_import.sha256, status=ImportStatus.IMPORTED)
        .exclude(pk=participant_import.pk)
        .select_related("confirmed_by")
        .first()
    )
    changes = [(name, count) for name, count in (summary.get("changes") or {}).items() if count]
    return _private(
        render(
            request,
            "pilots/imports/detail.html",
            {
                "pilot": pilot,
                "participant_import": participant_import,
                "working": participant_import.status in WORKING,
                "summary": summary,
                "changes": changes,
                "problems_page": problems_page,
                "problem_total": summary.get("problem_total", len(participant_import.problems)),
                "same_file": same_file,
                "progress_text": progress_text(participant_import),
                "refresh_seconds": REFRESH_SECONDS,
                "limits": limits(),
            },
        )
    )


@require_GET
def import_status(request, pk, import_pk):
    _pilot, participant_import = _partnered_import(request, pk, import_pk)
    return _private(
        JsonResponse(
            {
                "status": participant_import.status,
                "working": participant_import.status in WORKING,
                "status_label": str(participant_import.get_status_display()),
                "progress": participant_import.progress,
                "progress_text": progress_text(participant_import),
            }
        )
    )


@require_POST
def import_confirm(request, pk, import_pk):
    _pilot, participant_import = _partnered_import(request, pk, import_pk)
    try:
        participant_import = actions.confirm_import(
            participant_import=participant_import, by=request.user
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        if participant_import.status == ImportStatus.IMPORTED:
            messages.success(request, _("The participants are imported."))
    return redirect(participant_import)


@require_POST
def import_cancel(request, pk, import_pk):
    _pilot, participant_import = _partnered_import(request, pk, import_pk)
    try:
        actions.cancel_import(participant_import=participant_import, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The import is cancelled: nothing was imported."))
    return redirect(participant_import)


@require_GET
def import_file(request, pk, import_pk):
    _pilot, participant_import = _partnered_import(request, pk, import_pk)
    try:
        handle = participant_import.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    record(
        action="pilots.import_download",
        by=request.user,
        obj=participant_import,
        detail={"sha256": participant_import.sha256},
    )
    response = FileResponse(handle, content_type=CONTENT_TYPES[participant_import.file_format])
    response["Content-Length"] = str(participant_import.size)
    response["Content-Disposition"] = attachment_disposition(participant_import.file_name)
    response["X-Content-Type-Options"] = "nosniff"
    return _private(response)


@require_GET
def import_problems_csv(request, pk, import_pk):
    """The problems listed on the page, as a spreadsheet to work through."""
    _pilot, participant_import = _partnered_import(request, pk, import_pk)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([_("row"), _("column"), _("value"), _("reason")])
    for problem in participant_import.problems:
        writer.writerow(
            [
                problem["row"],
                safe_cell(problem["column"]),
                safe_cell(problem["value"]),
                safe_cell(problem["reason"]),
            ]
        )
    response = HttpResponse(out.getvalue().encode("utf-8-sig"), content_type=CONTENT_TYPES["csv"])
    response["Content-Disposition"] = attachment_disposition(
        f"problems-{participant_import.pk}.csv"
    )
    response["X-Content-Type-Options"] = "nosniff"
    return _private(response)
