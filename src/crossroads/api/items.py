"""Items: lists through the search engine (the criteria and facets of /search/), pages
in detail, and the editors' writes (workflow status, plain text)."""

from __future__ import annotations

from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404
from ninja import Path, Query, Router

from crossroads.accounts.permissions import items_visible_to
from crossroads.api import payloads, schemas
from crossroads.api.auth import TokenAuth, caller
from crossroads.api.paging import next_url, read_position
from crossroads.api.services import update_item_text
from crossroads.content import ratelimit
from crossroads.content.models import SLUG_PATTERN, Item, ItemTranslation, Kind
from crossroads.content.services import change_status
from crossroads.engagement.campaigns import queries as campaigns
from crossroads.events.queries import get_event_for
from crossroads.events.views import EVENT_FACETS
from crossroads.library.queries import get_resource_for
from crossroads.library.views import RESOURCE_FACETS
from crossroads.news.queries import get_story_for
from crossroads.news.views import STORY_FACETS
from crossroads.search import engine
from crossroads.search.criteria import FACETS, Criteria

router = Router()

Slug = Path(..., pattern=SLUG_PATTERN, max_length=200, description="The item's slug.")
READ_ERRORS = {304: None, 400: schemas.Error, 401: schemas.Error}
DETAIL_ERRORS = {**READ_ERRORS, 404: schemas.Error}
WRITE_ERRORS = {
    400: schemas.Error,
    401: schemas.Error,
    403: schemas.Error,
    404: schemas.Error,
    429: schemas.Error,
}


# -- lists --------------------------------------------------------------------------------
def _criteria(params: schemas.SearchParams, kind: str | None) -> Criteria:
    """The validated parameters read as /search/ reads its query string."""
    query = QueryDict(mutable=True)
    for facet in FACETS:
        query.setlist(facet, list(getattr(params, facet, ())))
    for name, value in (
        ("q", params.q),
        ("role", params.role),
        ("when", params.when),
        ("from", params.date_from and params.date_from.isoformat()),
        ("to", params.date_to and params.date_to.isoformat()),
        ("sort", params.sort),
    ):
        if value:
            query[name] = value
    return Criteria.from_query(query, **({"selected": {"kind": (kind,)}} if kind else {}))


def search_list(request, params: schemas.SearchParams, *, kind=None, facets=FACETS) -> dict:
    caller(request)  # a token, when given, must be valid
    position = read_position(params.cursor, params.limit)
    results = engine.search(
        _criteria(params, kind), page=position.page, per_page=position.limit, facets=facets
    )
    page = results.page
    past_the_end = page.number != position.page  # the engine shows the last page instead
    cards = [] if past_the_end else page.object_list
    more = not past_the_end and page.has_next()
    return {
        "count": results.total,
        "next": next_url(request, position) if more else None,
        "results": [payloads.card(request, card) for card in cards],
        "facets": [
            {
                "name": group.name,
                "values": [
                    {
                        "value": value.value,
                        "label": str(value.label),
                        "count": value.count,
                        "selected": value.selected,
                    }
                    for value in group.values
                ],
            }
            for group in results.facets
        ],
    }


@router.get(
    "/items/",
    response={200: schemas.ItemList, **READ_ERRORS},
    url_name="items",
    tags=["items"],
    summary="Search every published item",
)
def item_list(request, params: Query[schemas.ItemSearchParams]):
    """Events, stories, resources and campaigns: the results and facets of /search/."""
    return search_list(request, params)


@router.get(
    "/events/",
    response={200: schemas.ItemList, **READ_ERRORS},
    url_name="events",
    tags=["events"],
    summary="Search events",
)
def event_list(request, params: Query[schemas.SearchParams]):
    """Published events, newest first; `when=upcoming` for those to come, soonest first."""
    return search_list(request, params, kind=Kind.EVENT, facets=EVENT_FACETS)


@router.get(
    "/stories/",
    response={200: schemas.ItemList, **READ_ERRORS},
    url_name="stories",
    tags=["stories"],
    summary="Search news stories",
)
def story_list(request, params: Query[schemas.SearchParams]):
    return search_list(request, params, kind=Kind.STORY, facets=STORY_FACETS)


