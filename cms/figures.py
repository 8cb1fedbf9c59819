"""Headline figures for the home page, gathered from every app through a Wagtail hook.

An app adds its own by registering a function in its wagtail_hooks.py:

    @hooks.register("portal_headline_figures")
    def my_figures():
        pilots = Pilot.objects.count()
        return [
            HeadlineFigure(value=pilots, label=ngettext("pilot", "pilots", pilots), url="/...")
        ]

The label is the words after the number, in the number's grammatical number (ngettext, so
that translators give each language its own plural forms).

Only real, non-zero counts are shown: a figure whose value is 0 or None is left out.
"""

from dataclasses import dataclass

from wagtail import hooks

HOOK_NAME = "portal_headline_figures"


@dataclass(frozen=True)
class HeadlineFigure:
    value: int | None
    label: str
    url: str = ""
    order: int = 100


def headline_figures():
    figures = []
    for hook in hooks.get_hooks(HOOK_NAME):
        figures.extend(hook() or [])
    return sorted((f for f in figures if f.value), key=lambda f: (f.order, f.label))
