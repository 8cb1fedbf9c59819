"""A design's history: every revision, any two compared, an earlier one restored."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from ..actions.common import seat_of
from ..actions.designs import restore_revision
from ..comparison import compare_snapshots
from ..forms.revisions import CompareForm
from ..models import Design, DesignRevision
from ..sections import outline_for

REVISIONS_PAGE_SIZE = 25


def _visible_design(request, pk):
    """The design, to its workspace's members and project staff; 404 to anyone else."""
    return get_object_or_404(
        Design.objects.visible_to(request.user).select_related("workspace", "framework"), pk=pk
    )


def _writable_design(request, pk):
    """The design, to its workspace's leads and co-authors; 404 to anyone else, commenters
    and staff included (they may read the history, never change it)."""
    design = _visible_design(request, pk)
    seat = seat_of(design.workspace, request.user)
    if seat is None or not seat.can_write:
        raise Http404
    return design


def revisions(request, pk):
    design = _visible_design(request, pk)
    outline = outline_for(design.framework)
    page = Paginator(DesignRevision.objects.listing(design), REVISIONS_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    for revision in page:
        revision.changed_titles = [
            outline.get(key).title if outline.get(key) else key for key in revision.changed_sections
        ]
    seat = seat_of(design.workspace, request.user)
    return render(
        request,
        "codesign/revisions/list.html",
        {
            "design": design,
            "page": page,
            "can_restore": seat is not None and seat.can_write,
        },
    )


def compare(request, pk):
    design = _visible_design(request, pk)
    latest = design.revision_count
    if latest < 1:
        raise Http404
    form = CompareForm(
        {"a": request.GET.get("a", max(latest - 1, 1)), "b": request.GET.get("b", latest)},
        latest=latest,
    )
    context = {"design": design, "form": form, "latest": latest}
    if not form.is_valid():
        return render(request, "codesign/revisions/compare.html", context)
    a, b = form.cleaned_data["a"], form.cleaned_data["b"]
    found = {
        revision.number: revision
        for revision in DesignRevision.objects.filter(
            design=design, number__in=[a, b]
        ).select_related("author")
    }
    if a not in found or b not in found:
        raise Http404
    sections = compare_snapshots(
        outline_for(design.framework), found[a].snapshot, found[b].snapshot
    )
    return render(
        request,
        "codesign/revisions/compare.html",
        context
        | {
            "old": found[a],
            "new": found[b],
            "sections": sections,
            "changed_count": sum(section.changed for section in sections),
        },
    )


def restore(request, pk, number):
    design = _writable_design(request, pk)
    revision = get_object_or_404(
        DesignRevision.objects.select_related("author"), design=design, number=number
    )
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    error = None
    if request.method == "POST":
        try:
            new = restore_revision(design=design, number=number, by=request.user)
        except ValidationError as refusal:
            error = " ".join(refusal.messages)
        else:
            messages.success(
                request,
                _("Revision %(number)d is restored: its content is now revision %(new)d.")
                % {"number": number, "new": new.number},
            )
            return redirect("codesign:revisions", pk=design.pk)
    current = (
        DesignRevision.objects.filter(design=design, number=design.revision_count)
        .only("snapshot")
        .first()
    )
    changes = [
        section
        for section in compare_snapshots(
            outline_for(design.framework), current.snapshot if current else {}, revision.snapshot
        )
        if section.changed
    ]
    return render(
        request,
        "codesign/revisions/restore.html",
        {
            "design": design,
            "revision": revision,
            "latest": design.revision_count,
            "changes": changes,
            "error": error,
        },
    )
