"""Pledge pages: the list (through the search engine), a pledge with its updates and
matches (and, for its editors, the forms proposing and confirming matches), and the
tracker."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from crossroads.content.charts import bar_chart
from crossroads.engagement.models import Pledge, PledgeMatch
from crossroads.engagement.pledges import queries, services
from crossroads.search.criteria import FACETS
from crossroads.search.views import results_page

PLEDGE_FACETS = tuple(facet for facet in FACETS if facet not in {"kind", "attendance"})


def pledge_list(request):
    """Published pledges, newest first, with every search criterion and their status."""
    return results_page(
        request,
        title=_("Pledges"),
        template="engagement/pledges/list.html",
        fixed={"kind": ("pledge",)},
        facets=PLEDGE_FACETS,
    )


def pledge_detail(request, slug: str):
    pledge = queries.get_pledge_for(request.user, slug)
    edits = services.can_edit_pledge(request.user, pledge)
    return render(
        request,
        "engagement/pledges/detail.html",
        {
            "pledge": pledge,
            "item": pledge,
            "updates": queries.updates_of(pledge),
            "matches": queries.matches_of(pledge),
            "pending": _pending(pledge) if edits else [],
            "suggestions": queries.suggestions(pledge) if edits else [],
            "edits": edits,
        },
    )


def _pending(pledge: Pledge) -> list[PledgeMatch]:
    """Its matches not yet confirmed by both sides, each saying whether this side has."""
    pending = [m for m in queries.matches_of(pledge, public_only=False) if not m.confirmed]
    for match in pending:
        mine = (
            match.confirmed_by_offer_at
            if match.offer_id == pledge.pk
            else match.confirmed_by_need_at
        )
        match.awaits_this_side = mine is None
    return pending


def _int(value) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 2**31 else None


@require_POST
def propose(request, slug: str):
    """An editor of this pledge proposes a match with another (``other``: its id)."""
    pledge = queries.get_pledge_for(request.user, slug)
    other_id = _int(request.POST.get("other"))
    if other_id is None:
        return render(request, "400.html", status=400)
    other = get_object_or_404(Pledge.objects.published(), pk=other_id)
    try:
        services.propose_match(pledge=pledge, other=other, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("pledges:detail", slug=pledge.slug)
    messages.success(request, _("Match proposed: it holds once the other side confirms it."))
    return redirect("pledges:detail", slug=pledge.slug)


@require_POST
def confirm(request, slug: str):
    """An editor of either side confirms a match (``match``: its id)."""
    pledge = queries.get_pledge_for(request.user, slug)
    match_id = _int(request.POST.get("match"))
    if match_id is None:
        return render(request, "400.html", status=400)
    match = get_object_or_404(
        PledgeMatch.objects.select_related("offer", "need").filter(
            Q(offer=pledge) | Q(need=pledge)
        ),
        pk=match_id,
    )
    match = services.confirm_match(match=match, by=request.user)
    if match.confirmed:
        messages.success(request, _("Match confirmed by both sides."))
    else:
        messages.success(request, _("Confirmed for your side: the other side still has to."))
    return redirect("pledges:detail", slug=pledge.slug)


def tracker(request):
    """Counts of published pledges by status, forum, framework, region and year, each a
    chart with the table of its numbers."""
    sections = [
        ("status", _("By status"), queries.by_progress()),
        ("forum", _("By forum"), queries.by_forum()),
        ("framework", _("By framework"), queries.by_framework()),
        ("region", _("By region"), queries.by_region()),
        ("year", _("By year") + " " + _("(start, else publication)"), queries.by_year()),
    ]
    charts = []
    for key, title, rows in sections:
        top = max((row.count for row in rows), default=0)
        chart = bar_chart(
            [(row.label, [(row.count, str(row.count))]) for row in rows], scale_to=top
        )
        charts.append({"key": key, "title": title, "rows": rows, "chart": chart})
    total = sum(row.count for row in charts[0]["rows"])
    return render(request, "engagement/pledges/tracker.html", {"charts": charts, "total": total})
