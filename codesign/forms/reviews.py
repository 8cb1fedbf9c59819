"""Forms of quality review: submitting, the rubric, the decision, assigning reviewers."""

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.text import TextField

from ..actions.reviews import COMMENT_MAX_LENGTH, COVER_NOTE_MAX_LENGTH, REASONS_MAX_LENGTH
from ..models import Decision, Judgement


class AuthorityChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class SubmitForm(forms.Form):
    """The authority to submit to (a choice only when there are several) and a cover note."""

    authority = AuthorityChoiceField(
        label=_("Quality authority"),
        queryset=None,
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the quality authority to submit to.")},
    )
    cover_note = TextField(
        label=_("Cover note"),
        required=False,
        max_length=COVER_NOTE_MAX_LENGTH,
        help_text=_(
            "Optional: what the reviewers should know. Plain text, at most 5,000 characters."
        ),
    )

    def __init__(self, *args, authorities, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["authority"]
        field.queryset = authorities
        self.authorities = list(authorities)
        self.single_authority = self.authorities[0] if len(self.authorities) == 1 else None
        if self.single_authority is not None:
            field.widget = forms.HiddenInput()
            field.initial = self.single_authority.pk


class ResubmitForm(forms.Form):
    cover_note = TextField(
        label=_("What changed, and why"),
        required=False,
        max_length=COVER_NOTE_MAX_LENGTH,
        help_text=_(
            "Tell the reviewers how the design answers the changes they asked for. Plain text, "
            "at most 5,000 characters."
        ),
    )


class RubricForm(forms.Form):
    """One judgement and one comment per criterion of the rubric."""

    def __init__(self, *args, rubric, judged, **kwargs):
        super().__init__(*args, **kwargs)
        self.rubric = rubric
        for criterion in rubric:
            existing = judged.get(criterion.key)
            self.fields[f"judgement_{criterion.key}"] = forms.ChoiceField(
                label=criterion.label,
                choices=Judgement.choices,
                required=False,
                widget=forms.RadioSelect,
                initial=existing.judgement if existing else None,
            )
            self.fields[f"comment_{criterion.key}"] = TextField(
                label=_("Comment on “%(criterion)s”") % {"criterion": criterion.label},
                required=False,
                max_length=COMMENT_MAX_LENGTH,
                initial=existing.comment if existing else "",
                widget=forms.Textarea(attrs={"rows": 3}),
            )

    def rows(self):
        """(criterion, judgement field, comment field) for each criterion, in order."""
        return [
            (criterion, self[f"judgement_{criterion.key}"], self[f"comment_{criterion.key}"])
            for criterion in self.rubric
        ]

    def judgements(self):
        return {
            criterion.key: (
                self.cleaned_data.get(f"judgement_{criterion.key}") or "",
                self.cleaned_data.get(f"comment_{criterion.key}") or "",
            )
            for criterion in self.rubric
        }

    def add_action_errors(self, error):
        """Put each of the action's messages beside the field it names."""
        by_key = error.error_dict if hasattr(error, "error_dict") else {None: error.error_list}
        for key, errors in by_key.items():
            for item in errors:
                name = f"comment_{key}" if item.code == "comment" else f"judgement_{key}"
                self.add_error(name if name in self.fields else None, item)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=Decision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose approve, request changes or reject.")},
    )
    reasons = TextField(
        label=_("Reasons"),
        required=False,
        max_length=REASONS_MAX_LENGTH,
        help_text=_(
            "Required to request changes or to reject; the workspace reads them with the "
            "rubric. Plain text, at most 10,000 characters."
        ),
    )


class ReviewerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj} ({obj.email})" if obj.display_name else obj.email


class AssignForm(forms.Form):
    reviewer = ReviewerChoiceField(
        label=_("Reviewer"),
        queryset=None,
        error_messages={"required": _("Choose a member of the authority.")},
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = candidates


AWAITING = "in_review"
QUEUE_FILTERS = (
    (AWAITING, _("Awaiting a decision")),
    ("changes_requested", _("Changes requested")),
    ("approved", _("Approved")),
    ("rejected", _("Rejected")),
    ("withdrawn", _("Withdrawn")),
    ("all", _("All")),
)


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Show"), choices=QUEUE_FILTERS, required=False)
    mine = forms.BooleanField(label=_("Only the submissions I review"), required=False)

    def chosen(self):
        """(status, mine), the defaults for anything missing or wrong."""
        if not self.is_valid():
            return AWAITING, False
        return self.cleaned_data["status"] or AWAITING, self.cleaned_data["mine"]
