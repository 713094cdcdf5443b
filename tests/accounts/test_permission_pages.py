"""Every page of the site, classified by who may open it, then each protected page against
every role: the exact answer, and nothing changed by a refused post.

``PAGES`` names every address the site has (the admin's apart: they are a family, one per
registered model, in ``ADMIN_MODELS``); a new address fails
``test_every_page_is_classified`` until it is added there, with its access.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.contrib import admin
from django.core import signing
from django.test import Client
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from crossroads.content.models import Status
from crossroads.engagement.campaigns import services as campaign_services
from crossroads.engagement.campaigns import tokens as campaign_tokens
from crossroads.engagement.models import (
    Invitation,
    PledgeMatch,
    Question,
    Section,
    Survey,
)
from crossroads.engagement.surveys import tokens as survey_tokens
from crossroads.events import tokens as event_tokens
from crossroads.events.models import Registration
from crossroads.ingest.models import Source
from tests.accounts.permission_world import (
    ROLES,
    World,
    build_world,
    changed,
    drafted_by,
    kept_for_the_module,
    snapshot,
)
from tests.factories import (
    CampaignFactory,
    CityFactory,
    ItemActorFactory,
    MembershipFactory,
    PledgeFactory,
    ResourceFactory,
    StoryFactory,
)

pytestmark = pytest.mark.django_db

# -- who may open each page -----------------------------------------------------------------
PUBLIC = "anyone"
SIGNED_IN = "anyone signed in"
ORGANISERS = "the event's editors"  # events/organiser.py
IMPORTERS = "editors, each the imports of their items"  # ingest/views.py
SURVEY_MANAGERS = "the network's secretariat, unless results are public"
PLEDGE_EDITORS = "the pledge's editors"
LINK = "whoever holds the link mailed to them"
PREVIEW = "anyone, and unpublished items for their editors"

MEDIA = "^media/(?P<path>.+)$"

# What a page answers, besides its status code.
LOGIN = "sent to sign in"
DONE = "done, and sent on"
NOTHING = "sent back, nothing done"
HIDDEN = "sent to the admin's index"  # the admin's "does not exist, perhaps deleted"

# fmt: off
PAGES = {
    # The site's root: robots.txt, the sitemap, the setting of the language.
    "site:robots": PUBLIC,
    "site:sitemap": PUBLIC,
    "site:sitemap-section": PUBLIC,
    "set_language": PUBLIC,
    "monitoring:healthz": PUBLIC,  # for the load balancer: says only "ok" or what is down
    "monitoring:readyz": PUBLIC,
    "home": PUBLIC,
    "accessibility": PUBLIC,
    # Feeds and calendars.
    "syndication:events-atom": PUBLIC,
    "syndication:events-rss": PUBLIC,
    "syndication:news-atom": PUBLIC,
    "syndication:news-rss": PUBLIC,
    "syndication:resources-atom": PUBLIC,
    "syndication:resources-rss": PUBLIC,
    "syndication:search-atom": PUBLIC,
    "syndication:search-rss": PUBLIC,
    "syndication:events-calendar": PUBLIC,
    "syndication:search-calendar": PUBLIC,
    # Events, their registration, and the organisers' pages.
    "events:list": PUBLIC,
    "events:detail": PREVIEW,
    "events:calendar": PREVIEW,
    "events:register": PUBLIC,
    "events:register-sent": PUBLIC,
    "events:registrations": ORGANISERS,
    "events:registrations-csv": ORGANISERS,
    "events:registrations-message": ORGANISERS,
    "events:registration-action": ORGANISERS,
    "events:confirm-registration": LINK,
    "events:registration": LINK,
    "events:registration-calendar": LINK,
    "events:registration-data": LINK,
    # News, resources, search, the map, peers, dashboards.
    "news:list": PUBLIC,
    "news:detail": PREVIEW,
    "library:list": PUBLIC,
    "library:detail": PREVIEW,
    "search:search": PUBLIC,
    "maps:map": PUBLIC,
    "maps:data": PUBLIC,
    "matching:peers": PUBLIC,
    "dashboards:dashboard": PUBLIC,
    "dashboards:csv": PUBLIC,
    # The review of imports.
    "ingest:queue": IMPORTERS,
    "ingest:import": IMPORTERS,
    "ingest:review": IMPORTERS,
    "ingest:accept": IMPORTERS,
    "ingest:reject": IMPORTERS,
    "ingest:merge": IMPORTERS,
    "ingest:split": IMPORTERS,
    "ingest:add-organisation": IMPORTERS,
    # Surveys, campaigns, pledges.
    "engagement:survey-answer": LINK,
    "engagement:network-surveys": PUBLIC,  # the unpublished ones for its managers only
    "engagement:survey-results": SURVEY_MANAGERS,
    "engagement:survey-results-csv": SURVEY_MANAGERS,
    "engagement:survey-report": SURVEY_MANAGERS,
    "engagement:survey-publish": SURVEY_MANAGERS,
    "campaigns:list": PUBLIC,
    "campaigns:detail": PREVIEW,
    "campaigns:sign": PUBLIC,
    "campaigns:sign-sent": PUBLIC,
    "campaigns:signatories-csv": PUBLIC,
    "campaigns:confirm": LINK,
    "campaigns:signature": LINK,
    "pledges:list": PUBLIC,
    "pledges:tracker": PUBLIC,
    "pledges:detail": PREVIEW,
    "pledges:propose": PLEDGE_EDITORS,
    "pledges:confirm": PLEDGE_EDITORS,
    # Accounts.
    "accounts:signup": PUBLIC,
    "accounts:signup-sent": PUBLIC,
    "accounts:resend": PUBLIC,
    "accounts:verify": LINK,
    "accounts:login": PUBLIC,
    "accounts:logout": PUBLIC,
    "accounts:password-reset": PUBLIC,
    "accounts:password-reset-sent": PUBLIC,
    "accounts:password-reset-complete": PUBLIC,
    "accounts:password-reset-confirm": LINK,
    "accounts:profile": SIGNED_IN,
    "accounts:data": SIGNED_IN,
    "accounts:delete": SIGNED_IN,
    "accounts:deleted": PUBLIC,
    "accounts:privacy": PUBLIC,
    # The directory and vocabularies.
    "directory:organisations": PUBLIC,
    "directory:organisation": PUBLIC,
    "directory:cities": PUBLIC,
    "directory:city": PUBLIC,
    "directory:networks": PUBLIC,
    "directory:network": PUBLIC,
    "taxonomy:topics": PUBLIC,
    "taxonomy:topic": PUBLIC,
    "taxonomy:frameworks": PUBLIC,
    "taxonomy:framework": PUBLIC,
    # The API (tests/accounts/test_permission_api.py plays each operation).
    "api:api-root": PUBLIC,
    "api:openapi-json": PUBLIC,
    "api:openapi-view": PUBLIC,
    "api:items": PUBLIC,
    "api:item": PUBLIC,
    "api:item-text": PUBLIC,
    "api:item-status": PUBLIC,
    "api:events": PUBLIC,
    "api:event": PUBLIC,
    "api:stories": PUBLIC,
    "api:story": PUBLIC,
    "api:resources": PUBLIC,
    "api:resource": PUBLIC,
    "api:organisations": PUBLIC,
    "api:organisation": PUBLIC,
    "api:cities": PUBLIC,
    "api:city": PUBLIC,
    "api:networks": PUBLIC,
    "api:network": PUBLIC,
    "api:topics": PUBLIC,
    "api:topic": PUBLIC,
    "api:frameworks": PUBLIC,
    "api:framework": PUBLIC,
    "api:campaigns": PUBLIC,
    "api:campaign": PUBLIC,
    "api:campaign-signatories": PUBLIC,
    # Addresses without a name, by their pattern.
    "api/^(?P<rest>.*)$": PUBLIC,  # "nothing here", as JSON
    MEDIA: PUBLIC,  # uploaded files, when the site serves them itself (SERVE_MEDIA)
}
# fmt: on
API_PAGES = {name for name in PAGES if name.startswith("api:")}

#: The admin's own pages, besides each registered model's.
ADMIN_SITE_PAGES = {
    "admin:index",
    "admin:login",
    "admin:logout",
    "admin:password_change",
    "admin:password_change_done",
    "admin:autocomplete",
    "admin:jsi18n",
    "admin:view_on_site",
    "admin:app_list",
    "admin:auth_user_password_change",  # an account's password: ACCOUNTS, as auth.user
}
ADMIN_VIEWS = ("changelist", "add", "history", "delete", "change")


def named_patterns(resolver=None, namespace: str = "", prefix: str = ""):
    """(name, pattern) of every address: names with their namespaces, or the whole
    pattern for an unnamed one; the pages under a language prefix once (in English)."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        pattern = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from named_patterns(entry, inner, pattern)
        else:
            assert isinstance(entry, URLPattern)
            yield (f"{namespace}{entry.name}" if entry.name else pattern), pattern


