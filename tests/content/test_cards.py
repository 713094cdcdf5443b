"""Item cards, as every list shows them."""

import datetime as dt

import pytest
from django.utils.safestring import mark_safe

from crossroads.content.cards import card
from crossroads.content.queries import cards_in_order
from tests.factories import (
    CityFactory,
    EventFactory,
    ItemActorFactory,
    OrganisationFactory,
    ResourceFactory,
)

pytestmark = pytest.mark.django_db


def shown(item, **options) -> str:
    (listed,) = cards_in_order([item.pk])
    return card(listed, **options)


@pytest.mark.parametrize(
    ("fields", "place"),
    [
        ({"attendance_mode": "in_person"}, " · Kisumu, Kenya</p>"),
        ({"attendance_mode": "hybrid"}, " · Kisumu, Kenya with online participation</p>"),
        ({"attendance_mode": "virtual", "venue": "Town hall"}, " · Online</p>"),
        ({"attendance_mode": "in_person", "city": None, "venue": "Town hall"}, " · Town hall</p>"),
        ({"attendance_mode": "in_person", "city": None}, "</p>"),
    ],
)
def test_an_event_card_says_where_in_short(fields, place):
    kisumu = CityFactory(name="Kisumu", country__name="Kenya")
    event = EventFactory(
        **{"city": kisumu, "venue": "", "start_date": dt.date(2030, 5, 17), **fields}
    )

    assert f'<time datetime="2030-05-17">17 May 2030</time>{place}' in shown(event)


def test_a_card_escapes_its_text_and_names_the_organisations_it_is_by():
    resource = ResourceFactory(
        title="<script>alert(1)</script>",
        summary="A & B " + "word " * 60,
        resource_type="policy_brief",
        language="fr",
    )
    for name, acronym in (("United Cities", "UCLG"), ("<b>Bold</b>", "")):
        ItemActorFactory(
            item=resource,
            role="publisher",
            organisation=OrganisationFactory(name=name, acronym=acronym),
        )

    html = shown(resource)

    assert html.startswith(
        '<article class="card card-resource"><p class="meta">'
        '<span class="kind">Policy brief</span> <time datetime="'
    )
    assert '<h3 lang="fr" dir="auto"><a href="/resources/' in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;</a></h3>" in html
    assert '<p class="by">By: UCLG, &lt;b&gt;Bold&lt;/b&gt;</p>' in html
    assert '<p class="summary" lang="fr" dir="auto">A &amp; B word' in html
    assert html.count("word") == 37 and "word …</p>" in html  # 40 words in all


def test_a_compact_card_has_no_summary_and_a_snippet_replaces_it():
    resource = ResourceFactory(summary="A summary")

    assert "summary" not in shown(resource, compact=True)
    assert '<p class="summary" lang="en" dir="auto">The <mark>snippet</mark></p>' in shown(
        resource, snippet=mark_safe("The <mark>snippet</mark>")
    )
