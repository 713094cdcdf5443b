"""What the item pages tell other programs, read as they read it (``extruct``): schema.org
JSON-LD (Event, NewsArticle, Report or CreativeWork), Open Graph and Twitter card tags, the
canonical address, and share links that need no third-party script."""

import datetime as dt
import re

import extruct
import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from crossroads.events import services
from crossroads.events.models import Registration
from crossroads.library.models import ResourceVersion
from crossroads.news.models import Story
from crossroads.syndication.jsonld import script
from tests.content.builders import build_world
from tests.content.pages import html, section
from tests.events.registering import details
from tests.factories import (
    CityFactory,
    CountryFactory,
    EventDocumentFactory,
    EventFactory,
    ItemActorFactory,
    ItemTranslationFactory,
    OfficeFactory,
    OrganisationFactory,
    ParticipantFactory,
    PersonFactory,
    ResourceFactory,
    ResourceVersionFactory,
    SessionFactory,
    StoryFactory,
)

pytestmark = pytest.mark.django_db

SITE = "https://crossroads.example"  # tests/syndication/conftest.py
D = dt.date
T = dt.time
UTC = dt.UTC
SECRET = "https://meet.example.org/secret-room"
HOSTILE = "</script><script>alert(1)</script>"

OFFLINE = "https://schema.org/OfflineEventAttendanceMode"
ONLINE = "https://schema.org/OnlineEventAttendanceMode"
MIXED = "https://schema.org/MixedEventAttendanceMode"
SCHEDULED = "https://schema.org/EventScheduled"