def test_every_page_is_classified():
    found = {name for name, _pattern in named_patterns() if not name.startswith("admin")}
    expected = set(PAGES) if settings.SERVE_MEDIA else set(PAGES) - {MEDIA}
    assert found == expected


# Who reaches each registered model's list and add form in the admin, role by role (the
# pages of one object, for items of either organisation: tests/accounts/test_permissions.py).
_L, _F = (LOGIN, LOGIN), (403, 403)
_SEE, _ALL = (200, 403), (200, 200)
#                          visitor participant staff editor_a editor_b secretariat admin
ITEMS =                   (_L, _L, _F, _ALL, _ALL, _ALL, _ALL)  # fmt: skip
REFERENCE =               (_L, _L, _F, _SEE, _SEE, _ALL, _ALL)  # fmt: skip
ACCOUNTS =                (_L, _L, _F, _F,   _F,   _F,   _ALL)  # fmt: skip
SURVEYS =                 (_L, _L, _F, _F,   _F,   _ALL, _ALL)  # fmt: skip
SEEN_BY_SECRETARIATS =    (_L, _L, _F, _F,   _F,   _SEE, _SEE)  # fmt: skip
SEEN_BY_EDITORS =         (_L, _L, _F, _SEE, _SEE, _SEE, _SEE)  # fmt: skip
SEEN_BY_ADMINISTRATORS =  (_L, _L, _F, _F,   _F,   _F,   _SEE)  # fmt: skip

