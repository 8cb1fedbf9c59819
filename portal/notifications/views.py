from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from . import actions
from .forms import FrequencyForm
from .models import Notification

RECENT = 20


@login_required
def notification_settings(request):
    form = FrequencyForm(
        request.POST or None, initial={"frequency": actions.frequency_for(request.user)}
    )
    if request.method == "POST" and form.is_valid():
        actions.set_frequency(user=request.user, frequency=form.cleaned_data["frequency"])
        messages.success(request, _("Your notification setting is saved."))
        return redirect("notifications:settings")
    return render(
        request,
        "notifications/settings.html",
        {
            "form": form,
            "recent": Notification.objects.for_user(request.user)[:RECENT],
        },
    )
