"""Template helpers whose output is built in Python."""

from django.utils.html import escape

from crossroads.content.templatetags.crossroads import facet_choices
from crossroads.search.engine import FacetGroup, FacetValue


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