ADMIN_MODELS = {
    "accounts.grant": ACCOUNTS,
    "auth.user": ACCOUNTS,
    "audit.auditentry": SEEN_BY_SECRETARIATS,  # the audit log: written by nobody
    "directory.city": REFERENCE,
    "directory.country": REFERENCE,
    "directory.network": REFERENCE,
    "directory.office": REFERENCE,
    "directory.organisation": REFERENCE,
    "directory.person": REFERENCE,
    "engagement.campaign": ITEMS,
    "engagement.pledge": ITEMS,
    "engagement.signature": SEEN_BY_EDITORS,  # signatures come through the site only
    "engagement.survey": SURVEYS,
    "engagement.question": SEEN_BY_SECRETARIATS,  # added within a survey's page
    "engagement.response": SEEN_BY_SECRETARIATS,  # answered through the invitations' links
    "events.event": ITEMS,
    "events.session": ITEMS,
    "ingest.source": SEEN_BY_ADMINISTRATORS,  # editors review imports at /review/imports/
    "library.resource": ITEMS,
    "matching.cityneed": REFERENCE,
    "matching.displacementfigure": REFERENCE,
    "matching.needreading": REFERENCE,
    "news.story": ITEMS,
    "taxonomy.framework": REFERENCE,
    "taxonomy.objective": REFERENCE,
    "taxonomy.topic": REFERENCE,
}


