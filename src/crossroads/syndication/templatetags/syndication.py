"""What the head of an item's page tells other programs: its canonical address, Open Graph
and Twitter card tags (the preview shown when the page is shared), and its schema.org
JSON-LD. Every value comes from what the page already fetched: none makes a query."""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import to_locale

from crossroads.syndication import jsonld

register = template.Library()

#: Open Graph locales (language_TERRITORY) of the site's languages, as Facebook lists them.
OG_LOCALES = {"en": "en_GB", "fr": "fr_FR", "ar": "ar_AR"}

#: The words of the summary kept in descriptions (as the page's ``<meta name=description>``).
DESCRIPTION_WORDS = 40


def og_locale(language: str) -> str:
    return OG_LOCALES.get(language) or to_locale(language)


def description(item) -> str:
    """The page's description, as its ``<meta name="description">`` gives it."""
    return Truncator(item.display_summary).words(DESCRIPTION_WORDS, truncate=" …")


@register.simple_tag
def page_meta(item, og_type: str = "website") -> str:
    """``<link rel="canonical">``, the Open Graph tags and the Twitter card of ``item``'s
    page; ``og_type`` "article" for stories, which also give their dates."""
    url = jsonld.canonical_url(item)
    properties = [
        ("og:type", og_type),
        ("og:title", item.display_title),
        ("og:description", description(item)),
        ("og:url", url),
        ("og:site_name", _("Crossroads")),
        ("og:locale", og_locale(item.display_language)),
    ]
    if og_type == "article":
        if item.published_at:
            properties.append(("article:published_time", item.published_at.isoformat()))
        modified = jsonld.modified_at(item)
        if modified:
            properties.append(("article:modified_time", modified.isoformat()))
    return format_html(
        '<link rel="canonical" href="{}">\n{}\n<meta name="twitter:card" content="summary">',
        url,
        format_html_join(
            "\n",
            '<meta property="{}" content="{}">',
            ((name, content) for name, content in properties if content),
        ),
    )


@register.simple_tag(takes_context=True)
def event_jsonld(context) -> str:
    """The event page's schema.org Event, from the page's context (``events.views``)."""
    event = context["event"]
    return jsonld.script(
        jsonld.event_jsonld(
            event,
            context["program"],
            context["documents"],
            jsonld.canonical_url(event),
            parent=context.get("parent"),
            side_events=context.get("sub_events", ()),
            registration_state=context.get("registration_state", ""),
            places_left=context.get("places_left"),
        )
    )


@register.simple_tag
def story_jsonld(story) -> str:
    return jsonld.script(jsonld.story_jsonld(story, jsonld.canonical_url(story)))


@register.simple_tag
def resource_jsonld(resource) -> str:
    return jsonld.script(jsonld.resource_jsonld(resource, jsonld.canonical_url(resource)))
