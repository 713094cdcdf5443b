"""Every public page: it opens, it survives hostile input, and it shows only what is public.

These tests cross the apps; they live with ``content``, which owns the base templates, the
error pages and the paging every list shares.
"""

import datetime as dt
import re

import pytest
from django.utils import timezone

from tests.content.builders import build_world, full_event, full_resource, full_story, tag
from tests.content.pages import card_titles, h1, html
from tests.factories import (
    EventFactory,
    MembershipFactory,
    NetworkFactory,
    ParticipantFactory,
    ResourceFactory,
    SessionFactory,
    StoryFactory,
)

pytestmark = pytest.mark.django_db

GCM = "Global Compact for Safe, Orderly and Regular Migration <small>(GCM)</small>"
#: Every public address, with the heading each shows.
PAGES = {
    "/": "Learning between cities that host refugees, displaced people and migrants",
    "/events/": "Upcoming events",
    "/events/?when=past": "Past events",
    "/events/kisumu-forum/": "Kisumu forum",
    "/news/": "News",
    "/news/?type=blog": "News",
    "/news/kisumu-news/": "Kisumu news",
    "/resources/": "Resources",
    "/resources/?type=report&language=fr": "Resources",
    "/resources/kisumu-report/": "Kisumu report",
    "/organizations/": "Organisations",
    "/organizations/cities-alliance/": "Cities Alliance",
    "/cities/": "Cities",
    "/cities/kisumu/": "Kisumu <small>Kenya</small>",
    "/networks/": "Networks",
    "/networks/lake-network/": "Lake network",
    "/frameworks/": "Global frameworks",
    "/frameworks/GCM/": GCM,
    "/frameworks/gcm/": GCM,
    "/topics/": "Topics",
    "/topics/inclusion/": "Inclusion",
    "/search/": "Search",
    "/search/?q=kisumu&kind=event": "Search",
}


def build_site():
    """One public item of each kind, tagged with the world's organisation, city and tags, and a
    network whose secretariat is the organiser."""
    world = build_world()
    event = full_event(world, title="Kisumu forum", slug="kisumu-forum")
    full_story(world, title="Kisumu news", slug="kisumu-news").events.add(event)
    full_resource(world, title="Kisumu report", slug="kisumu-report")
    network = NetworkFactory(name="Lake network", slug="lake-network", secretariat=world.organiser)
    MembershipFactory(network=network, city=world.city)
    return world, event


@pytest.mark.parametrize("path", PAGES)
def test_every_page_opens(client, path):
    build_site()

    response = client.get(path)

    assert response.status_code == 200
    assert h1(response) == PAGES[path]


SCRIPT = "<script>alert(1)</script>"
BREAKOUT = '"><img src=x onerror=alert(1)>'
JSON_LD = re.compile(r'<script type="application/ld\+json">[^<]*</script>')
HOSTILE = {
    "page=abc": {"page": "abc"},
    "page=-1": {"page": "-1"},
    "page=99999": {"page": "99999"},
    "page=1e9": {"page": "1e9"},
    "page=huge": {"page": "9" * 400},
    "when=script": {"when": SCRIPT},
    "type=sql": {"type": "' OR 1=1 --"},
    "language=zz": {"language": "zz"},
    "filters=markup": {"type": SCRIPT, "language": SCRIPT, "kind": "<svg onload=alert(1)>"},
    "q=10kB": {"q": "refugees " * 1200},
    "q=script": {"q": SCRIPT},
    "q=nul": {"q": "kisumu\x00forum"},
    "q=controls": {"q": "\x01\x02\x1b[31m\x7f\u2028\ufeff"},
    "q=quotes": {"q": "\"unbalanced 'quotes" + BREAKOUT},
    "q=fts": {"q": '"foo* AND ( NEAR(a b) OR -c ^d:'},
    "q=sql": {"q": "%' OR '1'='1' -- %_\\"},
    "nul everywhere": dict.fromkeys(["page", "when", "type", "language", "kind", "q"], "\x00"),
    "repeated": {"page": ["1", "2"], "q": ["a", SCRIPT], "type": ["news", "blog"]},
    "unknown": {"utm_source": "newsletter", SCRIPT: SCRIPT, "x": BREAKOUT},
}


