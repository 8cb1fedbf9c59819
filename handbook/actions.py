"""Changes of state in the handbook: loading its content and setting up who edits it."""

import json
from collections import Counter
from pathlib import Path

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.db import transaction
from wagtail.models import (
    GroupApprovalTask,
    GroupPagePermission,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from portal.audit.actions import record
from portal.frameworks.models import Country, QualificationFramework
from portal.loaded_pages import refresh_if_as_loaded

from .models import (
    ChapterPage,
    CountryIndexPage,
    CountryProfilePage,
    GlossaryPage,
    GlossaryTerm,
    HandbookIndexPage,
    SectionPage,
)

DATA_DIR = Path(__file__).resolve().parent / "data"

EDITORS = "Editors"
MODERATORS = "Moderators"
DEFAULT_WORKFLOW = "Moderators approval"
# What each group may do on the handbook's pages (Wagtail's page permission codenames).
PAGE_PERMISSIONS = {
    EDITORS: ["add_page", "change_page"],
    MODERATORS: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
}
TERM_PERMISSIONS = {
    EDITORS: ["add_glossaryterm", "change_glossaryterm"],
    MODERATORS: ["add_glossaryterm", "change_glossaryterm", "delete_glossaryterm"],
}
DEMO_USERS = [
    ("handbook.editor@example.org", "Handbook editor", EDITORS),
    ("handbook.moderator@example.org", "Handbook moderator", MODERATORS),
]
# Demo sign-ins exist only where DEMO_MODE is on (see the load_handbook command).
DEMO_PASSWORD = "handbook-demo-2025"  # noqa: S105


class HandbookDataError(ValueError):
    """The demo content files name something that does not exist; the message says where."""


def _read(data_dir, name):
    with open(Path(data_dir) / name, encoding="utf-8") as handle:
        return json.load(handle)


def _child_by_slug(parent, slug):
    return parent.get_children().filter(slug=slug).specific().first()


def _publish_child(parent, page, by):
    parent.add_child(instance=page)
    page.save_revision(user=by, log_action=False).publish(user=by, log_action=False)
    return page


def _ensure_page(parent, model, fields, by, counts):
    """The child of `parent` with this slug: created and published if missing, brought up to
    date with `fields` if it is still as a loader left it (see portal.loaded_pages)."""
    page = _child_by_slug(parent, fields["slug"])
    if page is None:
        counts["pages"] += 1
        return _publish_child(parent, model(**fields), by)
    if refresh_if_as_loaded(page, fields, by=by):
        counts["pages updated"] += 1
    return page


def _create_term(*, term, slug, definition, source, synonyms=()):
    return GlossaryTerm.objects.create(
        term=term, slug=slug, definition=definition, source=source, synonyms="\n".join(synonyms)
    )


def add_published_page(*, parent, page, by=None):
    """Add `page` under `parent` and publish it at once, with a first revision."""
    with transaction.atomic():
        _publish_child(parent, page, by)
        record(action="handbook.page_publish", by=by, obj=page, detail={"parent": parent.pk})
    return page


def add_glossary_term(*, term, slug, definition, source, synonyms=(), related=(), by=None):
    """Add a term to the glossary; `related` are existing terms."""
    with transaction.atomic():
        created = _create_term(
            term=term, slug=slug, definition=definition, source=source, synonyms=synonyms
        )
        created.related_terms.set(related)
        record(action="handbook.term_add", by=by, obj=created, detail={"slug": slug})
    return created


def _table_value(value, where):
    table = value["table"]
    columns = table["columns"]
    for number, row in enumerate(table["rows"], start=1):
        if len(row) != len(columns):
            raise HandbookDataError(
                f"{where}: table '{table['caption']}' row {number} has {len(row)} cells "
                f"for {len(columns)} columns."
            )
    return {
        "first_column_is_header": value.get("first_column_is_header", True),
        "table": {
            "caption": table["caption"],
            "columns": columns,
            "rows": [{"values": row} for row in table["rows"]],
        },
    }


def _body(blocks, terms_by_slug, framework_codes, where):
    """The JSON body of the data files as a StreamField's raw data, references resolved."""
    raw = []
    for number, block in enumerate(blocks, start=1):
        kind, value = block["type"], block["value"]
        place = f"{where}, block {number} ({kind})"
        if kind == "glossary_term":
            term = terms_by_slug.get(value["term"])
            if term is None:
                raise HandbookDataError(f"{place}: no glossary term with slug '{value['term']}'.")
            value = {"term": term.pk}
        elif kind == "framework":
            if value["framework"] not in framework_codes:
                raise HandbookDataError(
                    f"{place}: no qualification framework with code '{value['framework']}' "
                    "(run `manage.py load_reference` first)."
                )
        elif kind == "table":
            value = _table_value(value, place)
        raw.append({"type": kind, "value": value})
    return raw


def _update_term_if_as_shipped(term, item):
    """Give a term the shipped wording if it is still worded as an earlier release shipped it
    (listed under "earlier" in the data): a term an editor has reworded stays theirs."""
    earlier = [(old["definition"], old["source"]) for old in item.get("earlier", [])]
    if (term.definition, term.source) not in earlier:
        return False
    term.definition, term.source = item["definition"], item["source"]
    term.save(update_fields=["definition", "source", "updated_at"])
    return True


def _load_glossary(root, data, by, counts):
    spec = data["page"]
    glossary_page = _ensure_page(
        root,
        GlossaryPage,
        {
            "title": spec["title"],
            "slug": spec["slug"],
            "intro": spec["intro"],
            "search_description": spec.get("search_description", ""),
        },
        by,
        counts,
    )

    new_terms = []
    for item in data["terms"]:
        existing = GlossaryTerm.objects.filter(slug=item["slug"]).first()
        if existing is not None:
            counts["glossary terms updated"] += _update_term_if_as_shipped(existing, item)
            continue
        term = _create_term(
            term=item["term"],
            slug=item["slug"],
            definition=item["definition"],
            source=item["source"],
            synonyms=item.get("synonyms", []),
        )
        new_terms.append((term, item))
        counts["glossary terms"] += 1
    terms_by_slug = {term.slug: term for term in GlossaryTerm.objects.all()}
    for term, item in new_terms:
        missing = [slug for slug in item.get("related", []) if slug not in terms_by_slug]
        if missing:
            raise HandbookDataError(
                f"Glossary term '{item['slug']}': related terms {', '.join(missing)} do not exist."
            )
        term.related_terms.set([terms_by_slug[slug] for slug in item.get("related", [])])
    return glossary_page, terms_by_slug


def _load_handbook_pages(root, data, terms_by_slug, by, counts):
    framework_codes = set(QualificationFramework.objects.values_list("code", flat=True))

    def fields(spec, where):
        return {
            "title": spec["title"],
            "slug": spec["slug"],
            "intro": spec["intro"],
            "source": spec.get("source", ""),
            "search_description": spec.get("search_description", ""),
            "body": _body(spec.get("body", []), terms_by_slug, framework_codes, where),
        }

    index = _ensure_page(
        root, HandbookIndexPage, fields(data["index"], "Handbook index"), by, counts
    )
    for chapter_number, chapter_spec in enumerate(data["chapters"], start=1):
        where = f"Chapter {chapter_number} ('{chapter_spec['slug']}')"
        chapter = _ensure_page(index, ChapterPage, fields(chapter_spec, where), by, counts)
        for section_number, section_spec in enumerate(chapter_spec["sections"], start=1):
            where = f"Section {chapter_number}.{section_number} ('{section_spec['slug']}')"
            _ensure_page(chapter, SectionPage, fields(section_spec, where), by, counts)
    return index


def _load_countries(root, data, by, counts):
    spec = data["index"]
    index = _ensure_page(
        root,
        CountryIndexPage,
        {
            "title": spec["title"],
            "slug": spec["slug"],
            "intro": spec["intro"],
            "search_description": spec.get("search_description", ""),
        },
        by,
        counts,
    )
    for item in data["countries"]:
        country = Country.objects.filter(code=item["country"]).first()
        if country is None:
            raise HandbookDataError(
                f"Country profile '{item['slug']}': no country with code '{item['country']}' "
                "(run `manage.py load_reference` first)."
            )
        fields = {
            "title": item["title"],
            "slug": item["slug"],
            "country": country,
            "framework": QualificationFramework.objects.filter(code=item["framework"]).first(),
            "stage": item["stage"],
            "stage_note": item.get("stage_note", ""),
            "summary": item["summary"],
            "lead_bodies": "\n".join(item["lead_bodies"]),
            "drivers": "\n".join(item["drivers"]),
            "challenges": "\n".join(item["challenges"]),
            "recommendations": "\n".join(item["recommendations"]),
            "links": [{"type": "link", "value": link} for link in item.get("links", [])],
            "source": item["source"],
            "search_description": item["summary"][:300],
        }
        _ensure_page(index, CountryProfilePage, fields, by, counts)
    return index


def _permission(codename, app_label):
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def _set_up_editorial_roles(pages, counts):
    groups = {name: Group.objects.get_or_create(name=name)[0] for name in PAGE_PERMISSIONS}
    access_admin = _permission("access_admin", "wagtailadmin")
    for name, group in groups.items():
        group.permissions.add(access_admin)
        group.permissions.add(*(_permission(c, "handbook") for c in TERM_PERMISSIONS[name]))
        for page in pages:
            for codename in PAGE_PERMISSIONS[name]:
                _, created = GroupPagePermission.objects.get_or_create(
                    group=group, page=page, permission=_permission(codename, "wagtailcore")
                )
                counts["page permissions"] += int(created)

    workflow = Workflow.objects.filter(name=DEFAULT_WORKFLOW).first()
    if workflow is None:
        # Wagtail's migrations create it; a database set up another way may lack it.
        workflow = Workflow.objects.create(name=DEFAULT_WORKFLOW, active=True)
        task = GroupApprovalTask.objects.create(name=DEFAULT_WORKFLOW, active=True)
        task.groups.set([groups[MODERATORS]])
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    for page in pages:
        _, created = WorkflowPage.objects.update_or_create(
            page=page, defaults={"workflow": workflow}
        )
        counts["workflow assignments"] += int(created)
    return groups


def set_up_editorial_roles(*, pages, by=None):
    """Editors draft and submit for moderation, Moderators approve and publish, on `pages`
    and everything below them, through Wagtail's "Moderators approval" workflow. Wagtail's
    migrations create both groups; this only adds to them. Returns the groups by name."""
    counts = Counter()
    with transaction.atomic():
        groups = _set_up_editorial_roles(pages, counts)
        record(
            action="handbook.editorial_roles",
            by=by,
            detail={"pages": [page.pk for page in pages], **counts},
        )
    return groups


def create_demo_editors(*, by=None):
    """One demo editor and one demo moderator, with verified e-mail addresses. For
    demonstration sites only (the load_handbook command asks for them only in DEMO_MODE)."""
    counts = Counter()
    with transaction.atomic():
        groups = {name: Group.objects.get_or_create(name=name)[0] for name in PAGE_PERMISSIONS}
        users = _create_demo_users(groups, counts)
        record(action="handbook.demo_editors", by=by, detail=dict(counts))
    return users


def _create_demo_users(groups, counts):
    User = get_user_model()
    users = []
    for email, name, group_name in DEMO_USERS:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email=email, password=DEMO_PASSWORD, display_name=name)
            counts["demo users"] += 1
        EmailAddress.objects.get_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        user.groups.add(groups[group_name])
        users.append(user)
    return users


