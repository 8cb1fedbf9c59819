"""The design editor: a design's page, editing one section, starting a design, marking it
ready and reopening it.

To anyone who is not a member of the design's workspace (project staff aside), every page here
answers 404, whatever the id. Staff and commenters read; leads and co-authors write, and to
them alone the edit pages exist (404 for everyone else).
"""

from dataclasses import dataclass, field

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from portal.frameworks.models import LevelMapping

from .. import completeness, section_kinds, writing_aid
from ..actions.common import seat_of
from ..actions.designs import (
    StaleSection,
    basics_content,
    create_design,
    mark_design_ready,
    reopen_design,
    save_section,
)
from ..diff import side_by_side
from ..documents import documents_of
from ..forms.designs import NewDesignForm, editor_for
from ..models import Comment, Design, DesignSection, DesignStatus, Workspace
from ..sections import (
    BASICS,
    INTEGRATION,
    OUTCOME_DOMAINS,
    PARTICIPATION_MODES,
    SUPERVISION,
    WORKLOAD_COMPONENTS,
    outline_for,
)
from ..workload import workload_of

WORKLOAD_KIND = "workload"


def _designs():
    return Design.objects.select_related(
        "workspace", "framework", "framework__country", "level"
    ).prefetch_related(
        "framework__approval_criteria",
        Prefetch(
            "level__mappings",
            queryset=LevelMapping.objects.select_related("target_level__framework").order_by(
                "target_level__framework__position", "target_level__number"
            ),
        ),
    )


def _visible_design(request, pk):
    """The design and the person's seat in its workspace (None for staff); 404 for anyone
    who may not see it."""
    design = get_object_or_404(_designs().visible_to(request.user), pk=pk)
    return design, seat_of(design.workspace, request.user)


def _writable_design(request, pk):
    """As _visible_design, for the pages only leads and co-authors use: 404 for the rest
    (staff and commenters never write, so the page does not exist for them)."""
    design, seat = _visible_design(request, pk)
    if seat is None or not seat.can_write:
        raise Http404
    return design, seat


def _design_url(design, key=""):
    url = reverse("codesign:design", args=[design.pk])
    return f"{url}#section-{key}" if key else url


@dataclass
class SectionRow:
    """One section as the design page shows it."""

    definition: object
    section: object  # the DesignSection, or None
    content: dict
    required: bool
    empty: bool
    comments: object = None  # the section's SectionCommentSummary, or None
    shown: dict = field(default_factory=dict)

    @property
    def key(self):
        return self.definition.key


def _label(choices, key):
    return str(dict(choices).get(key, key)) if key else ""


def _shown(kind, content, framework):
    """A section's content laid out for the page (labels for keys; flags beside outcomes)."""
    if kind == "outcomes":
        return {
            "outcomes": [
                {
                    "number": number,
                    "statement": item.get("statement", ""),
                    "domain": _label(OUTCOME_DOMAINS, item.get("domain")),
                    "assessment": item.get("assessment", ""),
                    "flags": writing_aid.flags(item.get("statement", ""), item.get("domain", "")),
                }
                for number, item in enumerate(content.get("outcomes", []), start=1)
            ]
        }
    if kind == WORKLOAD_KIND:
        return {
            "components": [
                (label, section_kinds.hours_text(section_kinds.hours(content, name)))
                for name, label in WORKLOAD_COMPONENTS
            ],
            "workload": workload_of(framework, content),
        }
    if kind == "participation":
        modes = [_label(PARTICIPATION_MODES, mode) for mode in content.get("modes", [])]
        return {"modes": modes, "text": content.get("text", "")}
    if kind == "assessment":
        return {
            "text": content.get("text", ""),
            "supervision": _label(SUPERVISION, content.get("supervision")),
        }
    if kind == "awarding":
        return {
            "bodies": [body.get("name", "") for body in content.get("bodies", [])],
            "others": content.get("others", ""),
        }
    if kind == "stackability":
        return {
            "integration": _label(INTEGRATION, content.get("integration")),
            "towards": content.get("towards", ""),
            "rpl": content.get("rpl", ""),
        }
    return {"text": content.get("text", "")}


def _role_context(design, seat):
    draft = design.status == DesignStatus.DRAFT
    return {
        "seat": seat,
        "can_edit": bool(seat and seat.can_write and draft),
        "is_lead": bool(seat and seat.can_manage),
        "is_draft": draft,
    }