def test_every_admin_page_is_classified():
    found = {name for name, _pattern in named_patterns() if name.startswith("admin:")}
    models = {model._meta.label_lower for model in admin.site._registry}
    assert models == set(ADMIN_MODELS)
    per_model = {
        f"admin:{label.replace('.', '_')}_{view}" for label in ADMIN_MODELS for view in ADMIN_VIEWS
    }
    assert found == ADMIN_SITE_PAGES | per_model


# -- the world, and the answers -------------------------------------------------------------
@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker) -> Iterator[World]:
    with kept_for_the_module(django_db_blocker):
        yield pages_world()


def pages_world() -> World:
    """The shared world, with a confirmed registration and an import of each event, a
    private survey of network N, a published pledge by each organisation with a match
    between them that neither side confirmed yet, a draft of every other kind of item by
    A, and a signature of a campaign of A."""
    world = build_world()
    now = timezone.now()
    for key in ("A", "B"):
        event = world.items[key]
        world.items[f"registration of {key}"] = Registration.objects.create(
            event=event,
            name=f"Registrant of {key}",
            email=f"registrant-{key.lower()}@example.org",
            attendance_mode="in_person",
            status="confirmed",
            consented_at=now,
        )
        world.items[f"import of {key}"] = Source.objects.create(
            item=event,
            relation="created",
            location=f"https://example.org/{key.lower()}",
            fetched_at=now,
            content_hash=key.lower() * 64,
            content_type="text/html",
            language="en",
            text=f"The page of {event.title}.",
            record={"kind": "event", "title": event.title},
        )
    city = CityFactory(name="Member city")
    MembershipFactory(network=world.network, city=city)
    survey = Survey.objects.create(
        network=world.network,
        year=2024,
        title="Members' survey",
        opens_at=now - dt.timedelta(days=1),
        closes_at=now + dt.timedelta(days=30),
        results_public=False,
    )
    section = Section.objects.create(survey=survey, title="Needs", order=1)
    Question.objects.create(
        survey=survey, section=section, code="staff", kind="number", text="How many?", order=1
    )
    world.items["survey"] = survey
    world.items["invitation"] = Invitation.objects.create(
        survey=survey, city=city, email="city@example.org"
    )
    for key, organisation in (("A", world.org_a), ("B", world.org_b)):
        kind = "offer" if key == "A" else "need"
        pledge = PledgeFactory(title=f"Pledge of {key}", pledge_type=kind, status=Status.PUBLISHED)
        ItemActorFactory(item=pledge, organisation=organisation)
        world.items[f"pledge of {key}"] = pledge
    world.items["match"] = PledgeMatch.objects.create(
        offer=world.items["pledge of A"], need=world.items["pledge of B"]
    )
    for key, factory in (
        ("story of A", StoryFactory),
        ("resource of A", ResourceFactory),
        ("draft campaign of A", CampaignFactory),
        ("draft pledge of A", PledgeFactory),
    ):
        world.items[key] = drafted_by(world.org_a, factory)
    campaign = CampaignFactory(title="Campaign of A")
    ItemActorFactory(item=campaign, organisation=world.org_a)
    world.items["signature"], _new = campaign_services.sign(
        campaign=campaign,
        details=campaign_services.Details(
            name="Signer",
            title="Mayor",
            email="signer@example.org",
            language="en",
            city=None,
            organisation=world.org_a,
        ),
    )
    return world


def answer(response) -> str | int:
    if response.status_code == 302:
        login = reverse("accounts:login") + "?"
        return LOGIN if response.url.startswith(login) else DONE
    return response.status_code


@dataclass(frozen=True)
class Call:
    """A request to a page: its name, its arguments and what is posted (None: a GET)."""

    name: str
    args: Callable[[World], list]
    data: Callable[[World], dict] | None = None

    def send(self, world: World, client):
        address = reverse(self.name, args=self.args(world))
        if self.data is None:
            return client.get(address)
        return client.post(address, self.data(world))


def slug_of(key: str) -> Callable[[World], list]:
    return lambda w: [w.items[key].slug]


def pk_of(key: str) -> Callable[[World], list]:
    return lambda w: [w.items[key].pk]


