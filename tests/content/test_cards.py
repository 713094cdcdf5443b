"""Item cards, as every list shows them."""

import datetime as dt

import pytest
from django.utils import translation
from django.utils.safestring import mark_safe

from crossroads.content.cards import Card, cards
from crossroads.content.models import Item
from crossroads.content.queries import cards_in_order, item_cards
from tests.factories import (
    CityFactory,
    EventFactory,
    ItemActorFactory,
    ItemTranslationFactory,
    OrganisationFactory,
    ResourceFactory,
    StoryFactory,
)

pytestmark = pytest.mark.django_db


def shown(item, *, snippet=None, **options) -> str:
    (listed,) = cards_in_order([item.pk])
    listed.snippet = snippet
    return cards([listed], **options)


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


def _varied_items() -> list:
    """Items of every kind whose cards differ in every way a card can."""
    kisumu = CityFactory(name="Kisumu", country__name="Kenya")
    items = [
        EventFactory(city=kisumu, attendance_mode="hybrid", date_precision="month"),
        EventFactory(city=None, venue="Town hall", attendance_mode="virtual"),
        EventFactory(city=None, venue="", attendance_mode="in_person"),
        StoryFactory(summary="", body="Only a **body** to cut a snippet from."),
        StoryFactory(summary="Original summary", language="en"),
        ResourceFactory(summary="A summary", resource_type="policy_brief", language="fr"),
    ]
    for role, name, acronym in (("organiser", "United Cities", "UCLG"), ("partner", "P", "")):
        ItemActorFactory(
            item=items[0], role=role, organisation=OrganisationFactory(name=name, acronym=acronym)
        )
    # Translated into French: with its own summary, and without (the original's shows).
    ItemTranslationFactory(item=items[3], language="fr", title="Titre", summary="", body="Corps")
    ItemTranslationFactory(item=items[4], language="fr", title="Titre", summary="Résumé")
    return items


@pytest.mark.parametrize("language", ["en", "fr"])
def test_cards_read_by_id_are_the_cards_of_the_models(language):
    """Pages of results read cards from the tables; other lists make them from models:
    both give the same card, field by field, in the active language."""
    items = _varied_items()
    ids = [item.pk for item in items]

    with translation.override(language):
        by_id = cards_in_order(ids)
        models = item_cards(Item.objects.filter(pk__in=ids)).in_bulk()
        of_models = [Card.of(models[pk]) for pk in ids]

    assert by_id == of_models
    assert [entry.pk for entry in by_id] == ids
    if language == "fr":
        assert [entry.title for entry in by_id[3:5]] == ["Titre", "Titre"]
        assert [entry.text for entry in by_id[3:5]] == ["Corps", "Résumé"]
    assert (
        by_id[0].leads == ["UCLG"] and by_id[0].place == "Kisumu, Kenya with online participation"
    )
    assert [entry.place for entry in by_id[1:3]] == ["Online", ""]


def test_cards_of_items_gone_are_left_out():
    story = StoryFactory()

    assert cards_in_order([story.pk + 1000, story.pk]) == cards_in_order([story.pk])
    assert cards_in_order([]) == []
