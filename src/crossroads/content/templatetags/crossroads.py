"""Template helpers shared by every page: Markdown, share links, times, languages, the
search form's facet choices, the parts of every page rendered once."""

import html
from functools import lru_cache
from urllib.parse import quote, urlencode

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import translate_url
from django.utils.formats import localize, time_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from crossroads.content.cards import Card
from crossroads.content.cards import cards as cards_html
from crossroads.content.languages import versions
from crossroads.content.links import absolute, addressing, replaced
from crossroads.content.markup import render_markdown

register = template.Library()


@register.simple_tag(takes_context=True)
def language_versions(context) -> tuple[tuple[str, str, str], ...]:
    """(code, name, address) of the current page in each language (``versions``): for
    the language switcher and the ``hreflang`` alternates."""
    return versions(context["request"].get_full_path())


@register.inclusion_tag("content/_language_note.html", takes_context=True)
def language_note(context, item) -> dict:
    """When ``item`` has no translation into the page's language: a note saying so, with
    links to the same page in the languages it can be read in (its own first). One query,
    and only then."""
    if item is None or not item.is_shown_in_original:
        return {"shown": False}
    names = dict(settings.LANGUAGES)
    written = [
        item.language,
        *item.translations.order_by("language").values_list("language", flat=True),
    ]
    path = context["request"].get_full_path()
    return {
        "shown": True,
        "original": names.get(item.language, item.language),
        "original_code": item.language,
        "readable": [
            (code, names[code], translate_url(path, code)) for code in written if code in names
        ],
    }


@register.filter
def markdown(text: str):
    return render_markdown(text)


@register.simple_tag
def cards(items, *, compact=False):
    """The cards of a list of items (``cards.cards``): ``Card``s (lists of ids, pages of
    results with their snippets) or models (lists of models, their parts prefetched)."""
    return cards_html(
        (item if isinstance(item, Card) else Card.of(item) for item in items), compact=compact
    )


@register.filter
def upper_language(code: str) -> str:
    """The language label used beside documents: ``[EN]``."""
    return (code or "").upper()


@register.simple_tag
def time_range(start, end) -> str:
    if start is None:
        return ""
    if end is None or end == start:
        return time_format(start, "H:i")
    return f"{time_format(start, 'H:i')}–{time_format(end, 'H:i')}"


@register.simple_tag
def share_links(title: str, url: str) -> list[tuple[str, str]]:
    """Plain share links (no third-party script) to ``url``: email, WhatsApp, LinkedIn,
    X, Facebook."""
    return [
        (_("Email"), "mailto:?" + urlencode({"subject": title, "body": url}, quote_via=quote)),
        ("WhatsApp", "https://wa.me/?" + urlencode({"text": f"{title} {url}"})),
        ("LinkedIn", "https://www.linkedin.com/sharing/share-offsite/?" + urlencode({"url": url})),
        ("X", "https://x.com/intent/post?" + urlencode({"text": title, "url": url})),
        ("Facebook", "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": url})),
    ]


@register.simple_tag
def public_url(item) -> str:
    """The item page's public address (on ``SITE_URL``): what is shared and linked to,
    whatever address the page was reached by."""
    return absolute(item.get_absolute_url())


@register.simple_tag(takes_context=True)
def page_url(context, number) -> str:
    """The current address with ``page`` replaced (put last), other criteria kept."""
    return replaced(context["request"].GET, "page", number)


@register.filter
def tz_offset(moment) -> str:
    """``UTC+03:00`` for an aware datetime."""
    offset = moment.strftime("%z")
    return f"UTC{offset[:3]}:{offset[3:]}" if offset else ""


@register.simple_tag
def facet_panel(panel) -> str:
    """One facet of the search form (``search.views.FacetPanel``): its checkboxes, and a
    link to more values or fewer. Joined in one pass: a search page offers a hundred
    checkboxes, and rendering each through template nodes (or ``format_html``) cost more
    than the search. ``html.escape`` escapes exactly as Django's ``escape`` does."""
    name = html.escape(panel.name)
    # Without thousand separators (Django's default) ``localize`` shows an integer as
    # it is, after asking the locale each time.
    count = localize if settings.USE_THOUSAND_SEPARATOR else str
    choices = "".join(
        f'<label><input type="checkbox" name="{name}" value="{html.escape(value.value)}"'
        f"{' checked' if value.selected else ''}> {html.escape(str(value.label))} "
        f'<span class="count">{count(value.count)}</span></label>'
        for value in panel.values
    )
    title = html.escape(panel.title)
    link = ""
    if panel.more_url or panel.fewer_url:
        text = _("Show more") if panel.more_url else _("Show fewer")
        link = (
            f'<a class="more" href="{html.escape(panel.more_url or panel.fewer_url)}">'
            f'{html.escape(text)}<span class="visually-hidden"> ({title})</span></a>'
        )
    return mark_safe(
        f'<fieldset class="facet" id="facet-{name}"><legend>{title}</legend>'
        f"{choices}{link}</fieldset>"
    )


@register.simple_tag
def fixed(template_name: str) -> str:
    """``template_name`` rendered without a context, once per process for each language
    (and URLconf and script prefix): for the parts of every page that depend on nothing
    else, such as the site's menu, whose links and labels cost a millisecond a page.
    (With ``DEBUG``, rendered each time, so that edits show.)"""
    if settings.DEBUG:
        return mark_safe(render_to_string(template_name))
    return _rendered(template_name, addressing())


@lru_cache(maxsize=64)
def _rendered(template_name: str, addressed: tuple[str, str, str]) -> str:
    return mark_safe(render_to_string(template_name))
