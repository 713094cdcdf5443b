"""Hostile query strings and path segments on every page a visitor (or an organiser) can
GET: the answer is a page, a redirect, a 400 or a 404, never a 500, and whatever the page
echoes of the payload is escaped."""

from __future__ import annotations

import json
from urllib.parse import quote
from xml.etree import ElementTree

import pytest
from django.conf import settings
from django.core.cache import cache
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from django.utils.html import escape

from crossroads.search.bitmaps import current_index
from tests.content.builders import build_world, full_event, full_resource, full_story
from tests.engagement.conftest import make_survey
from tests.factories import (
    CampaignFactory,
    ItemActorFactory,
    MembershipFactory,
    NetworkFactory,
    PledgeFactory,
)
from tests.security import payloads

pytestmark = pytest.mark.django_db

#: Every parameter a view reads (search, lists, map, dashboards, peers, feeds, calendars,
#: survey results, organiser filters, the API's lists), and one no view knows.
PARAMETERS = (
    "q",
    "kind",
    "type",
    "status",
    "topic",
    "framework",
    "region",
    "country",
    "city",
    "organisation",
    "org",
    "attendance",
    "attendance_mode",
    "organisation_kind",
    "language",
    "lang",
    "year",
    "role",
    "mode",
    "when",
    "from",
    "to",
    "sort",
    "page",
    "more",
    "size",
    "limit",
    "offset",
    "next",
    "not-a-parameter",
)
ANSWERS = {200, 301, 302, 400, 404}

#: Pages that take no GET worth attacking here, by URL name, and why.
NOT_HERE = {
    "set_language": "POST only; its `next` is sent hostile in test_hostile_forms",
    "api:item-text": "PATCH (test_hostile_api)",
    "api:item-status": "POST (test_hostile_api)",
    "api:openapi-view": "the docs page: static",
    "accounts:logout": "POST only",
    "accounts:delete": "a signed-in person's form (test_hostile_forms)",
    "events:registrations-message": "an organiser's form",
    "events:registration-action": "POST only",
    "engagement:survey-publish": "POST only",
    "pledges:propose": "POST only",
    "pledges:confirm": "POST only",
    "ingest:import": "POST only (test_hostile_forms)",
    "ingest:accept": "POST only",
    "ingest:reject": "POST only",
    "ingest:merge": "POST only",
    "ingest:split": "POST only",
    "ingest:add-organisation": "POST only",
    "ingest:review": "an import's page: needs an extraction (tests/ingest)",
}
#: Pages whose path holds a signed token: only the hostile path segments are sent there.
TOKEN_PAGES = (
    "events:confirm-registration",
    "events:registration",
    "events:registration-calendar",
    "events:registration-data",
    "campaigns:confirm",
    "campaigns:signature",
    "engagement:survey-answer",
    "accounts:verify",
    "accounts:password-reset-confirm",
)


def _url_names(patterns=None, namespace="") -> list[str]:
    names = []
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace or ""
            full = f"{namespace}:{inner}" if namespace and inner else namespace or inner
            if full != "admin":
                names += _url_names(pattern.url_patterns, full)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.append(f"{namespace}:{pattern.name}" if namespace else pattern.name)
    return names


def site_pages(objects: dict) -> dict[str, str]:
    """Each GET page's address, by URL name, its path parameters taken from ``objects``."""
    slugs = {
        "events": objects["event"],
        "news": "water-for-all",
        "library": "water-guide",
        "campaigns": "solidarity",
        "pledges": "water-pledge",
        "directory:organisation": "cities-alliance",
        "directory:city": "kisumu",
        "directory:network": "hmln",
        "taxonomy:topic": "inclusion",
    }
    kwargs = {
        "site:sitemap-section": {"section": "items"},
        "taxonomy:framework": {"code": objects["framework"]},
        "dashboards:csv": {"section": "activity"},
        "engagement:network-surveys": {"network": "hmln"},
        "engagement:survey-results": {"network": "hmln", "year": 2024},
        "engagement:survey-results-csv": {"network": "hmln", "year": 2024},
        "engagement:survey-report": {"network": "hmln", "year": 2024},
        "api:framework": {"code": objects["framework"]},
        "api:organisation": {"slug": "cities-alliance"},
        "api:city": {"slug": "kisumu"},
        "api:network": {"slug": "hmln"},
        "api:topic": {"slug": "inclusion"},
        "api:campaign": {"slug": "solidarity"},
        "api:campaign-signatories": {"slug": "solidarity"},
        "api:item": {"slug": objects["event"]},
        "api:event": {"slug": objects["event"]},
        "api:story": {"slug": "water-for-all"},
        "api:resource": {"slug": "water-guide"},
    }
    pages = {}
    for name in _url_names():
        if name in NOT_HERE or name in TOKEN_PAGES:
            continue
        if name in kwargs:
            pages[name] = reverse(name, kwargs=kwargs[name])
            continue
        try:
            pages[name] = reverse(name)
        except NoReverseMatch:  # a page with a slug
            key = name if name in slugs else name.split(":")[0]
            pages[name] = reverse(name, kwargs={"slug": slugs[key]})
    return pages


