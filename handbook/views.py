from django.shortcuts import render
from django.utils.translation import gettext as _

from . import search as site_search


def search(request):
    """GET /search/?q=...: pages and glossary terms, anyone may search."""
    raw = request.GET.get("q", "")
    context = {
        # What the visitor typed goes back into the box, cut short if absurdly long.
        "query": raw.strip()[: site_search.MAX_QUERY_LENGTH * 2],
        "searched": "q" in request.GET,
    }
    if context["searched"]:
        try:
            query = site_search.clean_query(raw)
        except site_search.QueryError as error:
            context["error"] = str(error)
        else:
            terms, pages, has_more = site_search.search(query, request)
            context.update(
                query=query,
                term_results=terms,
                page_results=pages,
                has_more_pages=has_more,
                result_count=len(terms) + len(pages),
                max_query_length=site_search.MAX_QUERY_LENGTH,
            )
    context.setdefault("max_query_length", site_search.MAX_QUERY_LENGTH)
    context["home_crumbs"] = [(_("Home"), "/")]
    return render(request, "handbook/search.html", context)
