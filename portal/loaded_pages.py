"""Pages the content loaders made (cms `load_site`, handbook `load_handbook`) follow the
shipped data until a person saves them; from then on editors own them.

A page is still as loaded while it has one revision, the loader's, and that revision is what
is live. Bringing such a page up to date overwrites that one revision and publishes it again,
so it stays "as loaded" and a later correction of the data reaches it too. A page anyone has
saved, drafted or unpublished is left exactly as it is.
"""

from wagtail.fields import StreamField


def is_as_loaded(page, *, by=None):
    """True while `page` has only the revision a loader (running as `by`) made, and it is live."""
    revisions = list(page.revisions.order_by("pk")[:2])
    return (
        page.live
        and not page.has_unpublished_changes
        and len(revisions) == 1
        and revisions[0].pk == page.live_revision_id
        and revisions[0].user_id == (by.pk if by else None)
    )


def _comparable(page, name):
    field = page._meta.get_field(name)
    if isinstance(field, StreamField):
        # Blocks get fresh ids each time they are loaded; only their content counts.
        blocks = getattr(page, name).get_prep_value()
        return [{key: value for key, value in block.items() if key != "id"} for block in blocks]
    # As the database gives it back: a date written "2025-10-14" in the data is a date.
    return field.to_python(field.value_from_object(page))


def refresh_if_as_loaded(page, fields, *, by=None):
    """Give `page` the shipped `fields` (field name -> value, as the loader creates it with)
    if it is still as loaded and they differ. Returns the names of the fields it changed."""
    if not is_as_loaded(page, by=by):
        return []
    shipped = type(page)(**fields)
    changed = [name for name in fields if _comparable(page, name) != _comparable(shipped, name)]
    if changed:
        for name in changed:
            setattr(page, name, getattr(shipped, name))
        revision = page.save_revision(user=by, overwrite_revision=page.latest_revision)
        revision.publish(user=by)
    return changed