def load_handbook(*, by=None, data_dir=DATA_DIR, demo_users=False):
    """Create whatever part of the handbook's content is missing, under the default Site's
    root page: the glossary, the handbook's chapters and sections, the country profiles,
    the editorial groups' permissions and workflow, and (if asked) the demo editor and
    moderator. Pages and terms are matched by slug, so running it again creates nothing
    twice. A page still as a loader left it, and a term still worded as an earlier release
    shipped it, are brought up to date with the data; editors' changes are left alone.
    Returns what it created and updated, by kind ("pages", "pages updated", ...)."""
    glossary_data = _read(data_dir, "glossary.json")
    handbook_data = _read(data_dir, "handbook.json")
    country_data = _read(data_dir, "countries.json")
    counts = Counter()
    with transaction.atomic():
        site = Site.objects.select_related("root_page").filter(is_default_site=True).first()
        if site is None:
            raise HandbookDataError(
                "There is no default Wagtail Site to put the handbook under: "
                "run `manage.py migrate` (or the CMS's `load_site`) first."
            )
        root = site.root_page.specific
        glossary_page, terms_by_slug = _load_glossary(root, glossary_data, by, counts)
        handbook_index = _load_handbook_pages(root, handbook_data, terms_by_slug, by, counts)
        country_index = _load_countries(root, country_data, by, counts)
        groups = _set_up_editorial_roles([handbook_index, glossary_page, country_index], counts)
        if demo_users:
            _create_demo_users(groups, counts)
        result = {kind: counts[kind] for kind in sorted(counts)}
        record(action="handbook.load", by=by, obj=handbook_index, detail={"created": result})
    return result


def publish_scheduled_pages():
    """Publish the page revisions whose scheduled time has come, and unpublish the pages
    whose expiry time has passed: Wagtail's `publish_scheduled` command, which logs each
    change in Wagtail's own history. The huey consumer runs it every minute (tasks.py)."""
    call_command("publish_scheduled", verbosity=0)
