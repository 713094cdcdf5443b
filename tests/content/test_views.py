"""The home page, the error pages, languages and the editors' preview."""

import datetime as dt

import pytest
from django.utils import timezone

from crossroads.accounts.models import Grant
from tests.content.builders import build_world, full_event, full_resource, full_story
from tests.content.pages import card_titles, h1, html
from tests.factories import (
    EventFactory,
    ItemActorFactory,
    ItemTranslationFactory,
    OrganisationFactory,
    ResourceFactory,
    StoryFactory,
)

pytestmark = pytest.mark.django_db


def days_from_today(days):
    return timezone.localdate() + dt.timedelta(days=days)


def days_ago(days):
    return timezone.now() - dt.timedelta(days=days)


def test_home_shows_upcoming_events_latest_news_and_featured_resources(client):
    for number in range(7):
        EventFactory(title=f"Upcoming {number}", start_date=days_from_today(number + 1))
    EventFactory(title="Past", start_date=days_from_today(-3))
    for number in range(6):
        StoryFactory(title=f"Story {number}", published_at=days_ago(number + 1))
    for number in range(5):
        ResourceFactory(title=f"Featured {number}", featured=True, published_at=days_ago(number))
    ResourceFactory(title="Not featured")

    response = client.get("/")

    assert response.status_code == 200
    assert card_titles(response) == [
        *(f"Upcoming {number}" for number in range(6)),
        *(f"Story {number}" for number in range(5)),
        *(f"Featured {number}" for number in range(4)),
    ]


def test_home_without_content_says_so(client):
    page = html(client.get("/"))

    assert "No upcoming events have been announced yet." in page
    assert "No news yet." in page
    assert "Featured resources" not in page


def build_home(size):
    world = build_world()
    for number in range(size):
        full_event(world, title=f"Event {number}")
        full_story(world, title=f"Story {number}")
        full_resource(world, title=f"Resource {number}", featured=True)


@pytest.mark.parametrize("size", [3, 30])
def test_home_queries_are_bounded(client, django_assert_max_num_queries, size):
    build_home(size)

    with django_assert_max_num_queries(10):
        response = client.get("/", HTTP_ACCEPT_LANGUAGE="fr", follow=True)

    assert len(card_titles(response)) == min(size, 6) + min(size, 5) + min(size, 4)
    assert "Event 0 (fr)" in card_titles(response)


@pytest.mark.parametrize(
    "path", ["/no-such-page/", "/events/no-such-event/", "/news/nothing/", "/resources/none/"]
)
def test_unknown_addresses_get_the_friendly_not_found_page(client, path):
    response = client.get(path)

    assert response.status_code == 404
    assert h1(response) == "We could not find that page"
    assert '<a href="/events/">See upcoming events</a>' in html(response)


# -- languages ------------------------------------------------------------------------
LIST_PAGES = {
    "event": ["/", "/events/", "/search/?q=Kisumu&kind=event"],
    "story": ["/", "/news/", "/search/?q=Kisumu&kind=story"],
    "resource": ["/", "/resources/", "/search/?q=Kisumu&kind=resource"],
}
FACTORIES = {"event": EventFactory, "story": StoryFactory, "resource": ResourceFactory}


def make_pair(kind):
    """Two items of ``kind``: one translated into French, one not."""
    factory = FACTORIES[kind]
    extra = {"featured": True} if kind == "resource" else {}
    translated = factory(title="Kisumu peer learning", published_at=days_ago(2), **extra)
    ItemTranslationFactory(
        item=translated, language="fr", title="Apprentissage entre pairs à Kisumu"
    )
    untranslated = factory(title="Kisumu field visit", published_at=days_ago(3), **extra)
    return translated, untranslated


def in_french(client, how):
    if how == "cookie":
        client.cookies["django_language"] = "fr"
        return {}
    return {"HTTP_ACCEPT_LANGUAGE": "fr"}


@pytest.mark.parametrize("how", ["cookie", "accept-language"])
@pytest.mark.parametrize(
    ("kind", "path"), [(kind, path) for kind, paths in LIST_PAGES.items() for path in paths]
)
def test_lists_show_the_french_title_or_fall_back_to_the_original(client, how, kind, path):
    make_pair(kind)

    response = client.get(path, **in_french(client, how), follow=True)

    assert card_titles(response) == ["Apprentissage entre pairs à Kisumu", "Kisumu field visit"]
    assert '<html lang="fr" dir="ltr">' in html(response)


