from django.shortcuts import render

from crossroads.content.models import Kind
from crossroads.content.queries import paginate
from crossroads.search.queries import clean_query, search_items


def search(request):
    """``?q=`` words, ``?kind=`` event, story or resource; anything else is ignored."""
    query = clean_query(request.GET.get("q", ""))
    kind = request.GET.get("kind", "")
    kind = kind if kind in Kind.values else ""
    page = paginate(request, search_items(query, kind=kind)) if query or kind else None
    return render(
        request,
        "search/results.html",
        {
            "query": query,
            "kind": kind,
            "kinds": Kind.choices,
            "page": page,
            "searched": page is not None,
        },
    )
