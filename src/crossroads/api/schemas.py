"""What the API reads and writes: the JSON shapes, which the OpenAPI document publishes.

Changing one changes the API: the snapshot test (tests/api/openapi.snapshot.json) says so.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from ninja import Field, Schema
from pydantic import ConfigDict, StringConstraints

from crossroads.api.paging import DEFAULT_LIMIT, MAX_CURSOR, MAX_LIMIT
from crossroads.content.models import ActorRole, Status
from crossroads.search.criteria import MAX_VALUE_LENGTH, MAX_VALUES, SORTS, WHEN
from crossroads.search.text import MAX_QUERY_CHARS

KindName = Literal["event", "story", "resource", "campaign", "pledge"]
RoleName = Literal[tuple(ActorRole.values)]
WhenName = Literal[WHEN]
SortName = Literal[SORTS]
StatusName = Literal[tuple(Status.values)]
Value = Annotated[str, StringConstraints(max_length=MAX_VALUE_LENGTH)]
Values = Annotated[list[Value], Field(max_length=MAX_VALUES)]


class Error(Schema):
    detail: str = Field(description="What went wrong, in plain words.")
    fields: dict[str, list[str]] | None = Field(
        None, description="For refused changes: the messages about each field."
    )


# -- search parameters: those of /search/ ---------------------------------------------
class SearchParams(Schema):
    """The criteria of /search/, with the same meaning: within a facet, values are
    alternatives; across facets, all must hold."""

    q: str = Field("", max_length=MAX_QUERY_CHARS, description="Words; quotes for a phrase.")
    type: Values = Field([], description="Type of item (workshop, report, press_release…).")
    topic: Values = Field([], description="Topic slug.")
    framework: Values = Field([], description="Framework code (GCM, GCR, SDG…).")
    region: Values = Field([], description="Region (east_africa, sahel…).")
    country: Values = Field([], description="Country code (ISO 3166-1 alpha-2).")
    city: Values = Field([], description="City slug.")
    organisation: Values = Field([], description="Organisation slug.")
    role: RoleName | None = Field(None, description="Narrows `organisation` to this role.")
    attendance: Values = Field([], description="in_person, virtual, hybrid (events).")
    language: Values = Field([], description="Language code of the item or a translation.")
    year: Values = Field([], description="Year.")
    when: WhenName | None = Field(
        None, description="Events only: upcoming (soonest first) or past."
    )
    date_from: dt.date | None = Field(None, alias="from", description="Ending on or after.")
    date_to: dt.date | None = Field(None, alias="to", description="Starting on or before.")
    sort: SortName | None = Field(None, description="With words: relevance (default) or date.")
    cursor: str | None = Field(
        None, max_length=MAX_CURSOR, description="Opaque: from the `next` address."
    )
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Results per page.")


class ItemSearchParams(SearchParams):
    kind: Annotated[list[KindName], Field(max_length=5)] = Field([], description="Kind of item.")


class ListParams(Schema):
    cursor: str | None = Field(
        None, max_length=MAX_CURSOR, description="Opaque: from the `next` address."
    )
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Entries per page.")


# -- references -------------------------------------------------------------------------
class OrganisationRef(Schema):
    slug: str
    name: str
    acronym: str


class Actor(OrganisationRef):
    role: str


class CountryRef(Schema):
    code: str
    name: str


class CityRef(Schema):
    slug: str
    name: str
    country: str = Field(description="Country code.")


class TopicRef(Schema):
    slug: str
    name: str


class FrameworkRef(Schema):
    code: str
    short_name: str
    name: str


class ObjectiveRef(Schema):
    framework: str = Field(description="Framework code.")
    number: int
    title: str


class ItemRef(Schema):
    kind: KindName
    slug: str
    title: str
    url: str


class NetworkRef(Schema):
    slug: str
    name: str
    acronym: str


# -- lists of items ---------------------------------------------------------------------
class EventFacts(Schema):
    start_date: dt.date
    end_date: dt.date
    date_precision: str = Field(description="day, month or year.")
    attendance_mode: str
    venue: str
    city: str
    country: str


class Card(Schema):
    """An item in a list, in the language asked (Accept-Language) when translated."""

    kind: KindName
    slug: str
    type: str
    title: str
    summary: str
    language: str = Field(description="The language of title and summary.")
    published_at: dt.datetime | None
    organisations: list[str] = Field(description="Short names of who it is by.")
    event: EventFacts | None = Field(description="For events: when and where.")
    url: str = Field(description="Its page.")
    api_url: str


class FacetValue(Schema):
    value: str
    label: str
    count: int
    selected: bool


class Facet(Schema):
    name: str
    values: list[FacetValue]


class ItemList(Schema):
    count: int = Field(description="How many results in all.")
    next: str | None = Field(description="The next page, or null on the last.")
    results: list[Card]
    facets: list[Facet] = Field(
        description="Counts of each facet's values: how many results choosing it would give."
    )


# -- items in detail --------------------------------------------------------------------
class Translation(Schema):
    language: str
    title: str
    summary: str
    body: str


class ItemBase(Schema):
    kind: KindName
    slug: str
    type: str
    title: str
    summary: str
    body: str = Field(description="Markdown.")
    language: str
    status: str
    published_at: dt.datetime | None
    updated_at: dt.datetime
    url: str
    translations: list[Translation]
    topics: list[TopicRef]
    frameworks: list[FrameworkRef]
    framework_objectives: list[ObjectiveRef]
    cities: list[CityRef]
    countries: list[CountryRef]
    organisations: list[Actor]


class Version(Schema):
    language: str
    title: str
    format: str
    size: int | None = Field(description="Bytes, for uploaded files.")
    pages: int | None
    url: str = Field(description="The file, or the link.")


class Participant(Schema):
    role: str
    name: str
    affiliation: str
    person: str | None = Field(description="The person's slug.")
    organisation: str | None = Field(description="The organisation's slug.")


class Session(Schema):
    day: dt.date
    start_time: dt.time | None
    end_time: dt.time | None
    title: str
    description: str
    kind: str
    track: str
    participants: list[Participant]


class Document(Schema):
    role: str
    slug: str
    title: str
    url: str
    versions: list[Version]


class Event(ItemBase):
    kind: Literal["event"]
    start_date: dt.date
    end_date: dt.date
    date_precision: str
    start_time: dt.time | None
    end_time: dt.time | None
    timezone: str = Field(description="IANA time zone of the times.")
    attendance_mode: str
    venue: str
    city: CityRef | None
    parent: ItemRef | None
    program_status: str
    objectives: str = Field(description="The event's objectives, Markdown.")
    sessions: list[Session]
    documents: list[Document]


class EventLink(ItemRef):
    role: str


class Resource(ItemBase):
    kind: Literal["resource"]
    versions: list[Version]
    events: list[EventLink] = Field(description="Events where it was presented.")


class Story(ItemBase):
    kind: Literal["story"]
    events: list[ItemRef] = Field(description="Events it reports on.")


class Ask(Schema):
    language: str
    order: int
    text: str


class Campaign(ItemBase):
    kind: Literal["campaign"]
    asks: list[Ask] = Field(description="The asks, in every language they are written in.")
    opens_on: dt.date = Field(description="Open for signing from this day.")
    closes_on: dt.date | None = Field(description="Open for signing until this day (null: no end).")
    is_open: bool = Field(description="Whether it takes signatures today.")
    approval_required: bool = Field(description="Whether the secretariat approves signatures.")
    signatories_public: bool
    signatory_count: int = Field(description="Confirmed signatures.")
    signatories_url: str | None = Field(description="The signatories, when they are public.")


class CampaignSummary(Schema):
    slug: str
    type: str
    title: str
    summary: str
    language: str
    published_at: dt.datetime | None
    opens_on: dt.date
    closes_on: dt.date | None
    is_open: bool
    signatory_count: int
    url: str
    api_url: str


class CampaignList(Schema):
    count: int
    next: str | None = Field(description="The next page, or null on the last.")
    results: list[CampaignSummary]


class Signatory(Schema):
    kind: Literal["city", "organisation"]
    name: str
    slug: str
    country: CountryRef | None
    region: str
    latitude: float | None = Field(description="Cities only.")
    longitude: float | None = Field(description="Cities only.")
    signed_on: dt.date


class SignatoryList(Schema):
    count: int
    next: str | None = Field(description="The next page, or null on the last.")
    results: list[Signatory]


# -- writes -----------------------------------------------------------------------------
class StatusChange(Schema):
    model_config = ConfigDict(extra="forbid")

    status: StatusName


class TextChange(Schema):
    """Only the fields given change."""

    model_config = ConfigDict(extra="forbid")

    title: str | None = Field(None, min_length=1, max_length=300)
    summary: str | None = Field(None, max_length=600)
    body: str | None = Field(None, max_length=100_000)


class ItemState(Schema):
    """An item as its editors see it after a change."""

    kind: KindName
    slug: str
    title: str
    summary: str
    body: str
    status: str
    published_at: dt.datetime | None
    updated_at: dt.datetime
    api_url: str


# -- the directory and vocabularies -----------------------------------------------------
class Organisation(Schema):
    slug: str
    name: str
    acronym: str
    kind: str
    country: CountryRef | None
    website: str
    parent: OrganisationRef | None
    description: str
    url: str


class Membership(Schema):
    network: NetworkRef
    role: str


class OrganisationDetail(Organisation):
    aliases: list[str]
    children: list[OrganisationRef]
    governs: list[CityRef] = Field(description="Cities whose local government it is.")
    secretariat_of: list[NetworkRef]
    memberships: list[Membership]


class City(Schema):
    slug: str
    name: str
    country: CountryRef
    region: str
    latitude: float
    longitude: float
    population: int | None
    timezone: str
    is_intermediary: bool
    local_government: OrganisationRef | None
    url: str


class CityDetail(City):
    aliases: list[str]
    memberships: list[Membership]


class Network(Schema):
    slug: str
    name: str
    acronym: str
    kind: str
    secretariat: OrganisationRef | None
    launched_on: dt.date | None
    launched_precision: str
    region: str
    website: str
    description: str
    member_count: int
    url: str


class Member(Schema):
    role: str
    city: CityRef | None
    organisation: OrganisationRef | None
    start: dt.date | None
    end: dt.date | None


class NetworkDetail(Network):
    members: list[Member]


class Topic(Schema):
    slug: str
    name: str
    description: str
    item_count: int = Field(description="Published items tagged with it.")
    url: str


class Objective(Schema):
    number: int
    title: str
    item_count: int


class Framework(Schema):
    code: str
    name: str
    short_name: str
    adopted_on: dt.date | None
    website: str = Field(description="Its official page.")
    description: str
    item_count: int
    url: str


class FrameworkDetail(Framework):
    objectives: list[Objective]


def page_of(schema: type[Schema], name: str) -> type[Schema]:
    """A page of ``schema`` entries with the next page's address."""
    return type(
        name,
        (Schema,),
        {
            "__annotations__": {"count": int, "next": str | None, "results": list[schema]},
            "__doc__": f"A page of {schema.__name__} entries.",
        },
    )


OrganisationPage = page_of(Organisation, "OrganisationPage")
CityPage = page_of(City, "CityPage")
NetworkPage = page_of(Network, "NetworkPage")
TopicPage = page_of(Topic, "TopicPage")
FrameworkPage = page_of(Framework, "FrameworkPage")
