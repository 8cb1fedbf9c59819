from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import GlossaryTerm


class GlossaryTermViewSet(SnippetViewSet):
    model = GlossaryTerm
    icon = "help"
    menu_label = "Glossary"
    menu_order = 210
    add_to_admin_menu = True
    list_display = ["term", "slug", "updated_at"]
    search_fields = ["term", "synonyms", "definition"]
    ordering = ["term"]


register_snippet(GlossaryTermViewSet)
