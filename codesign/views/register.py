"""The public register: the list with search and filters, each entry's page, its JSON-LD,
the exports, the read-only JSON API with its OpenAPI description, and verification.

Everything here is public and read-only except withdrawal (a POST for the approving
authority's admins and project staff; to anyone else it answers 404). Each page runs a fixed
number of queries however large the register is.
"""

import json
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from portal.frameworks.models import plain_number

from ..actions import register as actions
from ..models import CredentialType, EntryStatus, RegisterEntry
from ..register import api, exports, jsonld
from ..register.canonical import clean_fingerprint
from ..register.forms import VerifyForm, WithdrawForm
from ..register.search import RegisterFilterForm, register_entries
from ..register.verification import clean_identifier, verify
from ..sections import INTEGRATION, OUTCOME_DOMAINS, PARTICIPATION_MODES, SUPERVISION

PAGE_SIZE = 25
JSONLD_TYPE = "application/ld+json"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _entry(identifier):
    return get_object_or_404(
        RegisterEntry.objects.select_related("country", "sector", "framework", "authority"),
        identifier=identifier,
    )


def _filtered(request):
    """(form, entries) for the GET filters; entries are none when the form is not valid."""
    form = RegisterFilterForm(request.GET)
    entries = register_entries()
    if form.is_valid():
        entries = form.filter(entries)
        if not form.cleaned_data.get("q"):
            entries = entries.order_by("-approved_on", "-pk")
    else:
        entries = entries.none()
    return form, entries


def _query(request, **extra):
    query = request.GET.copy()
    query.pop("page", None)
    for name, value in extra.items():
        query[name] = value
    return query.urlencode()


# The list.


@require_GET
def register_list(request):
    form, entries = _filtered(request)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    items = [_list_item(entry) for entry in page.object_list]
    query = _query(request)
    return render(
        request,
        "codesign/register/list.html",
        {
            "filters": form,
            "page": page,
            "items": items,
            "searched": form.searched,
            "query": query,
            "status": (form.cleaned_data.get("status") if form.is_valid() else "")
            or EntryStatus.RECOGNISED,
            "type_labels": dict(CredentialType.choices),
        },
    )


def _list_item(entry):
    """What the list shows of an entry, its sentences made here rather than in the template
    (25 entries of template tags cost more than the rest of the page)."""
    facts = [
        entry.identifier,
        entry.country.name,
        _("%(framework)s level %(level)s")
        % {"framework": entry.framework.code, "level": entry.level_number},
    ]
    if entry.eqf_level:
        facts.append(_("EQF level %(level)s") % {"level": entry.eqf_level})
    if entry.sadcqf_level:
        facts.append(_("SADCQF level %(level)s") % {"level": entry.sadcqf_level})
    if entry.ects_credits is not None:
        facts.append(_("%(credits)s ECTS") % {"credits": plain_number(entry.ects_credits)})
    if entry.sector:
        facts.append(entry.sector.label)
    return {
        "entry": entry,
        "facts": " · ".join(facts),
        "kind": _("%(type)s · awarded by %(bodies)s")
        % {
            "type": entry.get_credential_type_display(),
            "bodies": "; ".join(entry.awarding_body_names.splitlines()),
        },
        "approval": _("Approved by %(authority)s on %(date)s")
        % {"authority": entry.authority.name, "date": date_format(entry.approved_on, "j F Y")},
    }


# One entry.


def _labels(choices, keys):
    names = dict(choices)
    return [str(names.get(key, key)) for key in keys if key]


def _shown(content):
    """The labels of the keys the content stores, in the reader's language."""
    domains = dict(OUTCOME_DOMAINS)
    return {
        "outcomes": [
            {**item, "domain_label": str(domains.get(item["domain"], item["domain"]))}
            for item in content["learning_outcomes"]
        ],
        "participation": _labels(PARTICIPATION_MODES, content["participation"]["modes"]),
        "supervision": ", ".join(_labels(SUPERVISION, [content["assessment"]["supervision"]])),
        "integration": ", ".join(_labels(INTEGRATION, [content["integration"]["option"]])),
        "type": ", ".join(_labels(CredentialType.choices, [content["credential_type"]])),
    }


@require_GET
def entry(request, identifier):
    entry = _entry(identifier)
    return _entry_page(request, entry)


def _entry_page(request, entry, withdraw_form=None, status=200):
    user = request.user
    may_withdraw = (
        entry.status != EntryStatus.WITHDRAWN
        and user.is_authenticated
        and actions.may_withdraw(entry, user)
    )
    return render(
        request,
        "codesign/register/entry.html",
        {
            "entry": entry,
            "content": entry.content,
            "shown": _shown(entry.content),
            "versions": list(entry.versions.defer("content").order_by("-number")),
            "is_owner": actions.is_owner(entry, user),
            "withdraw_form": withdraw_form or (WithdrawForm() if may_withdraw else None),
            "verification_url": reverse("register:verify")
            + "?"
            + urlencode({"identifier": entry.identifier, "fingerprint": entry.fingerprint}),
        },
        status=status,
    )


@require_POST
def withdraw(request, identifier):
    entry = _entry(identifier)
    if entry.status == EntryStatus.WITHDRAWN or not actions.may_withdraw(entry, request.user):
        raise Http404
    form = WithdrawForm(request.POST)
    if form.is_valid():
        try:
            actions.withdraw_entry(entry=entry, reason=form.cleaned_data["reason"], by=request.user)
        except ValidationError as error:
            form.add_action_errors(error)
        else:
            messages.success(
                request,
                _("%(identifier)s is withdrawn. The register shows it, with your reason.")
                % {"identifier": entry.identifier},
            )
            return redirect(entry)
    return _entry_page(request, entry, withdraw_form=form, status=400)