@pytest.fixture
def site(db, admin_user):
    """Something on every page: an event, a story, a resource, a campaign, a pledge, a
    network with public survey results; the admin edits it all."""
    cache.clear()
    world = build_world()
    event = full_event(world, title="Water forum", slug="water-forum", registration_mode="open")
    full_story(world, title="Water for all", slug="water-for-all")
    full_resource(world, title="Water guide", slug="water-guide")
    campaign = CampaignFactory(title="Solidarity", slug="solidarity")
    ItemActorFactory(item=campaign, organisation=world.organiser, role="organiser")
    PledgeFactory(title="Water pledge", slug="water-pledge")
    network = NetworkFactory(slug="hmln", name="Host Municipalities Network")
    MembershipFactory(network=network, city=world.city, organisation=None, role="member")
    make_survey(network, 2024)
    current_index()
    yield {"event": event.slug, "framework": world.framework.code}
    cache.clear()


def check(response) -> None:
    """The answer is one of the expected ones, and inert."""
    assert response.status_code in ANSWERS, (response.status_code, response.content[:300])
    payloads.assert_inert(response, secret=settings.SECRET_KEY)
    content_type = response.get("Content-Type", "")
    if response.status_code != 200:
        return
    if "xml" in content_type:
        ElementTree.fromstring(response.content)
    elif "json" in content_type:
        json.loads(response.content)


def test_every_page_is_attacked_or_set_aside_with_a_reason(site):
    pages = site_pages(site)
    assert set(_url_names()) == set(pages) | set(NOT_HERE) | set(TOKEN_PAGES)


def test_the_api_root_is_not_found(client, site):
    response = client.get("/api/")

    assert response.status_code == 404


@pytest.mark.parametrize("family", payloads.FAMILIES)
def test_every_parameter_of_every_page_at_once(admin_client, site, family):
    """Two of each family in every parameter of every page (lists given twice)."""
    for payload in payloads.FAMILIES[family][:: len(payloads.FAMILIES[family]) // 2][:2]:
        query = {name: [payload, payload] for name in PARAMETERS}
        for name, path in site_pages(site).items():
            response = admin_client.get(path, query)
            assert response.status_code in ANSWERS, (name, payload, response.status_code)
            check(response)


@pytest.mark.parametrize("family", payloads.FAMILIES)
def test_the_search_page_takes_the_whole_corpus(client, site, family):
    for payload in payloads.FAMILIES[family]:
        response = client.get("/search/", {name: [payload, payload] for name in PARAMETERS})
        check(response)
        assert response.status_code == 200, (payload, response.status_code)


def test_each_search_parameter_alone(client, site):
    for name in PARAMETERS:
        for payload in payloads.sample():
            response = client.get("/search/", {name: payload})
            check(response)
            assert response.status_code == 200, (name, payload, response.status_code)


def test_search_text_is_echoed_escaped(client, site):
    for payload in payloads.XSS:
        response = client.get("/search/", {"q": payload})
        check(response)
        if payload.isprintable():
            # Read back in the search box and the chips, escaped.
            assert escape(payload.strip()) in response.content.decode(), payload


SEGMENTS = [
    *payloads.TRAVERSAL,
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "{{7*7}}",
    "a\x00b",
    "x" * 2_000,
    "\u202egnp",
]


def not_found(client, path: str, name: str) -> None:
    """A hostile address is not found (a form's address may first send to its page)."""
    response = client.get(path)
    check(response)
    if response.status_code == 302:
        response = client.get(response["Location"])
        check(response)
    assert response.status_code in {400, 404}, (name, path[:80], response.status_code)


def test_hostile_path_segments_are_not_found(admin_client, site):
    known = [site["event"], "water-for-all", "water-guide", "solidarity", "water-pledge"]
    known += ["cities-alliance", "kisumu", "hmln", "inclusion", site["framework"], "items"]
    pages = site_pages(site)
    for segment in SEGMENTS:
        hostile = quote(segment, safe="")
        for name, path in pages.items():
            value = next((value for value in known if f"/{value}" in path), None)
            if value is not None:
                not_found(admin_client, path.replace(f"/{value}", f"/{hostile}", 1), name)
        for name in TOKEN_PAGES:
            kwargs = {"token": "TOKEN"}
            if name == "accounts:password-reset-confirm":
                kwargs = {"uidb64": "TOKEN", "token": "TOKEN"}
            path = reverse(name, kwargs=kwargs).replace("TOKEN", hostile)
            response = admin_client.get(path)
            assert response.status_code in ANSWERS, (name, segment, response.status_code)
            check(response)


@pytest.mark.parametrize(
    ("page", "found"),
    [
        ("<p><img src=x onerror=alert(1)></p>", ["<img onerror='alert(1)'>"]),
        ('<input value="" onmouseover="alert(1)" x="">', ["<input onmouseover='alert(1)'>"]),
        ("<p><script>window.__pwned=1</script></p>", ["<script>window.__pwned=1</script>"]),
        ('<a href=" JaVa\tScript:alert(1)">x</a>', ["<a href=' JaVa\\tScript:alert(1)'>"]),
        ("<iframe src=/x></iframe>", ["<iframe> element"]),
        ("<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>", []),
        ('<script type="application/ld+json">{"name": "alert(1)"}</script>', []),
        ('<input value="&quot; onmouseover=&quot;alert(1)">', []),
    ],
)
def test_the_inspector_tells_markup_from_text(page, found):
    assert payloads.injected(page) == found