def read(client, path: str, **headers) -> tuple[dict, list[tuple[str, str]], str]:
    """The page's one JSON-LD object, its Open Graph properties, and its HTML."""
    response = client.get(path, **headers, follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    found = extruct.extract(page, base_url=SITE + path, syntaxes=["json-ld", "opengraph"])
    (data,) = found["json-ld"]
    (graph,) = found["opengraph"]
    return data, [tuple(pair) for pair in graph["properties"]], page


def script_text(response) -> str:
    page = html(response)
    start = page.index('<script type="application/ld+json">') + len(
        '<script type="application/ld+json">'
    )
    return page[start : page.index("</script>", start)]


def head(page: str) -> str:
    return page[page.index("<head>") : page.index("</head>")]


def organisation(name: str, slug: str, **fields) -> dict:
    return {"@type": "Organization", "name": name, "url": f"{SITE}/organizations/{slug}/", **fields}


# -- events ---------------------------------------------------------------------------
def kisumu_forum():
    """A hybrid forum in Kisumu with its times in Nairobi's zone, organisers, a funder, a
    series, two timed sessions and one untimed, a rapporteur, an agenda and a report, a
    side event, and registration open with places left."""
    world = build_world()
    series = EventFactory(title="Hub meetings", slug="hub-meetings", city=world.city)
    event = EventFactory(
        title="Kisumu forum",
        slug="kisumu-forum",
        summary="Cities and refugees.",
        start_date=D(2030, 5, 17),
        end_date=D(2030, 5, 18),
        start_time=T(9),
        end_time=T(17),
        timezone="Africa/Nairobi",
        attendance_mode="hybrid",
        venue="Tom Mboya Labour College",
        city=world.city,
        online_url=SECRET,
        parent=series,
        registration_mode="open",
        capacity_in_person=2,
        capacity_online=1,
        registration_deadline=dt.datetime(2030, 5, 10, 12, tzinfo=UTC),
    )
    ItemActorFactory(item=event, organisation=world.organiser, role="organiser")
    ItemActorFactory(
        item=event,
        organisation=OrganisationFactory(
            name="County of Kisumu", slug="kisumu-county", website="https://kisumu.go.ke/"
        ),
        role="host",
    )
    ItemActorFactory(item=event, organisation=world.partner, role="partner")
    ItemActorFactory(
        item=event,
        organisation=OrganisationFactory(name="Fund", slug="fund", acronym="F"),
        role="funder",
    )
    opening = SessionFactory(
        event=event, day=D(2030, 5, 17), start_time=T(9, 30), end_time=T(11), title="Opening"
    )
    ParticipantFactory(
        session=opening,
        role="chair",
        person=world.person,
        office=world.office,
        organisation=world.organiser,
    )
    ParticipantFactory(session=opening, role="speaker", organisation=world.partner)
    ParticipantFactory(
        session=opening,
        role="rapporteur",
        person=PersonFactory(name="Note Taker"),
        organisation=None,
    )
    SessionFactory(event=event, day=D(2030, 5, 17), start_time=None, end_time=None, title="Visits")
    panel = SessionFactory(
        event=event, day=D(2030, 5, 18), start_time=T(14), end_time=None, title="Panel"
    )
    ParticipantFactory(session=panel, role="speaker", organisation=world.partner)
    ParticipantFactory(
        session=panel,
        role="panellist",
        office=OfficeFactory(title="Mayor", city=world.city),
        organisation=None,
    )
    agenda = ResourceFactory(title="Agenda", slug="agenda", resource_type="agenda")
    EventDocumentFactory(event=event, resource=agenda, role="agenda")
    report = ResourceFactory(title="Forum report", slug="forum-report", resource_type="report")
    EventDocumentFactory(event=event, resource=report, role="report", order=1)
    EventDocumentFactory(event=event, resource=ResourceFactory(status="draft", published_at=None))
    EventFactory(title="Workshop", slug="workshop", parent=event, start_date=D(2030, 5, 18))
    EventFactory(title="Draft side event", parent=event, status="draft", published_at=None)
    return event


KISUMU = {
    "@type": "Place",
    "name": "Tom Mboya Labour College",
    "address": {"@type": "PostalAddress", "addressLocality": "Kisumu", "addressCountry": "KE"},
}
FORUM_PAGE = f"{SITE}/events/kisumu-forum/"
FORUM_WHERE = [KISUMU, {"@type": "VirtualLocation", "url": FORUM_PAGE}]
AMINA = {
    "@type": "Person",
    "name": "Amina Njoroge",
    "jobTitle": "Deputy Governor of Kisumu",
    "affiliation": organisation("Cities Alliance", "cities-alliance"),
}
HABITAT = organisation("UN-Habitat", "un-habitat")
MAYOR = {"@type": "Person", "name": "Mayor of Kisumu"}


def test_an_event_page_describes_the_event(client):
    kisumu_forum()

    data, _graph, page = read(client, "/events/kisumu-forum/")

    assert data == {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": "Kisumu forum",
        "description": "Cities and refugees.",
        "url": FORUM_PAGE,
        "startDate": "2030-05-17T09:00:00+03:00",
        "endDate": "2030-05-18T17:00:00+03:00",
        "eventAttendanceMode": MIXED,
        "eventStatus": SCHEDULED,
        "location": FORUM_WHERE,
        "organizer": [
            organisation("Cities Alliance", "cities-alliance"),
            {"@type": "Organization", "name": "County of Kisumu", "url": "https://kisumu.go.ke/"},
        ],
        "funder": [organisation("Fund", "fund", alternateName="F")],
        # Everyone on a panel once, in the programme's order; not the rapporteur.
        "performer": [AMINA, HABITAT, MAYOR],
        # The sessions with a time.
        "subEvent": [
            {
                "@type": "Event",
                "name": "Opening",
                "startDate": "2030-05-17T09:30:00+03:00",
                "endDate": "2030-05-17T11:00:00+03:00",
                "eventAttendanceMode": MIXED,
                "eventStatus": SCHEDULED,
                "location": FORUM_WHERE,
                "performer": [AMINA, HABITAT],
                "url": FORUM_PAGE,
            },
            {
                "@type": "Event",
                "name": "Panel",
                "startDate": "2030-05-18T14:00:00+03:00",
                "eventAttendanceMode": MIXED,
                "eventStatus": SCHEDULED,
                "location": FORUM_WHERE,
                "performer": [HABITAT, MAYOR],
                "url": FORUM_PAGE,
            },
            # Events of their own that are part of it.
            {
                "@type": "Event",
                "name": "Workshop",
                "url": f"{SITE}/events/workshop/",
                "startDate": "2030-05-18",
                "endDate": "2030-05-18",
            },
        ],
        "superEvent": {
            "@type": "Event",
            "name": "Hub meetings",
            "url": f"{SITE}/events/hub-meetings/",
        },
        "subjectOf": [
            {"@type": "CreativeWork", "name": "Agenda", "url": f"{SITE}/resources/agenda/"},
            {"@type": "Report", "name": "Forum report", "url": f"{SITE}/resources/forum-report/"},
        ],
        "offers": {
            "@type": "Offer",
            "url": f"{SITE}/events/kisumu-forum/register/",
            "availability": "https://schema.org/InStock",
            "validThrough": "2030-05-10T12:00:00+00:00",
        },
        "inLanguage": "en",
    }
    assert "meet.example.org" not in page  # the online link is for participants only


def test_a_full_event_offers_no_places(client):
    event = kisumu_forum()

    def confirm(number, mode):
        registration, _new = services.register(
            event=event, details=details(number, attendance_mode=mode)
        )
        services.confirm_email(registration=registration)

    confirm(1, "in_person")
    confirm(2, "in_person")
    data, _graph, _page = read(client, "/events/kisumu-forum/")
    assert data["offers"]["availability"] == "https://schema.org/InStock"  # online, one left

    confirm(3, "virtual")
    assert Registration.objects.filter(status="confirmed").count() == 3
    data, _graph, _page = read(client, "/events/kisumu-forum/")
    assert data["offers"]["availability"] == "https://schema.org/SoldOut"


def test_events_are_read_in_the_visitors_language(client):
    event = kisumu_forum()
    ItemTranslationFactory(item=event, language="fr", title="Forum de Kisumu", summary="Villes.")
    ItemTranslationFactory(item=event.parent, language="fr", title="Réunions")

    data, graph, _page = read(client, "/events/kisumu-forum/", HTTP_ACCEPT_LANGUAGE="fr")

    assert (data["name"], data["description"], data["inLanguage"]) == (
        "Forum de Kisumu",
        "Villes.",
        "fr",
    )
    assert data["superEvent"]["name"] == "Réunions"
    assert ("og:title", "Forum de Kisumu") in graph
    assert ("og:locale", "fr_FR") in graph


@pytest.mark.parametrize(
    ("fields", "dates"),
    [
        ({}, ("2030-05-17", "2030-05-17")),
        ({"end_date": D(2030, 5, 19)}, ("2030-05-17", "2030-05-19")),
        (
            {"start_time": T(10), "timezone": "Europe/Paris"},
            ("2030-05-17T10:00:00+02:00", "2030-05-17"),
        ),
        (
            {"start_date": D(2030, 3, 1), "end_date": D(2030, 4, 30), "date_precision": "month"},
            ("2030-03", "2030-04"),
        ),
        (
            {"start_date": D(2030, 1, 1), "end_date": D(2030, 12, 31), "date_precision": "year"},
            ("2030", "2030"),
        ),
    ],
    ids=["day", "days", "start-time-only", "months", "year"],
)
def test_dates_keep_their_precision(client, fields, dates):
    EventFactory(slug="when", **{"start_date": D(2030, 5, 17), **fields})

    data, _graph, _page = read(client, "/events/when/")

    assert (data["startDate"], data["endDate"]) == dates


def test_a_month_precision_programme_has_no_timed_sub_events(client):
    event = EventFactory(
        slug="march", start_date=D(2030, 3, 1), end_date=D(2030, 3, 31), date_precision="month"
    )
    SessionFactory(event=event, day=D(2030, 3, 5), start_time=None, end_time=None)

    data, _graph, _page = read(client, "/events/march/")

    assert "subEvent" not in data


@pytest.mark.parametrize(
    ("fields", "mode", "location"),
    [
        (
            {},
            OFFLINE,
            {
                "@type": "Place",
                "name": "Kampala",
                "address": {
                    "@type": "PostalAddress",
                    "addressLocality": "Kampala",
                    "addressCountry": "UG",
                },
            },
        ),
        ({"venue": "Town hall", "city": None}, OFFLINE, {"@type": "Place", "name": "Town hall"}),
        ({"city": None}, OFFLINE, None),
        (
            {"attendance_mode": "virtual", "online_url": SECRET, "venue": "Studio"},
            ONLINE,
            {"@type": "VirtualLocation", "url": f"{SITE}/events/where/"},
        ),
        (
            {"attendance_mode": "hybrid", "online_url": SECRET, "city": None},
            MIXED,
            {"@type": "VirtualLocation", "url": f"{SITE}/events/where/"},
        ),
    ],
    ids=["city", "venue", "unknown", "online", "hybrid-without-place"],
)
def test_the_location(client, fields, mode, location):
    kampala = CityFactory(name="Kampala", country=CountryFactory(code="UG", name="Uganda"))
    EventFactory(slug="where", **{"city": kampala, **fields})

    data, _graph, page = read(client, "/events/where/")

    assert data["eventAttendanceMode"] == mode
    assert data.get("location") == location
    assert "meet.example.org" not in page


@pytest.mark.parametrize(
    ("fields", "offers"),
    [
        (
            {"registration_mode": "open"},
            {
                "@type": "Offer",
                "url": f"{SITE}/events/register-here/register/",
                "availability": "https://schema.org/InStock",
            },
        ),
        (
            {"registration_mode": "external", "registration_url": "https://example.org/r"},
            {"@type": "Offer", "url": "https://example.org/r"},
        ),
        ({"registration_mode": "closed"}, None),
        ({"registration_mode": "coming_soon"}, None),
        (
            {
                "registration_mode": "open",
                "registration_deadline": dt.datetime(2020, 1, 1, tzinfo=UTC),
            },
            None,
        ),
        (
            {
                "registration_mode": "external",
                "registration_url": "https://example.org/r",
                "start_date": D(2020, 1, 1),
            },
            None,
        ),
    ],
    ids=["open", "external", "closed", "coming-soon", "deadline-passed", "ended"],
)
def test_offers_say_where_to_register(client, fields, offers):
    EventFactory(slug="register-here", **fields)

    data, _graph, _page = read(client, "/events/register-here/")

    assert data.get("offers") == offers


def test_an_unpublished_series_is_not_named(client):
    series = EventFactory(slug="series", status="draft", published_at=None)
    EventFactory(slug="part", parent=series)

    data, _graph, _page = read(client, "/events/part/")

    assert "superEvent" not in data


# -- stories and resources ------------------------------------------------------------
def dated(model, item, *, published, updated):
    model.objects.filter(pk=item.pk).update(published_at=published, updated_at=updated)


def test_a_story_page_describes_a_news_article(client):
    world = build_world()
    story = StoryFactory(title="Kisumu opens a centre", slug="centre", summary="A new centre.")
    ItemActorFactory(item=story, organisation=world.organiser, role="publisher")
    ItemActorFactory(item=story, organisation=world.partner, role="partner")
    story.events.add(EventFactory(title="Kisumu forum", slug="kisumu-forum"))
    story.events.add(EventFactory(title="Draft", status="draft", published_at=None))
    dated(
        Story,
        story,
        published=dt.datetime(2024, 3, 27, 12, tzinfo=UTC),
        updated=dt.datetime(2024, 3, 28, 8, 30, tzinfo=UTC),
    )

    data, graph, page = read(client, "/news/centre/")

    alliance = organisation("Cities Alliance", "cities-alliance")
    assert data == {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": "Kisumu opens a centre",
        "description": "A new centre.",
        "url": f"{SITE}/news/centre/",
        "mainEntityOfPage": f"{SITE}/news/centre/",
        "datePublished": "2024-03-27T12:00:00+00:00",
        "dateModified": "2024-03-28T08:30:00+00:00",
        "author": [alliance],
        "publisher": [alliance],
        "about": [
            {"@type": "Event", "name": "Kisumu forum", "url": f"{SITE}/events/kisumu-forum/"}
        ],
        "inLanguage": "en",
    }
    assert graph == [
        ("og:type", "article"),
        ("og:title", "Kisumu opens a centre"),
        ("og:description", "A new centre."),
        ("og:url", f"{SITE}/news/centre/"),
        ("og:site_name", "Crossroads"),
        ("og:locale", "en_GB"),
        ("article:published_time", "2024-03-27T12:00:00+00:00"),
        ("article:modified_time", "2024-03-28T08:30:00+00:00"),
    ]
    assert f'<link rel="canonical" href="{SITE}/news/centre/">' in head(page)
    assert '<meta name="twitter:card" content="summary">' in head(page)


def test_a_story_without_organisations_is_by_the_site_and_never_modified_before_it_appeared(
    client,
):
    story = StoryFactory(slug="plain")
    dated(
        Story,
        story,
        published=dt.datetime(2024, 3, 27, 12, tzinfo=UTC),
        updated=dt.datetime(2024, 3, 1, tzinfo=UTC),  # saved, then scheduled
    )

    data, graph, _page = read(client, "/news/plain/")

    site = {"@type": "Organization", "name": "Crossroads", "url": SITE}
    assert (data["author"], data["publisher"]) == ([site], [site])
    assert data["dateModified"] == "2024-03-27T12:00:00+00:00"
    assert ("article:modified_time", "2024-03-27T12:00:00+00:00") in graph


def test_a_report_in_three_languages(client):
    world = build_world()
    resource = ResourceFactory(
        title="Inclusion in secondary cities",
        slug="inclusion",
        resource_type="report",
        summary="What cities learnt.",
    )
    ItemActorFactory(item=resource, organisation=world.organiser, role="publisher")
    ResourceVersionFactory(resource=resource, language="fr", url="https://example.org/fr.pdf")
    ResourceVersionFactory(
        resource=resource, language="en", url="https://example.org/en.docx", format="docx"
    )
    ResourceVersionFactory(
        resource=resource, language="en", url="https://example.org/en.pdf", format="pdf"
    )
    upload = ResourceVersion(
        resource=resource,
        language="ar",
        title="الإدماج",
        file=ContentFile(b"%PDF-1.4", name="inclusion.pdf"),
    )
    upload.save()
    dated(
        type(resource),
        resource,
        published=dt.datetime(2024, 3, 27, 12, tzinfo=UTC),
        updated=dt.datetime(2024, 3, 27, 12, tzinfo=UTC),
    )

    data, graph, _page = read(client, "/resources/inclusion/")

    alliance = organisation("Cities Alliance", "cities-alliance")
    title = "Inclusion in secondary cities"
    assert data == {
        "@context": "https://schema.org",
        "@type": "Report",
        "name": title,
        "description": "What cities learnt.",
        "url": f"{SITE}/resources/inclusion/",
        "datePublished": "2024-03-27T12:00:00+00:00",
        "dateModified": "2024-03-27T12:00:00+00:00",
        "author": [alliance],
        "publisher": [alliance],
        "inLanguage": ["ar", "en", "fr"],
        # The reader's language first (here English), then by language.
        "encoding": [
            {
                "@type": "MediaObject",
                "name": title,
                "contentUrl": "https://example.org/en.docx",
                "encodingFormat": (
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
                ),
                "inLanguage": "en",
            },
            {
                "@type": "MediaObject",
                "name": title,
                "contentUrl": "https://example.org/en.pdf",
                "encodingFormat": "application/pdf",
                "inLanguage": "en",
            },
            {
                "@type": "MediaObject",
                "name": "الإدماج",
                "contentUrl": f"{SITE}/media/{upload.file.name}",
                "encodingFormat": "application/pdf",
                "inLanguage": "ar",
            },
            {
                "@type": "MediaObject",
                "name": title,
                "contentUrl": "https://example.org/fr.pdf",
                "encodingFormat": "application/pdf",
                "inLanguage": "fr",
            },
        ],
    }
    assert graph == [
        ("og:type", "website"),
        ("og:title", title),
        ("og:description", "What cities learnt."),
        ("og:url", f"{SITE}/resources/inclusion/"),
        ("og:site_name", "Crossroads"),
        ("og:locale", "en_GB"),
    ]


def test_other_resources_are_creative_works_in_their_own_language(client):
    ResourceFactory(slug="toolkit", resource_type="toolkit", language="fr", summary="")

    data, graph, _page = read(client, "/resources/toolkit/")

    assert data["@type"] == "CreativeWork"
    assert data["inLanguage"] == ["fr"]  # no version yet: the resource's own language
    assert "encoding" not in data
    assert "description" not in data
    assert [name for name, _value in graph] == [
        "og:type",
        "og:title",
        "og:url",
        "og:site_name",
        "og:locale",
    ]
    assert ("og:locale", "fr_FR") in graph


# -- the head of every item page ------------------------------------------------------
def test_the_event_page_head(client):
    EventFactory(
        title="Kisumu forum",
        slug="kisumu-forum",
        summary=" ".join(f"word{number}" for number in range(50)),
    )

    _data, graph, page = read(client, "/events/kisumu-forum/")

    description = " ".join(f"word{number}" for number in range(40)) + " …"
    assert graph == [
        ("og:type", "website"),
        ("og:title", "Kisumu forum"),
        ("og:description", description),
        ("og:url", FORUM_PAGE),
        ("og:site_name", "Crossroads"),
        ("og:locale", "en_GB"),
    ]
    assert f'<meta name="description" content="{description}">' in head(page)
    assert f'<link rel="canonical" href="{FORUM_PAGE}">' in head(page)
    assert '<meta name="twitter:card" content="summary">' in head(page)


@pytest.mark.parametrize(
    ("factory", "path"),
    [
        (lambda: EventFactory(title=HOSTILE, summary=HOSTILE, slug="hostile"), "/events/hostile/"),
        (lambda: StoryFactory(title=HOSTILE, summary=HOSTILE, slug="hostile"), "/news/hostile/"),
        (
            lambda: ResourceFactory(title=HOSTILE, summary=HOSTILE, slug="hostile"),
            "/resources/hostile/",
        ),
    ],
    ids=["event", "story", "resource"],
)
def test_titles_cannot_break_out_of_the_script(client, factory, path):
    factory()

    data, graph, page = read(client, path)

    assert data.get("name", data.get("headline")) == HOSTILE
    assert data["description"] == HOSTILE
    assert ("og:title", HOSTILE) in graph
    assert page.count("<script") == 1  # the JSON-LD itself, nothing injected
    assert "\\u003C/script\\u003E\\u003Cscript\\u003Ealert(1)\\u003C/script\\u003E" in page


def test_the_script_escapes_what_html_reads():
    assert script({"name": "<!-- a & b </script>", "city": "Zürich"}) == (
        '<script type="application/ld+json">'
        '{"name":"\\u003C!-- a \\u0026 b \\u003C/script\\u003E","city":"Zürich"}</script>'
    )


# -- sharing --------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("factory", "path"),
    [
        (lambda: EventFactory(title="Kisumu forum", slug="kisumu-forum"), "/events/kisumu-forum/"),
        (lambda: StoryFactory(title="Kisumu forum", slug="kisumu-forum"), "/news/kisumu-forum/"),
        (
            lambda: ResourceFactory(title="Kisumu forum", slug="kisumu-forum"),
            "/resources/kisumu-forum/",
        ),
    ],
    ids=["event", "story", "resource"],
)
def test_share_links_need_no_script(client, factory, path):
    factory()

    response = client.get(path)

    share = section(response, "Share")
    url = f"https%3A%2F%2Fcrossroads.example{path.replace('/', '%2F')}"
    assert re.findall(r'<li><a href="([^"]+)"[^>]*>([^<]+)</a></li>', share) == [
        (f"mailto:?subject=Kisumu%20forum&amp;body={url}", "Email"),
        (f"https://wa.me/?text=Kisumu+forum+{url}", "WhatsApp"),
        (f"https://www.linkedin.com/sharing/share-offsite/?url={url}", "LinkedIn"),
        (f"https://x.com/intent/post?text=Kisumu+forum&amp;url={url}", "X"),
        (f"https://www.facebook.com/sharer/sharer.php?u={url}", "Facebook"),
        (f"https://crossroads.example{path}", "Link to this page"),
    ]
    # One script: the JSON-LD, which holds no markup.
    assert re.findall(r"<script[^>]*>[^<]*", html(response)) == [
        '<script type="application/ld+json">' + script_text(response)
    ]


def test_the_event_metadata_makes_no_query_per_session_or_speaker(client):
    event = kisumu_forum()

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            data, _graph, _page = read(client, "/events/kisumu-forum/")
        return len(captured), len(data["subEvent"]), len(data["performer"])

    before, sessions, performers = queries()
    for number in range(20):
        session = SessionFactory(
            event=event, day=D(2030, 5, 18), start_time=T(15, number), end_time=T(16, number)
        )
        ParticipantFactory(
            session=session,
            person=PersonFactory(),
            office=OfficeFactory(),
            organisation=OrganisationFactory(),
        )
        ParticipantFactory(session=session, role="chair")

    assert queries() == (before, sessions + 20, performers + 40)
