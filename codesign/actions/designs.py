"""Designs: created in a workspace, co-authored section by section, every save a revision."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from portal.audit.actions import record
from portal.frameworks.models import FrameworkLevel
from portal.text import MARKUP, clean_name

from .. import completeness, section_kinds
from ..models import (
    ActivityKind,
    CredentialType,
    Design,
    DesignRevision,
    DesignSection,
    DesignStatus,
)
from ..sections import BASICS, outline_for
from .common import add_activity, require_lead, require_writer

TITLE_MAX_LENGTH = 200


class StaleSection(Exception):
    """A save started from an older version of the section than the one stored now.

    Nothing was saved. `section` holds the stored version (its content, who saved it and
    when), for the person to merge with their own text.
    """

    def __init__(self, section):
        super().__init__(f"section {section.key} is at version {section.version}")
        self.section = section


def basics_content(design):
    return {
        "title": design.title,
        "framework": design.framework.code,
        "level": design.level.number,
        "credential_type": design.credential_type,
        "is_core_module": design.is_core_module,
    }


def snapshot_of(design):
    """The whole design as it stands: the basics and every section's content."""
    snapshot = {BASICS: basics_content(design)}
    for section in design.sections.exclude(key=BASICS).order_by("key"):
        snapshot[section.key] = section.content
    return snapshot


def clean_title(value):
    """A design's title as stored: a name (portal.text.clean_name), and plain text; each
    message starts with "Title:"."""
    try:
        title = clean_name(value, max_length=TITLE_MAX_LENGTH)
    except ValidationError as error:
        raise ValidationError(
            [_("Title: %(message)s") % {"message": message} for message in error.messages]
        ) from None
    markup = MARKUP.search(title)
    if markup:
        raise ValidationError(
            _("Title: “%(tag)s” is HTML markup; write the title as plain text.")
            % {"tag": markup.group(0)[:40]}
        )
    return title


def _clean_basics(*, title, framework, level, credential_type):
    errors = {}
    try:
        title = clean_title(title)
    except ValidationError as error:
        errors["title"] = error.messages
    if framework is None:
        errors["framework"] = [_("Framework and level: choose the framework the design targets.")]
    elif level is None or level.framework_id != framework.pk:
        errors["level"] = [
            _(
                "Framework and level: choose a level of %(framework)s (it has levels 1 to "
                "%(count)d)."
            )
            % {"framework": framework.code, "count": framework.level_count}
        ]
    if credential_type not in CredentialType.values:
        errors["credential_type"] = [_("Choose the type of micro-credential.")]
    if errors:
        raise ValidationError(errors)
    return title


def _new_revision(design, *, by, changed, restored_from=None):
    design.revision_count += 1
    design.updated_at = timezone.now()
    design.save(update_fields=["revision_count", "updated_at"])
    return DesignRevision.objects.create(
        design=design,
        number=design.revision_count,
        author=by,
        changed_sections=changed,
        snapshot=snapshot_of(design),
        restored_from=restored_from,
    )


@transaction.atomic
def create_design(*, workspace, title, framework, level, credential_type, by):
    """Start a design in the workspace, with every section of its framework empty; the
    design's first revision holds the basics."""
    require_writer(workspace, by)
    title = _clean_basics(
        title=title, framework=framework, level=level, credential_type=credential_type
    )
    design = Design.objects.create(
        workspace=workspace,
        title=title,
        framework=framework,
        level=level,
        credential_type=credential_type,
        created_by=by,
    )
    now = timezone.now()
    DesignSection.objects.bulk_create(
        [
            DesignSection(
                design=design,
                key=section.key,
                version=1 if section.key == BASICS else 0,
                updated_at=now if section.key == BASICS else None,
                updated_by=by if section.key == BASICS else None,
            )
            for section in outline_for(framework)
        ]
    )
    _new_revision(design, by=by, changed=[BASICS])
    add_activity(
        workspace=workspace, by=by, kind=ActivityKind.DESIGN_CREATED, design=design, subject=title
    )
    record(
        action="codesign.create_design",
        by=by,
        obj=design,
        detail={
            "workspace": workspace.pk,
            "framework": framework.code,
            "level": level.number,
            "credential_type": credential_type,
        },
    )
    return design


def _lock_editable(design, by):
    design = (
        Design.objects.select_for_update().select_related("framework", "level").get(pk=design.pk)
    )
    require_writer(design.workspace, by)
    if design.status != DesignStatus.DRAFT:
        raise ValidationError(
            _("This design is marked ready for review. Reopen it for editing first.")
        )
    return design


def _apply_basics(design, content):
    framework = content["framework"]
    level = content["level"]
    design.title = _clean_basics(
        title=content["title"],
        framework=framework,
        level=level,
        credential_type=content["credential_type"],
    )
    design.framework = framework
    design.level = level
    design.credential_type = content["credential_type"]
    design.is_core_module = bool(content.get("is_core_module"))
    design.save(update_fields=["title", "framework", "level", "credential_type", "is_core_module"])
    # A new framework may bring sections (its approval criteria) the design did not have.
    existing = set(design.sections.values_list("key", flat=True))
    DesignSection.objects.bulk_create(
        [
            DesignSection(design=design, key=section.key)
            for section in outline_for(framework)
            if section.key not in existing
        ]
    )