@pytest.mark.parametrize("how", ["cookie", "accept-language"])
@pytest.mark.parametrize("kind", ["event", "story", "resource"])
def test_pages_show_the_french_title_or_fall_back_to_the_original(client, how, kind):
    translated, untranslated = make_pair(kind)
    headers = in_french(client, how)

    translated_page = client.get(translated.get_absolute_url(), **headers, follow=True)
    untranslated_page = client.get(untranslated.get_absolute_url(), **headers, follow=True)

    assert h1(translated_page) == "Apprentissage entre pairs à Kisumu"
    assert "<title>Apprentissage entre pairs à Kisumu · Crossroads</title>" in html(translated_page)
    assert f'<article class="item {kind}" lang="fr">' in html(translated_page)
    assert h1(untranslated_page) == "Kisumu field visit"
    assert f'<article class="item {kind}" lang="en">' in html(untranslated_page)


def test_english_is_the_default(client):
    translated, _ = make_pair("story")

    response = client.get(translated.get_absolute_url())

    assert '<html lang="en" dir="ltr">' in html(response)
    assert h1(response) == "Kisumu peer learning"


@pytest.mark.parametrize("how", ["cookie", "accept-language"])
def test_arabic_pages_are_right_to_left(client, how):
    if how == "cookie":
        client.cookies["django_language"] = "ar"
        response = client.get("/events/", follow=True)
    else:
        response = client.get("/events/", HTTP_ACCEPT_LANGUAGE="ar", follow=True)

    assert '<html lang="ar" dir="rtl">' in html(response)


# -- the editors' preview ------------------------------------------------------------
def editor_of(item, django_user_model):
    """An editor for an organisation that organises ``item``."""
    organisation = OrganisationFactory()
    ItemActorFactory(item=item, organisation=organisation)
    editor = django_user_model.objects.create_user("editor", is_staff=True)
    Grant.objects.create(user=editor, role="editor", organisation=organisation)
    return editor


@pytest.mark.parametrize("factory", [EventFactory, StoryFactory, ResourceFactory])
@pytest.mark.parametrize(
    ("status", "label"), [("draft", "Draft"), ("review", "In review"), ("archived", "Archived")]
)
def test_staff_preview_unpublished_items_with_a_banner(
    client, django_user_model, factory, status, label
):
    item = factory(title="Work in progress", status=status, published_at=None)
    client.force_login(editor_of(item, django_user_model))

    response = client.get(item.get_absolute_url())

    assert response.status_code == 200
    assert h1(response) == "Work in progress"
    assert (
        '<p class="preview" role="status">Preview: this item is not published '
        f"({label}). Only editors can see it.</p>"
    ) in html(response)


@pytest.mark.parametrize("factory", [EventFactory, StoryFactory, ResourceFactory])
def test_staff_preview_scheduled_items_with_a_banner(client, django_user_model, factory):
    item = factory(published_at=timezone.now() + dt.timedelta(days=1))
    client.force_login(editor_of(item, django_user_model))

    page = html(client.get(item.get_absolute_url()))

    assert "Preview: this item is not published (Published). Only editors can see it." in page


@pytest.mark.parametrize("factory", [EventFactory, StoryFactory, ResourceFactory])
def test_published_items_have_no_banner_for_staff(client, django_user_model, factory):
    item = factory()
    client.force_login(editor_of(item, django_user_model))

    assert 'class="preview"' not in html(client.get(item.get_absolute_url()))


@pytest.mark.parametrize("factory", [EventFactory, StoryFactory, ResourceFactory])
def test_editors_of_another_organisation_get_no_preview(client, django_user_model, factory):
    item = factory(status="draft", published_at=None)
    editor_of(factory(), django_user_model)  # edits another item, of another organisation
    client.force_login(django_user_model.objects.get(username="editor"))

    assert client.get(item.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("factory", [EventFactory, StoryFactory, ResourceFactory])
def test_members_who_are_not_staff_get_no_preview(client, django_user_model, factory):
    item = factory(status="draft", published_at=None)
    client.force_login(django_user_model.objects.create_user("member"))

    assert client.get(item.get_absolute_url()).status_code == 404
