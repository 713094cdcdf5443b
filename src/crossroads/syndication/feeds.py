"""Atom and RSS feeds beside every list and /search/ (``/news/feed.atom``,
``/search/feed.rss?topic=inclusion``), with Django's syndication framework.

Each feed holds the first ``FEED_LENGTH`` results of its page's criteria in date order
(``selection.select``): the newest first, and for the event list (upcoming by default)
the soonest first, as the page shows them. An entry has the item's title, its address,
its summary (or its body's first paragraph), the organisations it is by, its kind, type
and topics as categories, its publication and last change dates, and for a resource its
documents as enclosures. Addresses are absolute, on ``settings.SITE_URL``.
"""

from __future__ import annotations

import datetime as dt
import html
import mimetypes
from dataclasses import dataclass, field

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed
from django.utils.translation import gettext as _

from crossroads.content.cards import Card
from crossroads.content.dates import format_range
from crossroads.content.links import absolute
from crossroads.content.markup import render_markdown
from crossroads.content.models import Item, Kind
from crossroads.content.text import without_control_characters
from crossroads.library.models import ResourceVersion
from crossroads.syndication.selection import LISTINGS, Listing, Selection, select

#: Entries in a feed.
FEED_LENGTH = 30
#: What a document's format says of its type, when its name says nothing.
UNKNOWN_TYPE = "application/octet-stream"


@dataclass
class Entry:
    """One item of a feed: its card (what its list shows) and what a feed adds."""

    card: Card
    updated_at: dt.datetime | None = None
    topics: list[str] = field(default_factory=list)
    versions: list[ResourceVersion] = field(default_factory=list)


def entries(cards: list[Card]) -> list[Entry]:
    """The feed entries of ``cards``: three queries whatever their number."""
    found = {card.pk: Entry(card) for card in cards}
    if not found:
        return []
    for pk, updated_at in Item.objects.filter(pk__in=found).values_list("pk", "updated_at"):
        found[pk].updated_at = updated_at
    tags = Item.topics.through.objects.filter(item_id__in=found).select_related("topic")
    for tag in tags.order_by("topic__name", "topic_id"):
        found[tag.item_id].topics.append(tag.topic.name)
    resources = [card.pk for card in cards if card.kind == Kind.RESOURCE]
    if resources:
        versions = ResourceVersion.objects.filter(resource_id__in=resources).order_by(
            "language", "pk"
        )
        for version in versions:
            found[version.resource_id].versions.append(version)
    return list(found.values())


def first_paragraph(markdown: str) -> str:
    """The first paragraph of a Markdown text (its first block that is not a heading)."""
    for block in markdown.replace("\r\n", "\n").split("\n\n"):
        block = block.strip()
        if block and not block.startswith("#"):
            return block
    return ""


def enclosure(version: ResourceVersion) -> Enclosure:
    """A document version as an enclosure: an uploaded file (its size known) or a link."""
    if version.file:
        url, name = absolute(version.file.url), version.file.name
    else:
        url, name = version.url, version.url
    mime_type = mimetypes.guess_type(name)[0]
    if mime_type is None and version.format:
        mime_type = mimetypes.guess_type(f"document.{version.format}")[0]
    return Enclosure(url, str(version.size or 0), mime_type or UNKNOWN_TYPE)


class ItemsFeed(Feed):
    """The Atom feed of one list's criteria (``feed_type`` makes it RSS)."""

    feed_type = Atom1Feed

    def __init__(self, listing: Listing):
        super().__init__()
        self.listing = listing

    def get_object(self, request, *args, **kwargs) -> Selection:
        return select(self.listing, request.GET, count=FEED_LENGTH)

    # -- the feed ---------------------------------------------------------------------
    def title(self, selection: Selection) -> str:
        return without_control_characters(
            _("%(criteria)s · Crossroads") % {"criteria": selection.title}
        )

    def link(self, selection: Selection) -> str:
        return selection.page_url

    def feed_url(self, selection: Selection) -> str:
        return selection.file_url(self.file_name)

    def description(self, selection: Selection) -> str:
        total = selection.results.total
        return _("The first %(shown)s of %(total)s results of %(page)s") % {
            "shown": min(total, FEED_LENGTH),
            "total": total,
            "page": selection.page_url,
        }

    subtitle = description

    def items(self, selection: Selection) -> list[Entry]:
        return entries(list(selection.results.page.object_list))

    # -- an entry ---------------------------------------------------------------------
    def item_title(self, entry: Entry) -> str:
        return without_control_characters(entry.card.title)

    def item_link(self, entry: Entry) -> str:
        return absolute(entry.card.get_absolute_url())

    def item_description(self, entry: Entry) -> str:
        """HTML: an event's dates and place, then the summary (or the body's first
        paragraph, rendered as the page renders it)."""
        card = entry.card
        parts = []
        if card.kind == Kind.EVENT:
            when = format_range(card.start_date, card.end_date, card.precision)
            parts.append(" · ".join(part for part in (when, card.place) if part))
        if card.summary:
            parts.append(card.summary)
        rendered = "".join(f"<p>{html.escape(part)}</p>" for part in parts)
        if not card.summary:
            rendered += render_markdown(first_paragraph(card.text)).strip()
        return without_control_characters(rendered)

    def item_author_name(self, entry: Entry) -> str | None:
        return without_control_characters(", ".join(entry.card.leads)) or None

    def item_categories(self, entry: Entry) -> list[str]:
        card = entry.card
        kind = str(Kind(card.kind).label)
        names = [kind, card.type_label, *entry.topics]
        return list(dict.fromkeys(without_control_characters(name) for name in names))

    def item_pubdate(self, entry: Entry) -> dt.datetime | None:
        return entry.card.published_at

    def item_updateddate(self, entry: Entry) -> dt.datetime | None:
        return entry.updated_at

    def item_enclosures(self, entry: Entry) -> list[Enclosure]:
        return [enclosure(version) for version in entry.versions]

    @property
    def file_name(self) -> str:
        return "feed.atom"


class ItemsRssFeed(ItemsFeed):
    """The same as RSS 2.0, which allows one enclosure per entry: the document in the
    language the entry is shown in, or else the first."""

    feed_type = Rss201rev2Feed

    def item_enclosures(self, entry: Entry) -> list[Enclosure]:
        if not entry.versions:
            return []
        language = entry.card.language
        chosen = next((v for v in entry.versions if v.language == language), entry.versions[0])
        return [enclosure(chosen)]

    @property
    def file_name(self) -> str:
        return "feed.rss"


FEEDS = {
    (name, kind): feed(listing)
    for name, listing in LISTINGS.items()
    for kind, feed in (("atom", ItemsFeed), ("rss", ItemsRssFeed))
}