@router.get(
    "/resources/",
    response={200: schemas.ItemList, **READ_ERRORS},
    url_name="resources",
    tags=["resources"],
    summary="Search library resources",
)
def resource_list(request, params: Query[schemas.SearchParams]):
    return search_list(request, params, kind=Kind.RESOURCE, facets=RESOURCE_FACETS)


# -- details ------------------------------------------------------------------------------
def _with_translations(item: Item) -> Item:
    prefetch_related_objects(
        [item],
        Prefetch(
            "translations",
            queryset=ItemTranslation.objects.order_by("language"),
            to_attr="api_translations",
        ),
    )
    return item


def _event(request, slug: str) -> dict:
    return payloads.event(request, _with_translations(get_event_for(caller(request), slug)))


def _story(request, slug: str) -> dict:
    return payloads.story(request, _with_translations(get_story_for(caller(request), slug)))


def _resource(request, slug: str) -> dict:
    resource = get_resource_for(caller(request), slug)
    return payloads.resource(request, _with_translations(resource))


def _campaign(request, slug: str) -> dict:
    campaign = _with_translations(campaigns.get_campaign_for(caller(request), slug))
    count = campaigns.signatory_count(campaign)
    return payloads.campaign(request, campaign, signatory_count=count)


DETAILS = {
    Kind.EVENT: _event,
    Kind.STORY: _story,
    Kind.RESOURCE: _resource,
    Kind.CAMPAIGN: _campaign,
}


@router.get(
    "/items/{slug}",
    response={
        200: schemas.Event | schemas.Story | schemas.Resource | schemas.Campaign,
        **DETAIL_ERRORS,
    },
    url_name="item",
    tags=["items"],
    summary="An item of any kind",
)
def item_detail(request, slug: str = Slug):
    """The event, story, resource or campaign with this slug (its `kind` says which)."""
    kind = Item.objects.filter(slug=slug).values_list("kind", flat=True).first()
    if kind not in DETAILS:  # none, or a kind without its API detail yet (pledges)
        raise Http404
    return DETAILS[kind](request, slug)


@router.get(
    "/events/{slug}",
    response={200: schemas.Event, **DETAIL_ERRORS},
    url_name="event",
    tags=["events"],
    summary="An event with its programme and documents",
)
def event_detail(request, slug: str = Slug):
    return _event(request, slug)


@router.get(
    "/stories/{slug}",
    response={200: schemas.Story, **DETAIL_ERRORS},
    url_name="story",
    tags=["stories"],
    summary="A news story",
)
def story_detail(request, slug: str = Slug):
    return _story(request, slug)


@router.get(
    "/resources/{slug}",
    response={200: schemas.Resource, **DETAIL_ERRORS},
    url_name="resource",
    tags=["resources"],
    summary="A resource with its language versions",
)
def resource_detail(request, slug: str = Slug):
    return _resource(request, slug)


# -- writes -------------------------------------------------------------------------------
def _editable(request, slug: str) -> Item:
    """The item to change: 404 when the caller may not even see it. Each write counts
    against its token's rate limit first (429 once over it)."""
    ratelimit.enforce("api-write-token", request.headers["Authorization"])
    return get_object_or_404(items_visible_to(request.auth, Item.objects.all()), slug=slug)


@router.post(
    "/items/{slug}/status",
    response={200: schemas.ItemState, **WRITE_ERRORS},
    auth=TokenAuth(),
    url_name="item-status",
    tags=["editing"],
    summary="Move an item through the workflow",
)
def item_status(request, change: schemas.StatusChange, slug: str = Slug):
    """Draft, review, published, archived: the moves the admin allows, to its editors."""
    item = change_status(item=_editable(request, slug), status=change.status, by=request.auth)
    return payloads.item_state(request, item)


@router.patch(
    "/items/{slug}",
    response={200: schemas.ItemState, **WRITE_ERRORS},
    auth=TokenAuth(),
    url_name="item-text",
    tags=["editing"],
    summary="Change an item's title, summary or body",
)
def item_text(request, change: schemas.TextChange, slug: str = Slug):
    changes = change.model_dump(exclude_unset=True, exclude_none=True)
    item = update_item_text(item=_editable(request, slug), by=request.auth, **changes)
    return payloads.item_state(request, item)