@require_safe
def design_detail(request, pk):
    # The review pages lay out a frozen revision with this module's helpers: imported here.
    from .reviews import design_panel

    design, seat = _visible_design(request, pk)
    outline = outline_for(design.framework)
    sections = {
        section.key: section
        for section in DesignSection.objects.filter(design=design).select_related("updated_by")
    }
    contents = {key: section.content for key, section in sections.items()}
    comments = Comment.objects.summary_for(design)
    rows = []
    workload = None
    for definition in outline:
        section = sections.get(definition.key)
        content = contents.get(definition.key) or {}
        row = SectionRow(
            definition=definition,
            section=section,
            content=content,
            required=definition.key in outline.required,
            empty=definition.kind != BASICS and section_kinds.is_empty(definition.kind, content),
            comments=comments.get(definition.key),
        )
        if definition.kind != BASICS:
            row.shown = _shown(definition.kind, content, design.framework)
        if definition.kind == WORKLOAD_KIND and workload is None:
            workload = row.shown["workload"]
        rows.append(row)
    findings = completeness.check(design, outline=outline, contents=contents, workload=workload)
    sources = list(dict.fromkeys(finding.source for finding in findings if finding.source))
    return render(
        request,
        "codesign/designs/detail.html",
        {
            "design": design,
            "rows": rows,
            "findings": findings,
            "finding_rows": [
                {
                    "finding": finding,
                    "source": sources.index(finding.source) + 1 if finding.source else None,
                }
                for finding in findings
            ],
            "sources": sources,
            "finding_counts": _counts(findings),
            "workload": workload,
            "workload_key": next((r.key for r in rows if r.definition.kind == WORKLOAD_KIND), ""),
            "mappings": list(design.level.mappings.all()),
            "documents": documents_of(design),
            **_role_context(design, seat),
            **design_panel(request, design, seat),
        },
    )


def _counts(findings):
    counts = {completeness.ERROR: 0, completeness.WARNING: 0, completeness.INFO: 0}
    for finding in findings:
        counts[finding.severity] += 1
    return counts


def _conflict(definition, design, stored, editor):
    """Their version (stored) beside yours (typed), differences marked."""
    if definition.kind == BASICS:
        theirs = basics_content(
            Design.objects.select_related("framework", "level").get(pk=design.pk)
        )
    else:
        theirs = stored.content
    return {
        "section": stored,
        "rows": side_by_side(
            section_kinds.as_lines(definition.kind, theirs),
            section_kinds.as_lines(definition.kind, editor.as_stored()),
        ),
    }


def _rebound(request, definition, design, section, version):
    """The form again, holding what the person typed, now based on the stored version: saving
    it replaces the other person's version, as a conscious choice."""
    data = request.POST.copy()
    data["base_version"] = str(version)
    return editor_for(definition, design=design, section=section, data=data)


@require_http_methods(["GET", "HEAD", "POST"])
def edit_section(request, pk, key):
    design, seat = _writable_design(request, pk)
    outline = outline_for(design.framework)
    definition = outline.get(key)
    if definition is None:
        raise Http404
    if design.status != DesignStatus.DRAFT:
        messages.warning(
            request, _("This design is marked ready for review: reopen it to edit it.")
        )
        return redirect(_design_url(design, key))
    section = DesignSection.objects.filter(design=design, key=key).first()
    editor = editor_for(
        definition,
        design=design,
        section=section,
        data=request.POST if request.method == "POST" else None,
    )
    conflict = None
    if request.method == "POST" and editor.is_valid():
        try:
            revision = save_section(
                design=design,
                key=key,
                content=editor.content(),
                base_version=editor.started_from,
                by=request.user,
            )
        except StaleSection as stale:
            conflict = _conflict(definition, design, stale.section, editor)
            editor = _rebound(request, definition, design, section, stale.section.version)
        except ValidationError as error:
            editor.add_content_errors(error)
        else:
            if revision is None:
                messages.info(request, _("Nothing changed, so nothing was saved."))
            else:
                messages.success(
                    request,
                    _("“%(section)s” saved as revision %(number)d.")
                    % {"section": definition.title, "number": revision.number},
                )
            return redirect(_design_url(design, key))
    context = {
        "design": design,
        "definition": definition,
        "section": section,
        "form": editor,
        "conflict": conflict,
    }
    if definition.kind == "outcomes":
        context["descriptors"] = writing_aid.descriptors_for(design.level)
        context["verbs_source"] = writing_aid.source()
    if definition.kind == WORKLOAD_KIND:
        context["workload"] = workload_of(design.framework, section.content if section else {})
    return render(request, "codesign/designs/edit_section.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
def new_design(request, pk):
    workspace = get_object_or_404(Workspace.objects.visible_to(request.user), pk=pk)
    seat = seat_of(workspace, request.user)
    if seat is None or not seat.can_write:
        raise Http404
    form = NewDesignForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        level = form.cleaned_data["level"]
        try:
            design = create_design(
                workspace=workspace,
                title=form.cleaned_data["title"],
                framework=level.framework,
                level=level,
                credential_type=form.cleaned_data["credential_type"],
                by=request.user,
            )
        except ValidationError as error:
            errors = getattr(error, "error_dict", {None: error.error_list})
            for name, messages_ in errors.items():
                form.add_error("level" if name == "framework" else name, messages_)
        else:
            messages.success(
                request, _("Design “%(title)s” started: fill in its sections.") % {"title": design}
            )
            return redirect(_design_url(design))
    return render(request, "codesign/designs/new.html", {"workspace": workspace, "form": form})


@require_POST
def mark_ready(request, pk):
    design, _seat = _visible_design(request, pk)
    try:
        mark_design_ready(design=design, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The design is marked ready for review."))
    return redirect(_design_url(design))


@require_POST
def reopen(request, pk):
    design, _seat = _visible_design(request, pk)
    try:
        reopen_design(design=design, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The design is open for editing again."))
    return redirect(_design_url(design))