@transaction.atomic
def save_section(*, design, key, content, base_version, by):
    """Save one section's content, made from version `base_version` of it.

    The design's row is locked for the whole save, so saves of one design are serialised and
    revision numbers never collide. If someone saved the section since `base_version`, nothing
    is saved and StaleSection carries their version. For the basics, `content` holds the
    FrameworkLevel/QualificationFramework objects; other kinds hold what section_kinds.clean
    returned. Returns the new revision, or None when nothing changed.
    """
    design = _lock_editable(design, by)
    definition = outline_for(design.framework).get(key)
    if definition is None:
        raise ValidationError(_("This design has no section called “%(key)s”.") % {"key": key})
    section = DesignSection.objects.select_for_update().filter(design=design, key=key).first()
    if section is None:
        section = DesignSection.objects.create(design=design, key=key)
    if section.version != base_version:
        raise StaleSection(section)
    if key == BASICS:
        before = basics_content(design)
        _apply_basics(design, content)
        if basics_content(design) == before:
            return None
    else:
        content = section_kinds.clean(definition, content, design=design)
        if content == section.content:
            return None
        section.content = content
    section.version += 1
    section.updated_at = timezone.now()
    section.updated_by = by
    section.save(update_fields=["content", "version", "updated_at", "updated_by"])
    revision = _new_revision(design, by=by, changed=[key])
    add_activity(
        workspace=design.workspace,
        by=by,
        kind=ActivityKind.SECTION_SAVED,
        design=design,
        subject=definition.title,
    )
    record(
        action="codesign.save_section",
        by=by,
        obj=design,
        detail={"section": key, "version": section.version, "revision": revision.number},
    )
    return revision


@transaction.atomic
def restore_revision(*, design, number, by):
    """Make an earlier revision's content current again, as a new revision: nothing in
    between is lost, it stays in the history."""
    design = _lock_editable(design, by)
    revision = DesignRevision.objects.filter(design=design, number=number).first()
    if revision is None:
        raise ValidationError(_("This design has no revision %(number)s.") % {"number": number})
    snapshot = revision.snapshot
    current = snapshot_of(design)
    changed = []
    basics = snapshot.get(BASICS)
    if basics and basics != current[BASICS]:
        framework = design.framework.__class__.objects.filter(code=basics["framework"]).first()
        level = FrameworkLevel.objects.filter(framework=framework, number=basics["level"]).first()
        _apply_basics(design, {**basics, "framework": framework, "level": level})
        changed.append(BASICS)
    for section in (
        DesignSection.objects.select_for_update().filter(design=design).exclude(key=BASICS)
    ):
        old = snapshot.get(section.key, {})
        if old != section.content:
            section.content = old
            section.version += 1
            section.updated_at = timezone.now()
            section.updated_by = by
            section.save(update_fields=["content", "version", "updated_at", "updated_by"])
            changed.append(section.key)
    if BASICS in changed:
        basics_row = DesignSection.objects.get(design=design, key=BASICS)
        basics_row.version += 1
        basics_row.updated_at, basics_row.updated_by = timezone.now(), by
        basics_row.save(update_fields=["version", "updated_at", "updated_by"])
    if not changed:
        raise ValidationError(
            _("Revision %(number)s is the same as the design as it stands: nothing to restore.")
            % {"number": number}
        )
    new = _new_revision(design, by=by, changed=changed, restored_from=number)
    add_activity(
        workspace=design.workspace,
        by=by,
        kind=ActivityKind.REVISION_RESTORED,
        design=design,
        subject=_("revision %(number)s") % {"number": number},
    )
    record(
        action="codesign.restore_revision",
        by=by,
        obj=design,
        detail={"restored": number, "revision": new.number, "sections": changed},
    )
    return new


@transaction.atomic
def reopen_design(*, design, by):
    design = Design.objects.select_for_update().get(pk=design.pk)
    require_lead(design.workspace, by)
    if design.status != DesignStatus.READY:
        raise ValidationError(_("This design is already open for editing."))
    design.status = DesignStatus.DRAFT
    design.ready_at = None
    design.ready_by = None
    design.save(update_fields=["status", "ready_at", "ready_by"])
    add_activity(
        workspace=design.workspace,
        by=by,
        kind=ActivityKind.DESIGN_REOPENED,
        design=design,
        subject=design.title,
    )
    record(action="codesign.reopen_design", by=by, obj=design)
    return design


@transaction.atomic
def mark_design_ready(*, design, by):
    """A lead declares the design ready for review: refused, with every error listed, while
    the completeness check finds any. A design marked ready is not edited until reopened."""
    design = (
        Design.objects.select_for_update()
        .select_related("workspace", "framework", "level")
        .get(pk=design.pk)
    )
    require_lead(design.workspace, by)
    if design.status != DesignStatus.DRAFT:
        raise ValidationError(_("This design is already marked ready for review."))
    errors = completeness.errors(completeness.check(design))
    if errors:
        raise ValidationError(
            [
                ngettext(
                    "This design cannot be marked ready while it has %(count)d error:",
                    "This design cannot be marked ready while it has %(count)d errors:",
                    len(errors),
                )
                % {"count": len(errors)},
                *[finding.message for finding in errors],
            ]
        )
    design.status = DesignStatus.READY
    design.ready_at = timezone.now()
    design.ready_by = by
    design.save(update_fields=["status", "ready_at", "ready_by"])
    add_activity(
        workspace=design.workspace,
        by=by,
        kind=ActivityKind.DESIGN_READY,
        design=design,
        subject=design.title,
    )
    record(
        action="codesign.mark_design_ready",
        by=by,
        obj=design,
        detail={"revision": design.revision_count},
    )
    return design