def registration_of(key: str) -> Callable[[World], list]:
    return lambda w: [w.items[key].slug, w.items[f"registration of {key}"].pk]


def nothing(world: World) -> dict:
    return {}


def survey_of_n(world: World) -> list:
    return [world.network.slug, 2024]


CALLS = {
    "events:detail of A": Call("events:detail", slug_of("A")),
    "events:detail of B": Call("events:detail", slug_of("B")),
    "events:calendar of A": Call("events:calendar", slug_of("A")),
    "news:detail of A": Call("news:detail", slug_of("story of A")),
    "library:detail of A": Call("library:detail", slug_of("resource of A")),
    "campaigns:detail of A": Call("campaigns:detail", slug_of("draft campaign of A")),
    "pledges:detail of A": Call("pledges:detail", slug_of("draft pledge of A")),
    "events:registrations of A": Call("events:registrations", slug_of("A")),
    "events:registrations of B": Call("events:registrations", slug_of("B")),
    "events:registrations-csv of A": Call("events:registrations-csv", slug_of("A")),
    "events:registrations-csv of B": Call("events:registrations-csv", slug_of("B")),
    "events:registrations-message of A": Call("events:registrations-message", slug_of("A")),
    "events:registrations-message of B": Call("events:registrations-message", slug_of("B")),
    "post events:registrations-message of A": Call(
        "events:registrations-message", slug_of("A"), lambda w: {"subject": "", "message": ""}
    ),
    "post events:registration-action of A": Call(
        "events:registration-action", registration_of("A"), lambda w: {"action": "check_in"}
    ),
    "post events:registration-action of B": Call(
        "events:registration-action", registration_of("B"), lambda w: {"action": "check_in"}
    ),
    "ingest:queue": Call("ingest:queue", lambda w: []),
    "post ingest:import": Call("ingest:import", lambda w: [], nothing),
    "ingest:review of A": Call("ingest:review", pk_of("import of A")),
    "ingest:review of B": Call("ingest:review", pk_of("import of B")),
    "post ingest:accept of A": Call("ingest:accept", pk_of("import of A"), nothing),
    "post ingest:accept of B": Call("ingest:accept", pk_of("import of B"), nothing),
    "post ingest:reject of B": Call("ingest:reject", pk_of("import of B"), nothing),
    "post ingest:merge of B": Call("ingest:merge", pk_of("import of B"), nothing),
    "post ingest:split of B": Call("ingest:split", pk_of("import of B"), nothing),
    "post ingest:add-organisation of B": Call(
        "ingest:add-organisation", pk_of("import of B"), nothing
    ),
    "engagement:survey-results": Call("engagement:survey-results", survey_of_n),
    "engagement:survey-results-csv": Call("engagement:survey-results-csv", survey_of_n),
    "engagement:survey-report": Call("engagement:survey-report", survey_of_n),
    "post engagement:survey-publish": Call("engagement:survey-publish", survey_of_n, nothing),
    "post pledges:propose for A": Call(
        "pledges:propose", slug_of("pledge of A"), lambda w: {"other": w.items["pledge of B"].pk}
    ),
    "post pledges:confirm for A": Call(
        "pledges:confirm", slug_of("pledge of A"), lambda w: {"match": w.items["match"].pk}
    ),
    "accounts:profile": Call("accounts:profile", lambda w: []),
    "post accounts:profile": Call("accounts:profile", lambda w: [], nothing),
    "accounts:data": Call("accounts:data", lambda w: []),
    "accounts:delete": Call("accounts:delete", lambda w: []),
    "post accounts:delete": Call("accounts:delete", lambda w: [], nothing),
}

L, D, N = LOGIN, DONE, NOTHING

