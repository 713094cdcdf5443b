"""Reads for pledges: the detail page's pledge, its updates and matches, suggested
matches with an explained score, and the tracker's counts — each a fixed number of
queries whatever the number of pledges."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from crossroads.accounts.permissions import items_visible_to
from crossroads.content.models import Item
from crossroads.content.queries import actors_prefetch, translation_prefetch
from crossroads.directory.models import Region
from crossroads.engagement.models import Pledge, PledgeMatch, PledgeType, PledgeUpdate, Progress

#: Suggestions shown on a pledge's page.
SUGGESTIONS = 5
#: The overlaps a suggestion's score counts, in the order its explanation names them.
OVERLAPS = ("topics", "cities", "countries", "frameworks")
_LINKS = {
    "topics": (Item.topics.through, "topic_id"),
    "cities": (Item.cities.through, "city_id"),
    "countries": (Item.countries.through, "country_id"),
    "frameworks": (Item.frameworks.through, "framework_id"),
}
_WORDS = {
    "topics": ("%(count)d topic", "%(count)d topics"),
    "cities": ("%(count)d city", "%(count)d cities"),
    "countries": ("%(count)d country", "%(count)d countries"),
    "frameworks": ("%(count)d framework", "%(count)d frameworks"),
}


def get_pledge_for(user, slug: str) -> Pledge:
    """The pledge page's pledge (editors also see unpublished ones), or 404."""
    queryset = (
        items_visible_to(user, Pledge.objects.all())
        .select_related("forum")
        .prefetch_related(
            translation_prefetch(),
            actors_prefetch(),
            "pledgers__city",
            "pledgers__organisation",
            "pledgers__network",
            "topics",
            "frameworks",
            "framework_objectives__framework",
            "cities",
            "countries",
        )
    )
    return get_object_or_404(queryset, slug=slug)


def updates_of(pledge: Pledge) -> list[PledgeUpdate]:
    """Its updates, newest first, with their evidence."""
    return list(
        pledge.updates.select_related("evidence_resource", "evidence_event").order_by(
            "-date", "-pk"
        )
    )


def matches_of(pledge: Pledge, *, public_only: bool = True) -> list[PledgeMatch]:
    """Its matches, either side (confirmed ones only unless ``public_only`` is false);
    the other side's pledge is ``match.other``."""
    queryset = PledgeMatch.objects.filter(Q(offer=pledge) | Q(need=pledge)).select_related(
        "offer", "need"
    )
    if public_only:
        queryset = queryset.filter(
            confirmed_by_offer_at__isnull=False, confirmed_by_need_at__isnull=False
        )
    found = []
    for match in queryset.order_by("pk"):
        match.other = match.need if match.offer_id == pledge.pk else match.offer
        if public_only and not match.other.is_public:
            continue
        found.append(match)
    return found


@dataclass
class Suggestion:
    pledge: Pledge
    shared: dict[str, int] = field(default_factory=dict)

    @property
    def score(self) -> int:
        return sum(self.shared.values())

    @property
    def explanation(self) -> str:
        parts = [
            ngettext(*_WORDS[name], self.shared[name]) % {"count": self.shared[name]}
            for name in OVERLAPS
            if self.shared.get(name)
        ]
        return _("%(parts)s in common") % {"parts": ", ".join(parts)}


def counterpart_type(pledge: Pledge) -> str | None:
    return {PledgeType.OFFER: PledgeType.NEED, PledgeType.NEED: PledgeType.OFFER}.get(
        pledge.pledge_type
    )


def suggestions(pledge: Pledge, *, limit: int = SUGGESTIONS) -> list[Suggestion]:
    """Published pledges of the other side (needs for an offer, offers for a need), not
    withdrawn nor already matched with it, scored by the topics, cities, countries and
    frameworks they share with it (one point each); best first, then by title and id.
    Six queries at most, whatever the number of pledges."""
    wanted = counterpart_type(pledge)
    if wanted is None:
        return []
    candidates = (
        Pledge.objects.published()
        .filter(pledge_type=wanted)
        .exclude(progress=Progress.WITHDRAWN)
        .exclude(pk=pledge.pk)
        .exclude(matches_offered__need=pledge)
        .exclude(matches_needed__offer=pledge)
        .values("pk")
    )
    shared: dict[int, Counter] = defaultdict(Counter)
    for name in OVERLAPS:
        through, column = _LINKS[name]
        mine = through.objects.filter(item_id=pledge.pk).values(column)
        rows = (
            through.objects.filter(item_id__in=candidates, **{f"{column}__in": mine})
            .values("item_id")
            .annotate(n=Count("pk"))
            .values_list("item_id", "n")
        )
        for item_id, count in rows:
            shared[item_id][name] = count
    if not shared:
        return []
    pledges = {p.pk: p for p in Pledge.objects.filter(pk__in=list(shared)).order_by()}
    found = [Suggestion(pledges[pk], dict(counts)) for pk, counts in shared.items()]
    found.sort(key=lambda s: (-s.score, s.pledge.title, s.pledge.pk))
    return found[:limit]


# -- the tracker ----------------------------------------------------------------------
@dataclass
class Count_:
    label: str
    count: int
    url: str = ""


def _published():
    return Pledge.objects.published()


def by_progress() -> list[Count_]:
    counts = dict(_published().order_by().values_list("progress").annotate(n=Count("pk")))
    return [Count_(str(label), counts.get(value, 0), value) for value, label in Progress.choices]


def by_forum() -> list[Count_]:
    rows = (
        _published().order_by().values_list("forum__title", "forum__slug").annotate(n=Count("pk"))
    )
    found = [Count_(title or _("No forum"), n, slug or "") for title, slug, n in rows]
    return sorted(found, key=lambda c: (-c.count, c.label))


def by_framework() -> list[Count_]:
    rows = (
        Item.frameworks.through.objects.filter(item_id__in=_published().values("pk"))
        .order_by()
        .values_list("framework__short_name", "framework__code")
        .annotate(n=Count("item_id", distinct=True))
    )
    found = [Count_(name, n, code) for name, code, n in rows]
    return sorted(found, key=lambda c: (-c.count, c.label))


def by_region() -> list[Count_]:
    """Pledges per region of their cities and countries (a pledge counts once per
    region); pledges with no place are not counted."""
    pks = _published().values("pk")
    regions: dict[str, set[int]] = defaultdict(set)
    for item_id, region in (
        Item.cities.through.objects.filter(item_id__in=pks)
        .values_list("item_id", "city__region")
        .distinct()
    ):
        if region:
            regions[region].add(item_id)
    for item_id, region in (
        Item.countries.through.objects.filter(item_id__in=pks)
        .values_list("item_id", "country__region")
        .distinct()
    ):
        if region:
            regions[region].add(item_id)
    names = dict(Region.choices)
    found = [Count_(str(names.get(r, r)), len(ids), r) for r, ids in regions.items()]
    return sorted(found, key=lambda c: (-c.count, c.label))


def by_year() -> list[Count_]:
    """Pledges by the year they start, else the year they were published; oldest first."""
    years = Counter(
        (starts_on or published_at).year
        for starts_on, published_at in _published().values_list("starts_on", "published_at")
    )
    return [Count_(str(year), years[year]) for year in sorted(years)]
