"""Template helpers whose output is built in Python."""

import pytest
from django.urls import clear_script_prefix, set_script_prefix
from django.utils.html import escape

from crossroads.content.links import absolute
from crossroads.content.templatetags.crossroads import facet_choices
from crossroads.search.engine import FacetGroup, FacetValue
from tests.factories import StoryFactory


def test_facet_choices_escape_every_value_and_label_and_check_the_chosen():
    hostile = "<script>alert('x')</script> & \"quoted\""
    group = FacetGroup(
        "topic",
        [FacetValue(hostile, hostile, 1234, True), FacetValue("water", "Water", 7, False)],
    )

    rendered = facet_choices(group)

    assert rendered == (
        f'<label><input type="checkbox" name="topic" value="{escape(hostile)}" checked> '
        f'{escape(hostile)} <span class="count">1234</span></label>'
        '<label><input type="checkbox" name="topic" value="water"> Water '
        '<span class="count">7</span></label>'
    )
    assert "<script>" not in rendered


def test_facet_counts_follow_the_thousand_separator_setting(settings):
    settings.USE_THOUSAND_SEPARATOR = True
    group = FacetGroup("topic", [FacetValue("water", "Water", 1234567, False)])

    assert '<span class="count">1,234,567</span>' in facet_choices(group)


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
