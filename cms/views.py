"""Views of the CMS admin that differ from Wagtail's own."""

from wagtail.contrib.forms.views import SubmissionsListView

from portal.spreadsheets import SafeSpreadsheetExportMixin


class ContactSubmissionsListView(SafeSpreadsheetExportMixin, SubmissionsListView):
    """Wagtail's list of contact messages; its CSV and XLSX exports carry no live formulas
    (the messages are written by anyone on the internet)."""
