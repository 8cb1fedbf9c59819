"""The discussion of a design's section: threads of comments, replies, resolving."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from .. import mentions
from ..actions import comments as actions
from ..forms.comments import CommentForm, ReplyForm
from ..models import Comment, Design, WorkspaceMember
from ..sections import outline_for

THREADS_PAGE_SIZE = 20


def _visible_design(request, pk):
    """The design, to its workspace's members and project staff; 404 to anyone else."""
    return get_object_or_404(
        Design.objects.visible_to(request.user).select_related("workspace", "framework"), pk=pk
    )


def _visible_comment(request, pk):
    """The comment, if its design is visible to the person; 404 otherwise, so an id from
    another workspace's design reveals nothing."""
    return get_object_or_404(
        Comment.objects.filter(design__in=Design.objects.visible_to(request.user)).select_related(
            "design", "design__workspace", "design__framework"
        ),
        pk=pk,
    )


def _only_post(request):
    # Checked after the access check, so a stranger learns nothing from a 405.
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    return None


def _section_title_or_404(design, key, outline=None):
    definition = (outline or outline_for(design.framework)).get(key)
    if definition is not None:
        return definition.title
    # A section the design no longer has still shows the comments made on it.
    if Comment.objects.filter(design=design, section_key=key).exists():
        return key
    raise Http404


def _discussion_url(design, key):
    return reverse("codesign:section_comments", kwargs={"pk": design.pk, "key": key})


def _page_number(request, threads, thread_pk):
    """The page asked for, or the page the thread is on now (threads move as they are
    answered and resolved, so a link names the thread, not a page)."""
    if request.GET.get("page") or thread_pk is None:
        return request.GET.get("page")
    order = list(threads.prefetch_related(None).values_list("pk", flat=True))
    if thread_pk not in order:
        return 1
    return order.index(thread_pk) // THREADS_PAGE_SIZE + 1


def _tell_unknown_handles(request, comment):
    for handle in comment.unknown_handles:
        messages.warning(
            request,
            _("No member has the handle @%(handle)s: it is shown as plain text.")
            % {"handle": handle},
        )


def _render_discussion(
    request, design, key, *, new_form=None, failed_thread=None, failed_reply=None
):
    outline = outline_for(design.framework)
    title = _section_title_or_404(design, key, outline)
    members = list(
        WorkspaceMember.objects.filter(workspace=design.workspace).select_related("user")
    )
    seat = next((member for member in members if member.user_id == request.user.pk), None)
    handles = {member.handle.lower() for member in members}
    threads_in_order = Comment.objects.discussion(design, key)
    if failed_thread is not None:
        shown = failed_thread.pk
    else:
        shown = request.GET.get("thread", "")
        shown = int(shown) if shown.isdigit() else None
    page = Paginator(threads_in_order, THREADS_PAGE_SIZE).get_page(
        _page_number(request, threads_in_order, shown)
    )
    threads = []
    for thread in page:
        replies = list(thread.replies.all())
        for comment in (thread, *replies):
            comment.body_html = mentions.marked_paragraphs(comment.body, handles)
            comment.can_delete = actions.can_delete(comment, by=request.user, replies=replies)
        if thread.pk == getattr(failed_thread, "pk", None):
            # Shown even on a resolved thread, with what was typed and why it was refused.
            reply_form = failed_reply
        elif seat is not None and not thread.is_resolved:
            reply_form = ReplyForm(prefix=f"reply-{thread.pk}")
        else:
            reply_form = None
        threads.append(
            {
                "thread": thread,
                "replies": replies,
                "can_resolve": actions.can_resolve(seat, thread),
                "reply_form": reply_form,
            }
        )
    return render(
        request,
        "codesign/comments/discussion.html",
        {
            "design": design,
            "section_key": key,
            "section_title": title,
            "can_comment": seat is not None and outline.get(key) is not None,
            "new_form": new_form or CommentForm(),
            "members": members,
            "threads": threads,
            "page": page,
        },
    )


def section_comments(request, pk, key):
    design = _visible_design(request, pk)
    return _render_discussion(request, design, key)


def comment_new(request, pk):
    design = _visible_design(request, pk)
    if not_allowed := _only_post(request):
        return not_allowed
    key = request.POST.get("section", "")
    if outline_for(design.framework).get(key) is None:
        # A section key the design does not have was not typed by anyone: it is forged.
        raise Http404
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            comment = actions.add_comment(
                design=design, section_key=key, body=form.cleaned_data["body"], by=request.user
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("Your comment is saved."))
            _tell_unknown_handles(request, comment)
            return redirect(actions.discussion_url(comment))
    return _render_discussion(request, design, key, new_form=form)


def comment_reply(request, pk):
    comment = _visible_comment(request, pk)
    if not_allowed := _only_post(request):
        return not_allowed
    thread = comment if comment.parent_id is None else comment.parent
    form = ReplyForm(request.POST, prefix=f"reply-{thread.pk}")
    if form.is_valid():
        try:
            new = actions.reply(comment=comment, body=form.cleaned_data["body"], by=request.user)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("Your reply is saved."))
            _tell_unknown_handles(request, new)
            return redirect(actions.discussion_url(new))
    return _render_discussion(
        request, comment.design, comment.section_key, failed_thread=thread, failed_reply=form
    )


def _change_thread(request, pk, action, done):
    comment = _visible_comment(request, pk)
    if not_allowed := _only_post(request):
        return not_allowed
    try:
        thread = action(comment=comment, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        thread = comment.parent or comment
    else:
        messages.success(request, done)
    return redirect(actions.discussion_url(thread))


def comment_resolve(request, pk):
    return _change_thread(request, pk, actions.resolve_thread, _("The thread is resolved."))


def comment_reopen(request, pk):
    return _change_thread(request, pk, actions.reopen_thread, _("The thread is open again."))


def comment_delete(request, pk):
    comment = _visible_comment(request, pk)
    if not_allowed := _only_post(request):
        return not_allowed
    design, key = comment.design, comment.section_key
    thread = comment.parent or comment
    replies = list(thread.replies.order_by("created_at", "pk"))
    if not actions.can_delete(comment, by=request.user, replies=replies):
        messages.error(
            request,
            _("Only its author can delete a comment, and only while nobody has replied after it."),
        )
        return redirect(actions.discussion_url(comment))
    if request.POST.get("confirm") != "yes":
        # Deleting cannot be undone: ask once, without JavaScript.
        comment.body_html = mentions.marked_paragraphs(comment.body, set())
        return render(
            request,
            "codesign/comments/delete_confirm.html",
            {
                "design": design,
                "comment": comment,
                "section_title": _section_title_or_404(design, key),
                "back_url": actions.discussion_url(comment),
            },
        )
    try:
        actions.delete_comment(comment=comment, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(actions.discussion_url(comment))
    messages.success(request, _("Your comment is deleted."))
    return redirect(_discussion_url(design, key))
