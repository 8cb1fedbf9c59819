"""Comments on a design's sections: threads, replies, @mentions, resolving.

Who may do what:
- any member of the workspace (lead, co-author, commenter) starts a thread on a section of the
  design's outline and replies to an open thread;
- the workspace's writers (leads and co-authors) and the person who started a thread resolve
  it and reopen it; a resolved thread takes no replies until it is reopened;
- a comment is never edited: people were notified of it and may have answered it as written.
  Its author may delete it while nobody has replied after it (a thread's first comment, while
  it has no replies), and write it again.

An @word that is no member's handle stays plain text: the comment is saved and the returned
comment's `unknown_handles` lists those words, for the page to tell the person.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.audit.actions import record
from portal.notifications.actions import notify
from portal.text import clean_text

from .. import mentions
from ..models import ActivityKind, Comment, Design, WorkspaceMember
from ..sections import outline_for
from .common import add_activity, require_member

COMMENT_MAX_LENGTH = 5_000


def clean_body(body):
    try:
        return clean_text(body, max_length=COMMENT_MAX_LENGTH, required=True)
    except ValidationError as error:
        raise ValidationError({"body": error.messages}) from None


def can_resolve(seat, thread):
    """A writer of the workspace, or the member who started the thread."""
    return seat is not None and (seat.can_write or thread.author_id == seat.user_id)


def can_delete(comment, *, by, replies):
    """Its author, while nobody has replied after it. `replies`: the thread's replies in
    order."""
    if by is None or comment.author_id != by.pk:
        return False
    if comment.parent_id is None:
        return not replies
    return bool(replies) and replies[-1].pk == comment.pk


def section_title(design, key):
    definition = outline_for(design.framework).get(key)
    return definition.title if definition else key


def discussion_url(comment):
    """The comment in its section's discussion: the thread named, so the page it is on now
    is shown, and the comment anchored."""
    path = reverse(
        "codesign:section_comments",
        kwargs={"pk": comment.design_id, "key": comment.section_key},
    )
    return f"{path}?thread={comment.parent_id or comment.pk}#comment-{comment.pk}"


def _design(design):
    return Design.objects.select_related("workspace", "framework").get(pk=design.pk)


def _mention(comment, *, design, by, title):
    """Store who the comment mentions and notify each once (not the author). Returns the
    mentioned users and the @words that are nobody's handle."""
    written = mentions.handles_in(comment.body)
    members = {
        member.handle.lower(): member.user
        for member in WorkspaceMember.objects.filter(workspace=design.workspace).select_related(
            "user"
        )
    }
    mentioned = [members[handle] for handle in written if handle in members]
    comment.mentioned.set(mentioned)
    words = {"who": by, "design": design.title, "section": title}
    for user in mentioned:
        if user.pk == by.pk:
            continue
        notify(
            recipient=user,
            kind="codesign.mention",
            subject=_("%(who)s mentioned you in “%(design)s”, %(section)s") % words,
            body=_("%(who)s wrote on %(section)s of “%(design)s”:") % words + "\n\n" + comment.body,
            url=discussion_url(comment),
        )
    comment.unknown_handles = [handle for handle in written if handle not in members]
    return mentioned


@transaction.atomic
def add_comment(*, design, section_key, body, by):
    """Start a thread on one section of the design."""
    design = _design(design)
    require_member(design.workspace, by)
    definition = outline_for(design.framework).get(section_key)
    if definition is None:
        raise ValidationError(
            {
                "section_key": _("This design has no section called “%(key)s”.")
                % {"key": section_key}
            }
        )
    comment = Comment.objects.create(
        design=design, section_key=section_key, author=by, body=clean_body(body)
    )
    mentioned = _mention(comment, design=design, by=by, title=definition.title)
    add_activity(
        workspace=design.workspace,
        by=by,
        kind=ActivityKind.COMMENTED,
        design=design,
        subject=definition.title,
    )
    record(
        action="codesign.add_comment",
        by=by,
        obj=comment,
        detail={
            "design": design.pk,
            "section": section_key,
            "mentioned": [user.pk for user in mentioned],
        },
    )
    return comment