# fmt: off
#                                  visitor participant staff editor_a editor_b secretariat admin
PROTECTED = {
    # Unpublished items: "not found" but for their editors (a preview).
    "events:detail of A":                   (404, 404, 404, 200, 404, 200, 200),
    "events:detail of B":                   (404, 404, 404, 404, 200, 404, 200),
    "events:calendar of A":                 (404, 404, 404, 200, 404, 200, 200),
    "news:detail of A":                     (404, 404, 404, 200, 404, 200, 200),
    "library:detail of A":                  (404, 404, 404, 200, 404, 200, 200),
    "campaigns:detail of A":                (404, 404, 404, 200, 404, 200, 200),
    "pledges:detail of A":                  (404, 404, 404, 200, 404, 200, 200),
    "events:registrations of A":            (L, 404, 404, 200, 404, 200, 200),
    "events:registrations of B":            (L, 404, 404, 404, 200, 404, 200),
    "events:registrations-csv of A":        (L, 404, 404, 200, 404, 200, 200),
    "events:registrations-csv of B":        (L, 404, 404, 404, 200, 404, 200),
    "events:registrations-message of A":    (L, 404, 404, 200, 404, 200, 200),
    "events:registrations-message of B":    (L, 404, 404, 404, 200, 404, 200),
    "post events:registrations-message of A": (L, 404, 404, 400, 404, 400, 400),
    "post events:registration-action of A": (L, 404, 404, D,   404, D,   D),
    "post events:registration-action of B": (L, 404, 404, 404, D,   404, D),
    "ingest:queue":                         (L, 403, 403, 200, 200, 200, 200),
    "post ingest:import":                   (L, 403, 403, 400, 400, 400, 400),
    "ingest:review of A":                   (L, 403, 403, 200, 404, 200, 200),
    "ingest:review of B":                   (L, 403, 403, 404, 200, 404, 200),
    "post ingest:accept of A":              (L, 403, 403, D,   404, D,   D),
    "post ingest:accept of B":              (L, 403, 403, 404, D,   404, D),
    "post ingest:reject of B":              (L, 403, 403, 404, 400, 404, 400),
    "post ingest:merge of B":               (L, 403, 403, 404, 400, 404, 400),
    # Only an item linked to a page of its own splits: these are the pages that made them.
    "post ingest:split of B":               (L, 403, 403, 404, N,   404, N),
    # The directory is the secretariats': an editor is refused even for their own import.
    "post ingest:add-organisation of B":    (L, 403, 403, 404, 403, 404, N),
    # Private results: not found, for visitors too.
    "engagement:survey-results":            (404, 404, 404, 404, 404, 200, 200),
    "engagement:survey-results-csv":        (404, 404, 404, 404, 404, 200, 200),
    "engagement:survey-report":             (404, 404, 404, 404, 404, 200, 200),
    "post engagement:survey-publish":       (L, 404, 404, 404, 404, D,   D),
    # Pledges refuse (403) rather than send visitors to sign in.
    "post pledges:propose for A":           (403, 403, 403, D, 403, D,   D),
    "post pledges:confirm for A":           (403, 403, 403, D, D,   D,   D),
    "accounts:profile":                     (L, 200, 200, 200, 200, 200, 200),
    "post accounts:profile":                (L, 200, 200, 200, 200, 200, 200),
    "accounts:data":                        (L, 200, 200, 200, 200, 200, 200),
    "accounts:delete":                      (L, 200, 200, 200, 200, 200, 200),
    "post accounts:delete":                 (L, 200, 200, 200, 200, 200, 200),
}
# fmt: on
PROTECTED_CLASSES = (ORGANISERS, IMPORTERS, SURVEY_MANAGERS, PLEDGE_EDITORS, SIGNED_IN, PREVIEW)


def test_every_protected_page_is_in_the_matrix():
    protected = {name for name, access in PAGES.items() if access in PROTECTED_CLASSES}
    assert {call.name for call in CALLS.values()} == protected
    assert set(CALLS) == set(PROTECTED)


def cells(matrix: dict) -> list:
    return [
        pytest.param(role, row, expected, id=f"{row}-{role}")
        for row, outcomes in matrix.items()
        for role, expected in zip(ROLES, outcomes, strict=True)
    ]


