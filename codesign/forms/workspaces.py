from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from ..models import WorkspaceRole
from ..uploads import FILE_MAX_BYTES, STATED_EXTENSIONS

ROLE_HELP = _(
    "Leads invite people and manage members; co-authors write the designs and share files; "
    "commenters read and comment."
)


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_("The invitation goes to this address; it works for 7 days, once."),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    role = forms.ChoiceField(
        label=_("Role"),
        choices=WorkspaceRole.choices,
        initial=WorkspaceRole.CO_AUTHOR,
        help_text=ROLE_HELP,
    )


class RoleForm(forms.Form):
    member = forms.IntegerField(widget=forms.HiddenInput)
    role = forms.ChoiceField(label=_("Role"), choices=WorkspaceRole.choices)


INDEPENDENT = ""


class JoinForm(forms.Form):
    """Whom the person speaks for in the workspace: one of their verified organisations, or
    nobody (an independent expert)."""

    organisation = forms.ChoiceField(
        label=_("You take part for"),
        widget=forms.RadioSelect,
        required=False,
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisations = {str(organisation.pk): organisation for organisation in organisations}
        self.fields["organisation"].choices = [
            *(
                (pk, f"{organisation} ({organisation.get_kind_display()})")
                for pk, organisation in self.organisations.items()
            ),
            (INDEPENDENT, _("No organisation: I take part as an independent expert")),
        ]
        self.fields["organisation"].initial = next(iter(self.organisations), INDEPENDENT)

    def clean_organisation(self):
        return self.organisations.get(self.cleaned_data["organisation"])


class FileForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        # The browser's file picker offers these first; the server checks name and content.
        widget=forms.FileInput(
            attrs={"accept": ",".join(f".{extension}" for extension in STATED_EXTENSIONS)}
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("Up to %(size)s. Accepted: %(types)s.") % {
            "size": filesizeformat(FILE_MAX_BYTES),
            "types": ", ".join(STATED_EXTENSIONS),
        }
