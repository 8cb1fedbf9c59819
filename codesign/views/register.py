"""The public register's pages."""

from django.shortcuts import get_object_or_404, render

from ..models import RegisterEntry


def entry(request, identifier):
    entry = get_object_or_404(RegisterEntry, identifier=identifier)
    return render(request, "codesign/register/entry.html", {"entry": entry})