@pytest.mark.parametrize(("role", "row", "expected"), cells(PROTECTED))
def test_protected_pages(world, role, row, expected):
    call, client = CALLS[row], world.client(role)
    before = snapshot() if call.data is not None else None

    got = answer(call.send(world, client))

    if before is None:
        assert got == expected
        return
    # A post is done when it changes something, and sends the person on; any other post
    # changes nothing.
    changes = changed(before)
    if got == DONE and not changes:
        got = NOTHING
    assert got == expected
    assert bool(changes) == (got == DONE), changes


# -- the admin, model by model ----------------------------------------------------------------
def admin_answer(response) -> str | int:
    if response.status_code == 302 and response.url.startswith(reverse("admin:login")):
        return LOGIN
    if response.status_code == 302 and response.url == reverse("admin:index"):
        return HIDDEN
    return response.status_code


@pytest.mark.parametrize("label", sorted(ADMIN_MODELS))
def test_admin_pages_of_each_model(world, label):
    app_label, model_name = label.split(".")
    got = {}
    for role in ROLES:
        client = world.client(role)
        got[role] = tuple(
            admin_answer(client.get(reverse(f"admin:{app_label}_{model_name}_{view}")))
            for view in ("changelist", "add")
        )
    assert got == dict(zip(ROLES, ADMIN_MODELS[label], strict=True))


# -- links mailed to people ---------------------------------------------------------------------
def expired(value: int, salt: str) -> str:
    """A link signed as ``tokens.make_token`` signs it, eight days ago."""

    class EightDaysAgo(signing.TimestampSigner):
        def timestamp(self) -> str:
            return signing.b62_encode(int(time.time()) - 8 * 24 * 3600)

    return EightDaysAgo(salt=salt).sign_object(value, compress=False)


def event_link(purpose: str, key: str = "registration of A"):
    return lambda w: [event_tokens.make_token(w.items[key].pk, purpose)]


def signature_link(purpose: str):
    return lambda w: [campaign_tokens.make_token(w.items["signature"].pk, purpose)]


def survey_link(world: World) -> list:
    return [survey_tokens.make_token(world.items["invitation"].pk)]


def altered(link: Callable[[World], list]) -> Callable[[World], list]:
    """``link`` with its last character changed."""

    def make(world: World) -> list:
        token = link(world)[0]
        return [token[:-1] + ("A" if token[-1] != "A" else "B")]

    return make


def garbage(world: World) -> list:
    return ["no-such-link"]


CONFIRM, MANAGE = event_tokens.CONFIRM, event_tokens.MANAGE
OTHER = {"action": "cancel"}