@pytest.mark.parametrize("params", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_query_strings_never_break_a_page_nor_get_echoed(client, params):
    build_site()
    client.raise_request_exception = False

    failures = []
    for path in dict.fromkeys(path.split("?")[0] for path in PAGES):
        response = client.get(path, params)
        # The pages' own JSON-LD aside (its text never holds a "<": it is escaped).
        content = JSON_LD.sub("", response.content.decode())
        if response.status_code not in (200, 400, 404):
            failures.append((path, response.status_code))
        if "<script" in content or "<svg" in content or "<img" in content:
            failures.append((path, "echoed HTML"))
    assert failures == []


def test_a_long_query_is_shown_cut_where_the_search_box_stops(client):
    response = client.get("/search/", {"q": "refugees " * 1200})

    assert response.status_code == 200
    assert 'maxlength="300"' in html(response)
    assert 'value="' + "refugees " * 33 + 'ref"' in html(response)


@pytest.mark.parametrize(
    "path",
    [
        "/frameworks/%3Cscript%3E/",
        "/frameworks/GCM%27%20OR%201=1%20--/",
        "/frameworks/" + "X" * 2000 + "/",
        "/events/%3Cscript%3E/",
        "/events/..%2F..%2Fetc%2Fpasswd/",
        "/topics/%E2%80%AE/",
    ],
)
def test_hostile_addresses_are_not_found(client, path):
    build_site()

    response = client.get(path)

    assert response.status_code == 404
    assert "<script" not in response.content.decode()


def test_a_framework_address_with_a_nul_character_is_not_found(client):
    client.raise_request_exception = False

    assert client.get("/frameworks/GCM%00/").status_code == 404


# -- what is not public stays out of sight ---------------------------------------------
HIDDEN_STATES = {
    "draft": {"status": "draft", "published_at": None},
    "review": {"status": "review", "published_at": None},
    "archived": {"status": "archived"},
    "scheduled": {"published_at": timezone.now() + dt.timedelta(days=3)},
}


def build_hidden(world, event, states=HIDDEN_STATES):
    """For each state: an upcoming and a past event that are part of ``event``, organised by
    the organiser with a session where the partner speaks; a story about ``event``; a
    resource. All carry the word "Concealed" and the world's tags."""
    hidden = []
    today = timezone.localdate()
    for state, fields in states.items():
        for when, start in (("upcoming", today + dt.timedelta(days=5)), ("past", today)):
            hidden_event = EventFactory(
                title=f"Concealed {state} {when} event",
                city=world.city,
                parent=event,
                start_date=start - dt.timedelta(days=10) if when == "past" else start,
                **fields,
            )
            session = SessionFactory(event=hidden_event)
            ParticipantFactory(session=session, organisation=world.partner)
            hidden.append(hidden_event)
        story = StoryFactory(title=f"Concealed {state} story", **fields)
        story.events.add(event)
        hidden += [story, ResourceFactory(title=f"Concealed {state} resource", **fields)]
    for item in hidden:
        tag(item, world)
    return hidden


def test_unpublished_and_scheduled_items_appear_in_no_list(client):
    world, event = build_site()
    build_hidden(world, event)

    kinds = ["/search/?kind=event", "/search/?kind=story", "/search/?kind=resource"]
    for path in [*PAGES, *kinds]:
        for language in ("en", "fr"):
            response = client.get(path, HTTP_ACCEPT_LANGUAGE=language, follow=True)
            assert response.status_code == 200
            assert "Concealed" not in response.content.decode(), (path, language)

    assert card_titles(client.get("/search/?q=Concealed")) == []


def test_the_same_items_published_would_appear(client):
    world, event = build_site()
    build_hidden(world, event, states={"public": {}})
    pages = [
        "/",
        "/events/",
        "/events/?when=past",
        "/events/kisumu-forum/",
        "/news/",
        "/resources/",
        "/organizations/cities-alliance/",
        "/cities/kisumu/",
        "/networks/lake-network/",
        "/topics/inclusion/",
        "/frameworks/GCM/",
        "/search/?kind=event",
        "/search/?q=Concealed",
    ]

    for path in pages:
        assert "Concealed public" in " ".join(card_titles(client.get(path))), path


def test_unpublished_and_scheduled_items_are_not_counted(client):
    world, event = build_site()
    build_hidden(world, event)
    # Public and tagged: the event, its agenda, the story and the report.
    topics = html(client.get("/topics/"))
    frameworks = html(client.get("/frameworks/"))
    framework = html(client.get("/frameworks/GCM/"))
    networks = html(client.get("/networks/"))

    assert '<a href="/topics/inclusion/">Inclusion</a> <span class="note">4</span>' in topics
    assert '<p class="by">4 items</p>' in frameworks
    assert '<li value="15">Access to services <span class="note">4 items</span></li>' in framework
    assert '<p class="by">1 member · Secretariat: Cities Alliance</p>' in networks


def test_unpublished_and_scheduled_items_are_not_found(client):
    world, event = build_site()

    for item in build_hidden(world, event):
        response = client.get(item.get_absolute_url())
        assert response.status_code == 404, item.title
        assert h1(response) == "We could not find that page"
