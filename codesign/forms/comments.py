from django import forms
from django.utils.translation import gettext_lazy as _

from portal.text import TextField

from ..actions.comments import COMMENT_MAX_LENGTH


class CommentForm(forms.Form):
    body = TextField(
        label=_("Your comment"),
        max_length=COMMENT_MAX_LENGTH,
        help_text=_(
            "Plain text, at most 5,000 characters. Mention a member by typing @ and their "
            "handle (see the list of members)."
        ),
    )


class ReplyForm(forms.Form):
    body = TextField(
        label=_("Your reply"),
        max_length=COMMENT_MAX_LENGTH,
        help_text=_("Plain text, at most 5,000 characters; @handle mentions a member."),
    )
