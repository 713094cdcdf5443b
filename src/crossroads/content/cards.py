"""Item cards: how an event, a story or a resource appears in every list (pages of
results, the home page, related items, a city's or a topic's items).

A page of results shows twenty cards. Put together through template nodes they cost
more than the search that found them (each card's dozen lookups, filters and an
included template), so they are put together here, escaped by ``format_html``.
"""

from __future__ import annotations

from django.template.defaultfilters import truncatewords
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.timezone import template_localtime
from django.utils.translation import gettext as _

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


def _when(item: Item) -> SafeString:
    specific = item.specific
    if item.kind == Kind.EVENT:
        when = format_html(
            '<time datetime="{}">{}</time>', specific.start_date.isoformat(), specific.dates_display
        )
        return (
            format_html("{} · {}", when, short_place(specific)) if specific.has_location else when
        )
    published = template_localtime(item.published_at)
    return format_html(
        '<time datetime="{}">{}</time>', published.isoformat(), date_format(published)
    )


def card(item: Item, *, snippet: SafeString | None = None, compact: bool = False) -> SafeString:
    """The card of ``item`` (with its kind's row and organisations at hand: see
    ``queries.item_cards``): its type, dates and place, title, who it is by, and its
    summary, or ``snippet`` when given; ``compact`` leaves the summary out."""
    language = item.display_language
    leads = item.lead_organisations
    by = (
        format_html(
            '<p class="by">{} {}</p>',
            _("By:"),
            format_html_join(", ", "{}", ((lead.short_name,) for lead in leads)),
        )
        if leads
        else ""
    )
    text = snippet
    if text is None and not compact and item.display_summary:
        text = truncatewords(item.display_summary, SUMMARY_WORDS)
    summary = (
        format_html('<p class="summary" lang="{}" dir="auto">{}</p>', language, text)
        if text is not None
        else ""
    )
    return format_html(
        '<article class="card card-{}"><p class="meta"><span class="kind">{}</span> {}</p>'
        '<h3 lang="{}" dir="auto"><a href="{}">{}</a></h3>{}{}</article>',
        item.kind,
        item.specific.type_label,
        _when(item),
        language,
        item.get_absolute_url(),
        item.display_title,
        by,
        summary,
    )