@transaction.atomic
def reply(*, comment, body, by):
    """Answer a thread. The reply hangs from the thread's first comment whichever comment of
    the thread was answered; the thread's earlier participants who are still members are
    told, except the replier and anyone already told of a mention."""
    thread = Comment.objects.select_for_update().get(pk=comment.parent_id or comment.pk)
    design = _design(thread.design)
    require_member(design.workspace, by)
    if thread.is_resolved:
        raise ValidationError(_("This thread is resolved: reopen it to reply."))
    new = Comment.objects.create(
        design=design,
        section_key=thread.section_key,
        parent=thread,
        author=by,
        body=clean_body(body),
    )
    title = section_title(design, thread.section_key)
    mentioned = _mention(new, design=design, by=by, title=title)
    told = {by.pk} | {user.pk for user in mentioned}
    earlier = Comment.objects.filter(Q(pk=thread.pk) | Q(parent=thread)).exclude(pk=new.pk)
    participants = list(
        WorkspaceMember.objects.filter(
            workspace=design.workspace, user__in=earlier.values("author")
        )
        .exclude(user__in=told)
        .select_related("user")
        .order_by("pk")
    )
    words = {"who": by, "design": design.title, "section": title}
    for member in participants:
        notify(
            recipient=member.user,
            kind="codesign.reply",
            subject=_("%(who)s replied in “%(design)s”, %(section)s") % words,
            body=_("%(who)s replied on %(section)s of “%(design)s”:") % words + "\n\n" + new.body,
            url=discussion_url(new),
        )
    add_activity(
        workspace=design.workspace,
        by=by,
        kind=ActivityKind.COMMENTED,
        design=design,
        subject=title,
    )
    record(
        action="codesign.reply",
        by=by,
        obj=new,
        detail={
            "design": design.pk,
            "thread": thread.pk,
            "mentioned": [user.pk for user in mentioned],
            "told": [member.user_id for member in participants],
        },
    )
    return new


def _lock_thread(comment, by):
    thread = Comment.objects.select_for_update().get(pk=comment.parent_id or comment.pk)
    design = _design(thread.design)
    seat = require_member(design.workspace, by)
    if not can_resolve(seat, thread):
        raise ValidationError(
            _(
                "Only the workspace's leads and co-authors, and the person who started the "
                "thread, can resolve or reopen it."
            )
        )
    return thread, design


@transaction.atomic
def resolve_thread(*, comment, by):
    thread, design = _lock_thread(comment, by)
    if thread.is_resolved:
        raise ValidationError(_("This thread is already resolved."))
    thread.resolved_at = timezone.now()
    thread.resolved_by = by
    thread.save(update_fields=["resolved_at", "resolved_by"])
    add_activity(
        workspace=design.workspace,
        by=by,
        kind=ActivityKind.COMMENT_RESOLVED,
        design=design,
        subject=section_title(design, thread.section_key),
    )
    record(
        action="codesign.resolve_thread",
        by=by,
        obj=thread,
        detail={"design": design.pk, "section": thread.section_key},
    )
    return thread


@transaction.atomic
def reopen_thread(*, comment, by):
    thread, design = _lock_thread(comment, by)
    if not thread.is_resolved:
        raise ValidationError(_("This thread is open already."))
    thread.resolved_at = None
    thread.resolved_by = None
    thread.save(update_fields=["resolved_at", "resolved_by"])
    add_activity(
        workspace=design.workspace,
        by=by,
        kind=ActivityKind.COMMENT_REOPENED,
        design=design,
        subject=section_title(design, thread.section_key),
    )
    record(
        action="codesign.reopen_thread",
        by=by,
        obj=thread,
        detail={"design": design.pk, "section": thread.section_key},
    )
    return thread


@transaction.atomic
def delete_comment(*, comment, by):
    thread = Comment.objects.select_for_update().get(pk=comment.parent_id or comment.pk)
    comment = Comment.objects.get(pk=comment.pk)
    design = _design(thread.design)
    require_member(design.workspace, by)
    replies = list(thread.replies.order_by("created_at", "pk"))
    if comment.author_id != by.pk:
        raise ValidationError(_("Only its author can delete a comment."))
    if not can_delete(comment, by=by, replies=replies):
        raise ValidationError(
            _("Someone has replied after this comment, so it stays: reply to correct it.")
        )
    record(
        action="codesign.delete_comment",
        by=by,
        obj=design,
        detail={"comment": comment.pk, "thread": thread.pk, "section": comment.section_key},
    )
    comment.delete()
    add_activity(
        workspace=design.workspace,
        by=by,
        kind=ActivityKind.COMMENT_DELETED,
        design=design,
        subject=section_title(design, thread.section_key),
    )
