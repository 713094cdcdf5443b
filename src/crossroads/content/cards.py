"""Item cards: how an event, a story or a resource appears in every list (pages of
results, the home page, related items, a city's or a topic's items).

A page of results shows twenty cards. Put together through template nodes they cost
more than the search that found them (each card's dozen lookups, filters and an
included template), so they are put together here, each value escaped.
"""

from __future__ import annotations

import html

from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import gettext as _

from crossroads.content.dates import DatePrecision, format_date
from crossroads.content.models import Item, Kind

#: Words of a summary shown on a card.
SUMMARY_WORDS = 40


def short_place(event) -> str:
    """Where an event takes place, in short: "Kisumu, Kenya", "Online", "Nairobi,
    Kenya with online participation"."""
    if event.is_online:
        return _("Online")
    place = f"{event.city.name}, {event.city.country.name}" if event.city else event.venue
    if event.attendance_mode == "hybrid":
        return f"{place} {_('with online participation')}"
    return place


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


def _when(item: Item) -> str:
    specific = item.specific
    if item.kind == Kind.EVENT:
        when = (
            f'<time datetime="{specific.start_date.isoformat()}">'
            f"{_escaped(specific.dates_display)}</time>"
        )
        return f"{when} · {_escaped(short_place(specific))}" if specific.has_location else when
    published = template_localtime(item.published_at)
    shown = format_date(published.date(), DatePrecision.DAY)
    return f'<time datetime="{published.isoformat()}">{_escaped(shown)}</time>'


def card(item: Item, *, snippet: SafeString | None = None, compact: bool = False) -> SafeString:
    """The card of ``item`` (with its kind's row and organisations at hand: see
    ``queries.item_cards``): its type, dates and place, title, who it is by, and its
    summary, or ``snippet`` when given; ``compact`` leaves the summary out."""
    language = _escaped(item.display_language)
    leads = item.lead_organisations
    by = (
        f'<p class="by">{_escaped(_("By:"))} '
        f"{', '.join(_escaped(lead.short_name) for lead in leads)}</p>"
        if leads
        else ""
    )
    text = snippet
    if text is None and not compact and item.display_summary:
        text = _first_words(item.display_summary, SUMMARY_WORDS)
    summary = (
        f'<p class="summary" lang="{language}" dir="auto">{_escaped(text)}</p>'
        if text is not None
        else ""
    )
    # Every value is escaped above: the whole is HTML.
    return mark_safe(
        f'<article class="card card-{_escaped(item.kind)}"><p class="meta">'
        f'<span class="kind">{_escaped(item.specific.type_label)}</span> {_when(item)}</p>'
        f'<h3 lang="{language}" dir="auto"><a href="{_escaped(item.get_absolute_url())}">'
        f"{_escaped(item.display_title)}</a></h3>{by}{summary}</article>"
    )