@require_GET
def entry_jsonld(request, identifier):
    entry = _entry(identifier)
    return _json(jsonld.achievement(entry), content_type=JSONLD_TYPE)


@require_GET
def context(request):
    return _json(jsonld.context_document(), content_type=JSONLD_TYPE)


@require_GET
def vocabulary(request):
    choices = jsonld.value_choices()
    terms = [
        {**item, "choices": choices.get(item.get("values"), [])}
        for item in jsonld.vocabulary()["terms"]
    ]
    return render(
        request,
        "codesign/register/vocabulary.html",
        {
            "terms": terms,
            "context_url": reverse("register:context"),
            "ob3_context": jsonld.OB3_CONTEXT,
        },
    )


# Exports.


def _export_name(extension):
    return f"register-{timezone.localdate().isoformat()}.{extension}"


@require_GET
def export_csv(request):
    form, entries = _filtered(request)
    if not form.is_valid():
        return _errors(form)
    response = StreamingHttpResponse(
        exports.csv_stream(entries), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{_export_name("csv")}"'
    return response


@require_GET
def export_xlsx(request):
    form, entries = _filtered(request)
    if not form.is_valid():
        return _errors(form)
    response = HttpResponse(exports.xlsx_bytes(entries), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{_export_name("xlsx")}"'
    return response


# The JSON API.


def _json(data, *, status=200, content_type="application/json"):
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=1),
        content_type=f"{content_type}; charset=utf-8",
        status=status,
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _errors(form, status=400):
    return _json(
        {"errors": {name: list(errors) for name, errors in form.errors.items()}}, status=status
    )


def _page_size(request):
    raw = request.GET.get("page_size") or api.PAGE_SIZE
    try:
        size = int(raw)
    except (TypeError, ValueError):
        return None
    return size if 1 <= size <= api.MAX_PAGE_SIZE else None


@require_GET
def api_entries(request):
    form, entries = _filtered(request)
    if not form.is_valid():
        return _errors(form)
    size = _page_size(request)
    if size is None:
        return _json(
            {
                "errors": {
                    "page_size": [
                        _("page_size: a whole number from 1 to %(max)d.")
                        % {"max": api.MAX_PAGE_SIZE}
                    ]
                }
            },
            status=400,
        )
    paginator = Paginator(entries, size)
    try:
        page = paginator.page(request.GET.get("page") or 1)
    except (EmptyPage, PageNotAnInteger):
        return _json(
            {
                "errors": {
                    "page": [
                        _("page: a whole number from 1 to %(pages)d.")
                        % {"pages": paginator.num_pages}
                    ]
                }
            },
            status=400,
        )
    here = jsonld.absolute(reverse("register:api_entries"))

    def link(number):
        return f"{here}?{_query(request, page=number)}"

    return _json(
        {
            "count": paginator.count,
            "page": page.number,
            "pages": paginator.num_pages,
            "page_size": size,
            "next": link(page.next_page_number()) if page.has_next() else None,
            "previous": link(page.previous_page_number()) if page.has_previous() else None,
            "results": [api.summary(entry) for entry in page.object_list],
        }
    )


@require_GET
def api_entry(request, identifier):
    entry = _entry(identifier)
    versions = entry.versions.defer("content").order_by("-number")
    return _json(api.detail(entry, versions))


@require_GET
def openapi(request):
    return _json(api.openapi_document())


EXAMPLE_IDENTIFIER = "MU-2026-00042"


@require_GET
def api_docs(request):
    example = EXAMPLE_IDENTIFIER
    addresses = [
        (reverse("register:openapi"), True, _("The OpenAPI 3.1 description.")),
        (
            reverse("register:api_entries"),
            True,
            _(
                "The entries, 25 a page (page; page_size up to 100), with the register page's "
                "filters: q, country, sector, level, eqf, credits_min, credits_max, type, "
                "provider, status (recognised unless asked: lapsed, withdrawn or all)."
            ),
        ),
        (
            reverse("register:api_entry", args=[example]),
            False,
            _("One entry: its recognised content, fingerprint and versions."),
        ),
        (
            reverse("register:api_verify") + "?identifier=" + example + "&fingerprint=…",
            False,
            _(
                "Whether an identifier and a fingerprint match what the authority approved: "
                "match, superseded (an older version), mismatch or unknown; and whether the "
                "entry is recognised today."
            ),
        ),
        (
            reverse("register:entry_jsonld", args=[example]),
            False,
            _("One entry as an Open Badges 3.0 Achievement, with the register's extension."),
        ),
        (reverse("register:vocabulary"), True, _("The extension's terms, explained.")),
        (
            reverse("register:export_csv"),
            True,
            _("The register, or the part the filters choose, as CSV (or export.xlsx)."),
        ),
    ]
    return render(request, "codesign/register/api.html", {"addresses": addresses})


# Verification.


@require_GET
def verify_page(request):
    form = VerifyForm(request.GET or None)
    result = None
    if form.is_bound and form.is_valid():
        result = verify(form.cleaned_data["identifier"], form.cleaned_data["fingerprint"])
    return render(request, "codesign/register/verify.html", {"form": form, "result": result})


@require_GET
def api_verify(request):
    errors = {}
    identifier = clean_identifier(request.GET.get("identifier"))
    given = clean_fingerprint(request.GET.get("fingerprint"))
    if not identifier:
        errors["identifier"] = [
            _("identifier: give an entry's identifier, for example MU-2026-00042.")
        ]
    if not given:
        errors["fingerprint"] = [
            _("fingerprint: give the SHA-256 fingerprint, 64 hexadecimal digits.")
        ]
    if errors:
        return _json({"errors": errors}, status=400)
    return _json(api.verification(verify(identifier, given)))
