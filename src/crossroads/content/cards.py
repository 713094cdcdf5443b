"""Item cards: how an event, a story or a resource appears in every list (pages of
results, the home page, related items, a city's or a topic's items).

A page of results shows twenty cards. Put together through template nodes they cost
more than the search that found them (each card's dozen lookups, filters and an
included template), so they are put together here, each value escaped.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import get_current_timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from crossroads.content.dates import DatePrecision, format_date, format_range
from crossroads.content.links import addressing, url_for
from crossroads.content.models import URL_NAMESPACES, Item, Kind, type_names

#: Words of a summary shown on a card.
SUMMARY_WORDS = 40


def _escaped(value) -> str:
    """``value`` as HTML: escaped, unless it is already HTML (as ``conditional_escape``
    does, without the checks for lazy strings it makes on every call: a page shows
    twenty cards of a dozen values each). ``html.escape`` escapes exactly as Django's
    ``escape`` does."""
    return value.__html__() if hasattr(value, "__html__") else html.escape(str(value))


def _first_words(text: str, count: int) -> str:
    """The first ``count`` words of ``text``, and " …" if there are more (what Django's
    ``truncatewords`` shows, without its lazy wrapping: a card per result)."""
    words = text.split(maxsplit=count)
    return " ".join(words[:count]) + " …" if len(words) > count else " ".join(words)


@dataclass
class Card:
    """What a card shows of an item, in the active language. Lists of models make theirs
    with ``Card.of``; lists of ids (pages of results, related items) read theirs from the
    tables in two statements (``queries.cards_in_order``): building the models with their
    kind, place, translation and organisations cost more than the search that found them."""

    pk: int
    kind: str
    slug: str
    #: The value of the kind's type field ("workshop", "policy_brief").
    type: str
    title: str
    summary: str
    language: str
    #: What a snippet is cut from: the summary, or the body when there is none.
    text: str
    published_at: dt.datetime | None
    #: Short names of the organisations it is by (organisers, hosts, publishers).
    leads: list[str]
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    precision: str = ""
    attendance_mode: str = ""
    venue: str = ""
    city: str = ""
    country: str = ""
    #: Set by pages of results: the part of the text matching the query.
    snippet: SafeString | None = None

    @classmethod
    def of(cls, item: Item) -> Card:
        """The card of a model (its kind's row, translation and organisations at hand:
        see ``queries.with_card_data``)."""
        specific = item.specific
        card = cls(
            pk=item.pk,
            kind=item.kind,
            slug=item.slug,
            type=getattr(specific, specific.type_field),
            title=item.display_title,
            summary=item.display_summary,
            language=item.display_language,
            text=item.display_summary or item.display_body,
            published_at=item.published_at,
            leads=[organisation.short_name for organisation in item.lead_organisations],
        )
        if item.kind == Kind.EVENT:
            city = specific.city
            card.start_date, card.end_date = specific.start_date, specific.end_date
            card.precision, card.attendance_mode = specific.date_precision, specific.attendance_mode
            card.venue = specific.venue
            card.city, card.country = (city.name, city.country.name) if city else ("", "")
        return card

    def get_absolute_url(self, addressed: tuple[str, str, str] | None = None) -> str:
        return url_for(f"{URL_NAMESPACES[self.kind]}:detail", self.slug, addressed=addressed)

    def type_in(self, language: str) -> str:
        """The name of the card's type in ``language``."""
        return type_names(self.kind, language).get(self.type, self.type)

    @property
    def type_label(self) -> str:
        return self.type_in(get_language())

    @property
    def place(self) -> str:
        """Where an event takes place, in short: "Kisumu, Kenya", "Online", "Nairobi,
        Kenya with online participation"; empty when nothing is known."""
        # The values of ``events.models.AttendanceMode``.
        if self.attendance_mode == "virtual":
            return _("Online")
        place = f"{self.city}, {self.country}" if self.city else self.venue
        if place and self.attendance_mode == "hybrid":
            online = _("with online participation")  # outside the f-string, for xgettext
            return f"{place} {online}"
        return place


@dataclass(frozen=True)
class _Shown:
    """What every card of a list is shown in: looked up once per list (each is a lookup
    of the request's state, and a list has twenty cards)."""

    language: str
    addressed: tuple[str, str, str]
    timezone: dt.tzinfo
    by: str

    @classmethod
    def now(cls) -> _Shown:
        return cls(get_language(), addressing(), get_current_timezone(), _escaped(_("By:")))


def _when(card: Card, shown: _Shown) -> str:
    if card.kind == Kind.EVENT:
        span = format_range(card.start_date, card.end_date, card.precision, language=shown.language)
        when = f'<time datetime="{card.start_date.isoformat()}">{_escaped(span)}</time>'
        place = card.place
        return f"{when} · {_escaped(place)}" if place else when
    published = card.published_at.astimezone(shown.timezone)
    day = format_date(published.date(), DatePrecision.DAY, language=shown.language)
    return f'<time datetime="{published.isoformat()}">{_escaped(day)}</time>'


def card(card: Card, shown: _Shown, *, compact: bool = False) -> SafeString:
    """The HTML of ``card`` in a list ``shown``: its type, dates and place, title, who it
    is by, and its summary, or its snippet when a page of results gave it one;
    ``compact`` leaves the summary out."""
    language = _escaped(card.language)
    by = (
        f'<p class="by">{shown.by} {", ".join(map(_escaped, card.leads))}</p>' if card.leads else ""
    )
    text = card.snippet
    if text is None and not compact and card.summary:
        text = _first_words(card.summary, SUMMARY_WORDS)
    summary = (
        f'<p class="summary" lang="{language}" dir="auto">{_escaped(text)}</p>'
        if text is not None
        else ""
    )
    address = card.get_absolute_url(shown.addressed)
    # Every value is escaped above: the whole is HTML.
    return mark_safe(
        f'<article class="card card-{_escaped(card.kind)}"><p class="meta">'
        f'<span class="kind">{_escaped(card.type_in(shown.language))}</span> '
        f"{_when(card, shown)}</p>"
        f'<h3 lang="{language}" dir="auto"><a href="{_escaped(address)}">'
        f"{_escaped(card.title)}</a></h3>{by}{summary}</article>"
    )


def cards(listed: Iterable[Card], *, compact: bool = False) -> SafeString:
    """The HTML of a list's cards, one after the other (joined here rather than by a
    template loop, whose nodes cost as much as the cards themselves)."""
    shown = _Shown.now()
    return mark_safe("".join(card(each, shown, compact=compact) for each in listed))
