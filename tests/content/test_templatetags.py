"""Template helpers whose output is built in Python."""

import pytest
from django.urls import clear_script_prefix, set_script_prefix
from django.utils.html import escape

from crossroads.content.links import absolute
from crossroads.content.templatetags.crossroads import facet_panel
from crossroads.search.engine import FacetValue
from crossroads.search.views import FacetPanel
from tests.factories import StoryFactory


def test_a_facet_panel_escapes_every_value_label_and_link_and_checks_the_chosen():
    hostile = "<script>alert('x')</script> & \"quoted\""
    panel = FacetPanel(
        "topic",
        hostile,
        [FacetValue(hostile, hostile, 1234, True), FacetValue("water", "Water", 7, False)],
        more_url='?q="><script>&more=topic#facet-topic',
    )

    rendered = facet_panel(panel)

    assert rendered == (
        f'<fieldset class="facet" id="facet-topic"><legend>{escape(hostile)}</legend>'
        f'<label><input type="checkbox" name="topic" value="{escape(hostile)}" checked> '
        f'{escape(hostile)} <span class="count">1234</span></label>'
        '<label><input type="checkbox" name="topic" value="water"> Water '
        '<span class="count">7</span></label>'
        '<a class="more" href="?q=&quot;&gt;&lt;script&gt;&amp;more=topic#facet-topic">'
        f'Show more<span class="visually-hidden"> ({escape(hostile)})</span></a></fieldset>'
    )
    assert "<script>" not in rendered


def test_a_facet_panel_without_more_values_has_no_link():
    panel = FacetPanel("kind", "Kind", [FacetValue("event", "Event", 3, False)])

    assert "<a " not in facet_panel(panel)
    assert "Show fewer" in facet_panel(
        FacetPanel("kind", "Kind", panel.values, fewer_url="?#facet-kind")
    )


def test_facet_counts_follow_the_thousand_separator_setting(settings):
    settings.USE_THOUSAND_SEPARATOR = True
    panel = FacetPanel("topic", "Topic", [FacetValue("water", "Water", 1234567, False)])

    assert '<span class="count">1,234,567</span>' in facet_panel(panel)


@pytest.mark.django_db
def test_every_pages_fixed_parts_and_item_links_follow_the_script_prefix(client):
    """The menu is rendered once and addresses are remembered, per script prefix: a site
    served under a path (``SCRIPT_NAME``) links within it, and the root site at the root."""
    story = StoryFactory(slug="water-for-all")
    at_root = client.get("/news/").content.decode()
    set_script_prefix("/crossroads/")  # what the WSGI handler does with SCRIPT_NAME
    try:
        mounted = client.get("/news/").content.decode()
    finally:
        clear_script_prefix()
    again = client.get("/news/").content.decode()

    assert 'href="/crossroads/events/"' in mounted and 'href="/events/"' not in mounted
    assert 'href="/crossroads/news/water-for-all/"' in mounted
    assert 'href="/events/"' in at_root and 'href="/crossroads/' not in at_root
    assert f'href="{story.get_absolute_url()}"' in at_root
    assert 'href="/events/"' in again and 'href="/crossroads/' not in again


@pytest.mark.parametrize(
    ("href", "shown"),
    [
        ("/events/forum/", "https://crossroads.example/events/forum/"),
        ("https://files.example.org/guide.pdf", "https://files.example.org/guide.pdf"),
    ],
)
def test_addresses_are_made_public_unless_they_are_already(settings, href, shown):
    settings.SITE_URL = "https://crossroads.example/"

    assert absolute(href) == shown