#: (page, its link, what is posted or None, the answer): the link each page is for opens
#: it; any other link is refused, and a refused post changes nothing.
LINKS = {
    "registration: its link": ("events:registration", event_link(MANAGE), None, 200),
    "registration: another's link": (
        "events:registration",
        event_link(MANAGE, "registration of B"),
        None,
        200,
    ),
    "registration: altered": ("events:registration", altered(event_link(MANAGE)), OTHER, 400),
    "registration: a confirmation link": ("events:registration", event_link(CONFIRM), OTHER, 400),
    "registration: a signature's link": (
        "events:registration",
        signature_link(campaign_tokens.MANAGE),
        OTHER,
        400,
    ),
    "registration: garbage": ("events:registration", garbage, OTHER, 400),
    "confirm registration: its link": (
        "events:confirm-registration",
        event_link(CONFIRM),
        None,
        200,
    ),
    "confirm registration: expired": (
        "events:confirm-registration",
        lambda w: [
            expired(w.items["registration of A"].pk, "crossroads.events.registration.confirm")
        ],
        {},
        400,
    ),
    "confirm registration: a managing link": (
        "events:confirm-registration",
        event_link(MANAGE),
        {},
        400,
    ),
    "registration calendar: its link": (
        "events:registration-calendar",
        event_link(MANAGE),
        None,
        200,
    ),
    "registration calendar: garbage": ("events:registration-calendar", garbage, None, 400),
    "registration data: its link": ("events:registration-data", event_link(MANAGE), None, 200),
    "registration data: a confirmation link": (
        "events:registration-data",
        event_link(CONFIRM),
        None,
        400,
    ),
    "signature: its link": (
        "campaigns:signature",
        signature_link(campaign_tokens.MANAGE),
        None,
        200,
    ),
    "signature: a confirmation link": (
        "campaigns:signature",
        signature_link(campaign_tokens.CONFIRM),
        {"action": "withdraw"},
        404,
    ),
    "signature: a registration's link": (
        "campaigns:signature",
        event_link(MANAGE),
        {"action": "withdraw"},
        404,
    ),
    "confirm signature: its link": (
        "campaigns:confirm",
        signature_link(campaign_tokens.CONFIRM),
        None,
        200,
    ),
    "confirm signature: expired": (
        "campaigns:confirm",
        lambda w: [expired(w.items["signature"].pk, "crossroads.engagement.signature.confirm")],
        {},
        404,
    ),
    "confirm signature: altered": (
        "campaigns:confirm",
        altered(signature_link(campaign_tokens.CONFIRM)),
        {},
        404,
    ),
    "survey answers: its link": ("engagement:survey-answer", survey_link, None, 200),
    "survey answers: altered": (
        "engagement:survey-answer",
        altered(survey_link),
        {"action": "submit"},
        404,
    ),
    "survey answers: a registration's link": (
        "engagement:survey-answer",
        event_link(MANAGE),
        {"action": "submit"},
        404,
    ),
    "verify an address: garbage": ("accounts:verify", garbage, {}, 400),
    "new password: garbage": (
        "accounts:password-reset-confirm",
        lambda w: ["MQ", "no-such-link"],
        None,
        200,
    ),
}


def test_every_link_page_is_tried():
    assert {name for name, *_rest in LINKS.values()} == {
        name for name, access in PAGES.items() if access == LINK
    }


@pytest.mark.parametrize(("page", "link", "data", "expected"), LINKS.values(), ids=list(LINKS))
def test_links(world, page, link, data, expected):
    client = Client()
    address = reverse(page, args=link(world))
    before = snapshot()

    response = client.get(address) if data is None else client.post(address, data)

    assert response.status_code == expected
    assert changed(before) == []
    if page == "accounts:password-reset-confirm":
        assert response.context["validlink"] is False


def change_page(key: str) -> Callable[[World], str]:
    def address(world: World) -> str:
        opts = world.items[key]._meta
        return reverse(
            f"admin:{opts.app_label}_{opts.model_name}_change", args=[world.items[key].pk]
        )

    return address


H = HIDDEN

# fmt: off
#                   visitor participant staff editor_a editor_b secretariat admin
ADMIN_OBJECTS = {
    "pledge of A":  (L, L, 403, 200, H,   200, 200),
    "pledge of B":  (L, L, 403, H,   200, H,   200),
    "survey":       (L, L, 403, 403, 403, 200, 200),
    "import of A":  (L, L, 403, 403, 403, 403, 200),
    "signature":    (L, L, 403, 200, H,   200, 200),  # on a campaign of A
}
# fmt: on


@pytest.mark.parametrize(("role", "key", "expected"), cells(ADMIN_OBJECTS))
def test_admin_pages_of_one_object(world, role, key, expected):
    assert admin_answer(world.client(role).get(change_page(key)(world))) == expected


# -- public pages ---------------------------------------------------------------------------------
def public_without_arguments() -> list[str]:
    names = []
    for name, access in PAGES.items():
        if access != PUBLIC or name.startswith("api"):  # the API: test_permission_api.py
            continue
        try:
            reverse(name)
        except NoReverseMatch:  # an address with arguments, or without a name
            continue
        names.append(name)
    return names


#: Public pages that do not answer a visitor's GET with their page.
NOT_A_PAGE = {
    "set_language": 302,  # back to where the visitor was
    "accounts:logout": 405,  # a post only
}


@pytest.mark.parametrize("name", public_without_arguments())
def test_public_pages_answer_a_visitor(world, name):
    assert Client().get(reverse(name)).status_code == NOT_A_PAGE.get(name, 200)
