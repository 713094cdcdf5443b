import datetime as dt
import re

import pytest
from django.utils import timezone

from crossroads.search.bitmaps import current_index
from tests.content.builders import build_world, full_event, full_resource, full_story, tag
from tests.content.pages import (
    card_titles,
    card_titles_in,
    chips,
    facets,
    h1,
    html,
    permalink,
    result_count,
    section,
)
from tests.factories import (
    CityFactory,
    CountryFactory,
    EventDocumentFactory,
    EventFactory,
    ItemActorFactory,
    ItemTranslationFactory,
    OrganisationFactory,
    ParticipantFactory,
    ResourceFactory,
    ResourceVersionFactory,
    SessionFactory,
    StoryFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

D = dt.date
T = dt.time


def days_from_today(days):
    return timezone.localdate() + dt.timedelta(days=days)


# -- the lists ------------------------------------------------------------------------
def make_events_around_today():
    for title, start, end in [
        ("Next week", 7, 8),
        ("Ends today", -2, 0),
        ("Tomorrow", 1, 1),
        ("Ended yesterday", -3, -1),
        ("Last year", -400, -399),
    ]:
        EventFactory(title=title, start_date=days_from_today(start), end_date=days_from_today(end))


def test_the_list_shows_events_that_have_not_ended_soonest_first(client):
    make_events_around_today()

    response = client.get("/events/")

    assert response.status_code == 200
    assert card_titles(response) == ["Ends today", "Tomorrow", "Next week"]
    assert '<a href="/events/" aria-current="page">Upcoming</a>' in html(response)


def test_the_past_list_shows_events_that_have_ended_latest_first(client):
    make_events_around_today()

    response = client.get("/events/", {"when": "past"})

    assert card_titles(response) == ["Ended yesterday", "Last year"]
    assert h1(response) == "Past events"
    assert '<a href="/events/?when=past" aria-current="page">Past</a>' in html(response)


def test_other_when_values_show_upcoming_events(client):
    make_events_around_today()

    response = client.get("/events/", {"when": "future"})

    assert card_titles(response) == ["Ends today", "Tomorrow", "Next week"]
    assert h1(response) == "Upcoming events"


def test_empty_lists_say_so(client):
    upcoming = html(client.get("/events/"))
    past = html(client.get("/events/?when=past"))

    assert (
        '<p>No upcoming events match these criteria. <a href="/events/?when=past">'
        "See past events</a></p>"
    ) in upcoming
    assert "<p>No past events match these criteria.</p>" in past
    assert "0 results" in upcoming
    assert "0 results" in past


def make_events_to_narrow():
    """Upcoming and past events of several types, modes, places and organisers."""
    kisumu = CityFactory(name="Kisumu", slug="kisumu")
    kampala = CityFactory(
        name="Kampala", slug="kampala", country=CountryFactory(code="UG", name="Uganda")
    )
    habitat = OrganisationFactory(name="UN-Habitat", slug="un-habitat")
    for title, start, city, event_type, mode, role in [
        ("Kisumu forum", 10, kisumu, "forum", "in_person", "organiser"),
        ("Kisumu webinar", 20, kisumu, "webinar", "virtual", "partner"),
        ("Kampala forum", 30, kampala, "forum", "hybrid", "organiser"),
        ("Past Kisumu forum", -30, kisumu, "forum", "in_person", "organiser"),
    ]:
        event = EventFactory(
            title=title,
            start_date=days_from_today(start),
            city=city,
            event_type=event_type,
            attendance_mode=mode,
        )
        ItemActorFactory(item=event, organisation=habitat, role=role)
    StoryFactory(title="Kisumu news")


@pytest.mark.parametrize(
    ("query", "titles"),
    [
        ({"type": "forum"}, ["Kisumu forum", "Kampala forum"]),
        ({"type": ["forum", "webinar"], "city": "kisumu"}, ["Kisumu forum", "Kisumu webinar"]),
        ({"attendance": ["virtual", "hybrid"]}, ["Kisumu webinar", "Kampala forum"]),
        ({"country": "UG"}, ["Kampala forum"]),
        ({"organisation": "un-habitat", "role": "partner"}, ["Kisumu webinar"]),
        ({"q": "kisumu", "sort": "date"}, ["Kisumu forum", "Kisumu webinar"]),
        ({"q": "kisumu", "when": "past"}, ["Past Kisumu forum"]),
        ({"type": "forum", "when": "past"}, ["Past Kisumu forum"]),
        ({"type": "summit"}, []),
        ({"type": "rumour"}, []),
        ({"kind": "story"}, ["Kisumu forum", "Kisumu webinar", "Kampala forum"]),
    ],
)
def test_the_lists_are_narrowed_by_facets_and_words(client, query, titles):
    make_events_to_narrow()

    assert card_titles(client.get("/events/", query)) == titles


def test_the_list_offers_event_facets_and_keeps_upcoming_or_past(client):
    make_events_to_narrow()

    response = client.get("/events/", {"type": "forum", "when": "past"})

    assert h1(response) == "Past events"
    assert result_count(response) == 1
    assert list(facets(response)) == [
        "Type",
        "Region",
        "Country",
        "City",
        "Organisation",
        "Attendance",
        "Year",
    ]
    assert facets(response)["Type"] == [("forum", "Forum", 1, True)]
    assert chips(response) == [("Type: Forum", "?when=past")]
    assert '<input type="hidden" name="when" value="past">' in html(response)
    assert permalink(response) == "/events/?type=forum&when=past"


def test_a_card_shows_type_dates_place_and_organisers(client):
    city = CityFactory(name="Kisumu", country=CountryFactory(code="KE", name="Kenya"))
    event = EventFactory(
        title="Peer learning on inclusion",
        event_type="peer_learning",
        start_date=D(2030, 5, 17),
        end_date=D(2030, 5, 21),
        city=city,
        summary="Cities compare how they include refugees.",
    )
    ItemActorFactory(item=event, organisation=OrganisationFactory(name="UCLG Africa"))
    EventFactory(title="Webinar", attendance_mode="virtual", city=None, start_date=D(2030, 6, 1))

    page = html(client.get("/events/"))

    assert (
        '<p class="meta"><span class="kind">Peer-learning event</span> '
        '<time datetime="2030-05-17">17–21 May 2030</time> · Kisumu, Kenya</p>'
    ) in page
    assert '<p class="by">By: UCLG Africa</p>' in page
    assert re.search(
        r'<p class="summary" lang="en"[^>]*>Cities compare how they include refugees.</p>', page
    )
    assert '<time datetime="2030-06-01">1 June 2030</time> · Online</p>' in page


def test_the_list_is_paged(client):
    for number in range(23):
        EventFactory(title=f"Event {number:02}", start_date=days_from_today(number))

    first = client.get("/events/")
    second = client.get("/events/", {"page": 2})

    assert card_titles(first) == [f"Event {number:02}" for number in range(20)]
    assert card_titles(second) == ["Event 20", "Event 21", "Event 22"]
    assert '<span>Page 1 of 2</span> <a rel="next" href="?page=2">Next</a>' in html(first)
    assert '<a rel="prev" href="?page=1">Previous</a> <span>Page 2 of 2</span>' in html(second)


def test_paging_keeps_the_other_criteria(client):
    for number in range(21):
        EventFactory(start_date=days_from_today(-number - 1))

    page = html(client.get("/events/", {"when": "past"}))

    assert '<a rel="next" href="?when=past&amp;page=2">Next</a>' in page


#: The index's version (1), the page's ids in order (1), the cards with their
#: translations and organisations (3), the facet values of a few results (1; many are
#: counted in memory) and the names of topics, frameworks, countries, cities and
#: organisations (1).
LIST_QUERIES = 7


def build_event_list(size, *, past):
    """``size`` full events, upcoming or past."""
    world = build_world()
    for number in range(size):
        start = days_from_today(-100 + number if past else number)
        full_event(world, title=f"Event {number}", start_date=start)


@pytest.mark.parametrize("past", [False, True], ids=["upcoming", "past"])
@pytest.mark.parametrize("size", [3, 30])
def test_list_queries_are_bounded(client, django_assert_max_num_queries, size, past):
    build_event_list(size, past=past)

    current_index()  # the process's bitmaps catch up once after the data changed
    with django_assert_max_num_queries(LIST_QUERIES):
        response = client.get(
            "/events/", {"when": "past"} if past else {}, HTTP_ACCEPT_LANGUAGE="fr", follow=True
        )

    titles = card_titles(response)
    assert len(titles) == min(size, 20)
    assert all(title.endswith(" (fr)") for title in titles)


# -- the event page -------------------------------------------------------------------
@pytest.fixture
def world():
    return build_world()


def get_page(client, event, **headers):
    response = client.get(event.get_absolute_url(), **headers, follow=True)
    assert response.status_code == 200
    return html(response)


def info(page):
    """The "Event info" block."""
    return page[page.index('<h2 id="info-h">Event info</h2>') : page.index("</dl>")]


def test_times_are_shown_in_the_events_time_zone(client):
    event = EventFactory(
        start_date=D(2022, 5, 17),
        end_date=D(2022, 5, 17),
        start_time=T(9),
        end_time=T(17),
        timezone="Africa/Nairobi",
    )

    assert (
        '<dd><time datetime="2022-05-17">17 May 2022</time> <br>09:00–17:00 '
        '<span class="tz">(Africa/Nairobi, UTC+03:00)</span></dd>'
    ) in info(get_page(client, event))


def test_the_offset_is_the_one_in_force_on_the_day(client):
    event = EventFactory(
        start_date=D(2024, 7, 1),
        start_time=T(10),
        timezone="Europe/Paris",
        attendance_mode="virtual",
        city=None,
    )

    assert '10:00 <span class="tz">(Europe/Paris, UTC+02:00)</span>' in get_page(client, event)


@pytest.mark.parametrize(
    ("start", "end", "precision", "shown"),
    [
        (D(2022, 5, 17), D(2022, 5, 21), "day", "17–21 May 2022"),
        (D(2023, 11, 30), D(2023, 12, 2), "day", "30 November – 2 December 2023"),
        (D(2024, 3, 1), D(2024, 3, 31), "month", "March 2024"),
        (D(2022, 1, 1), D(2022, 12, 31), "year", "2022"),
    ],
)
def test_dates_are_shown_at_their_precision(client, start, end, precision, shown):
    event = EventFactory(start_date=start, end_date=end, date_precision=precision)

    expected = f'<dt>Date</dt> <dd><time datetime="{start:%Y-%m-%d}">{shown}</time> </dd>'
    assert expected in info(get_page(client, event))


@pytest.mark.parametrize(
    ("fields", "location"),
    [
        ({}, '<a href="/cities/kisumu/">Kisumu</a>, Kenya'),
        (
            {"venue": "Tom Mboya Labour College"},
            'Tom Mboya Labour College, <a href="/cities/kisumu/">Kisumu</a>, Kenya',
        ),
        (
            {"attendance_mode": "hybrid"},
            '<a href="/cities/kisumu/">Kisumu</a>, Kenya with online participation',
        ),
        ({"attendance_mode": "virtual", "city": None}, "Online"),
        ({"attendance_mode": "virtual", "venue": "Studio"}, "Online"),
    ],
    ids=["city", "venue", "hybrid", "online", "online-with-venue"],
)
def test_the_location(client, world, fields, location):
    event = EventFactory(**{"city": world.city, **fields})

    assert f"<dt>Location</dt> <dd>{location} </dd>" in info(get_page(client, event))


def test_an_event_whose_place_is_not_known_has_no_location(client):
    event = EventFactory(title="Place to be announced", city=None, start_date=D(2030, 6, 1))

    assert "<dt>Location</dt>" not in get_page(client, event)
    assert '<time datetime="2030-06-01">1 June 2030</time></p>' in html(client.get("/events/"))


def test_a_venue_without_a_city_is_shown_once(client):
    event = EventFactory(city=None, venue="Kenyatta International Convention Centre")

    assert "<dt>Location</dt> <dd>Kenyatta International Convention Centre </dd>" in info(
        get_page(client, event)
    )


def test_the_info_block_links_organisers_partners_series_and_tags(client, world):
    parent = EventFactory(title="Africities 2022", slug="africities-2022")
    event = EventFactory(parent=parent, city=world.city)
    tag(event, world)
    ItemActorFactory(
        item=event, organisation=OrganisationFactory(name="EU", slug="eu"), role="funder"
    )

    block = info(get_page(client, event))

    assert (
        '<dt>By</dt><dd><ul class="inline"><li><a href="/organizations/cities-alliance/">'
        "Cities Alliance</a></li></ul></dd>"
    ) in block
    assert (
        '<dt>Partners</dt><dd><ul class="inline"><li><a href="/organizations/un-habitat/">'
        "UN-Habitat</a></li></ul></dd>"
    ) in block
    assert (
        '<dt>Funded by</dt><dd><ul class="inline"><li><a href="/organizations/eu/">EU</a>'
        "</li></ul></dd>"
    ) in block
    assert '<dt>Part of</dt><dd><a href="/events/africities-2022/">Africities 2022</a></dd>' in (
        block
    )
    assert (
        '<dt>Topics</dt><dd><ul class="inline"><li><a href="/topics/inclusion/">Inclusion</a>'
        "</li></ul></dd>"
    ) in block
    assert (
        '<dt>Frameworks</dt><dd><ul class="inline"><li><a href="/frameworks/GCM/" '
        'title="Global Compact for Safe, Orderly and Regular Migration">GCM</a></li></ul> '
        '<ul class="objectives"><li>GCM 15: Access to services</li></ul></dd>'
    ) in block
    assert (
        '<dt>Places</dt><dd><ul class="inline"><li><a href="/cities/kisumu/">Kisumu</a></li>'
        "</ul></dd>"
    ) in block


def test_the_page_links_back_to_the_series(client):
    parent = EventFactory(title="Africities 2022", slug="africities-2022")
    ItemTranslationFactory(item=parent, language="fr", title="Africités 2022")
    event = EventFactory(parent=parent)

    assert (
        '<a href="/fr/events/">Événements</a> › '
        '<a href="/fr/events/africities-2022/">Africités 2022</a>'
        "</nav>"
    ) in get_page(client, event, HTTP_ACCEPT_LANGUAGE="fr")


def test_an_unpublished_parent_is_not_shown(client):
    parent = EventFactory(title="Secret summit", status="draft", published_at=None)
    event = EventFactory(parent=parent)

    assert "Secret summit" not in get_page(client, event)


def make_programme(world):
    """A two-day event in Kisumu: an opening, two parallel sessions, a visit the next day."""
    event = EventFactory(
        start_date=D(2022, 5, 17), end_date=D(2022, 5, 18), city=world.city, program_status="final"
    )
    opening = SessionFactory(
        event=event, title="Opening", kind="opening", start_time=T(9), end_time=T(9, 30)
    )
    ParticipantFactory(
        session=opening,
        role="chair",
        person=world.person,
        office=world.office,
        organisation=world.organiser,
    )
    ParticipantFactory(session=opening, role="speaker", organisation=world.partner)
    ParticipantFactory(session=opening, role="speaker", person=world.person, organisation=None)
    for track, title, end in [("B", "Health", T(12)), ("A", "Housing", T(11))]:
        SessionFactory(event=event, title=title, track=track, start_time=T(10), end_time=end)
    SessionFactory(
        event=event, day=D(2022, 5, 18), title="Site visit", start_time=T(9), end_time=None
    )
    return event


def test_the_programme_is_grouped_by_day_and_time(client, world):
    page = get_page(client, make_programme(world))

    programme = program_section(page)
    assert re.findall(r"<h3><time[^>]*>([^<]+)</time></h3>", programme) == [
        "Tuesday 17 May 2022",
        "Wednesday 18 May 2022",
    ]
    assert re.findall(r"<h4>([^<]+)</h4>", programme) == [
        "Opening",
        "Housing",
        "Health",
        "Site visit",
    ]
    assert re.findall(r'<p class="time"><time>([^<]+)</time></p>', programme) == [
        "09:00–09:30",
        "10:00–12:00",
        "09:00",
    ]
    assert "Times are local to the event (Africa/Nairobi)." in programme


def test_sessions_at_the_same_time_in_two_tracks_share_one_parallel_slot(client, world):
    page = get_page(client, make_programme(world))

    slots = re.findall(r'<li class="(slot[^"]*)">(.*?)</li>', program_section(page))
    assert [(classes, re.findall(r"<h4>([^<]+)</h4>", slot)) for classes, slot in slots] == [
        ("slot", ["Opening"]),
        ("slot parallel", ["Housing", "Health"]),
        ("slot", ["Site visit"]),
    ]
    assert re.findall(r'<p class="track">([^<]+)</p>', slots[1][1]) == ["A", "B"]


def test_each_participant_has_a_role_and_an_affiliation(client, world):
    page = get_page(client, make_programme(world))

    assert (
        '<p class="people"><span class="role" lang="en">Chair:</span> <span class="person">'
        'Amina Njoroge <span class="affiliation">(Deputy Governor of Kisumu, Cities Alliance)'
        "</span></span> </p>"
    ) in page
    assert (
        '<p class="people"><span class="role" lang="en">Speaker:</span> <span class="person">'
        '<a href="/organizations/un-habitat/">UN-Habitat</a></span>; '
        '<span class="person">Amina Njoroge</span> </p>'
    ) in page


@pytest.mark.parametrize(
    ("status", "shown"),
    [
        ("coming_soon", "Programme</h2> <p>The programme will be published soon.</p>"),
        (
            "preliminary",
            "Programme <small>(preliminary)</small></h2> "
            "<p>The programme has not been published.</p>",
        ),
        ("final", "Programme</h2> <p>The programme has not been published.</p>"),
    ],
)
def test_a_programme_without_sessions(client, status, shown):
    page = get_page(client, EventFactory(program_status=status))

    assert f'<h2 id="program-h">{shown}' in page


def test_a_preliminary_programme_says_so(client, world):
    event = make_programme(world)
    event.program_status = "preliminary"
    event.save()

    assert '<h2 id="program-h">Programme <small>(preliminary)</small></h2>' in get_page(
        client, event
    )


def test_no_programme_section_without_sessions_or_status(client):
    assert 'id="program-h"' not in get_page(client, EventFactory(program_status="none"))


def program_section(page):
    """The programme, from its heading to the end of its last day."""
    start = page.index('<h2 id="program-h">')
    end = "</ol> </section> </section>"
    return page[start : page.index(end, start) + len(end)]


def test_documents_link_each_language_version(client):
    event = EventFactory()
    agenda = ResourceFactory(title="Agenda", slug="agenda")
    english = ResourceVersionFactory(
        resource=agenda, language="en", url="https://example.org/agenda-en.pdf", size=2048
    )
    ResourceVersionFactory(
        resource=agenda, language="fr", url="https://example.org/agenda-fr.pdf", format="docx"
    )
    EventDocumentFactory(event=event, resource=agenda, role="agenda")
    report = ResourceFactory(title="Report", slug="report")
    EventDocumentFactory(event=event, resource=report, role="report", order=1)

    documents = section(client.get(event.get_absolute_url()), "Documents")

    assert (
        '<li><span class="doc-role">Agenda:</span> '
        '<a href="/resources/agenda/" lang="en" dir="auto">Agenda</a> '
        '<a class="lang" href="https://example.org/agenda-en.pdf" hreflang="en" '
        'title="English, PDF, 2.0 KB">[EN]</a><a class="lang" '
        'href="https://example.org/agenda-fr.pdf" hreflang="fr" title="Français, DOCX">[FR]</a> '
        "</li>"
    ) in documents
    assert (
        '<li><span class="doc-role">Report:</span> '
        '<a href="/resources/report/" lang="en" dir="auto">Report</a> </li>'
    ) in documents
    assert english.href == "https://example.org/agenda-en.pdf"


def test_unpublished_documents_are_not_listed(client):
    event = EventFactory()
    draft = ResourceFactory(title="Draft agenda", status="draft", published_at=None)
    ResourceVersionFactory(resource=draft)
    EventDocumentFactory(event=event, resource=draft, role="agenda")

    assert "Draft agenda" not in get_page(client, event)


@pytest.mark.parametrize(
    ("fields", "panel"),
    [
        ({}, "<p>Registration is closed.</p>"),
        ({"registration_mode": "coming_soon"}, "<p>Registration opens soon.</p>"),
        (
            {"registration_mode": "external", "registration_url": "https://example.org/r"},
            '<p><a class="button" href="https://example.org/r" rel="noopener">Register</a></p> '
            '<p class="note">Registration is handled by the organisers\' own site.</p>',
        ),
        (
            {
                "registration_mode": "external",
                "registration_url": "https://example.org/r",
                "start_date": D(2020, 1, 1),
            },
            "<p>This event has ended.</p>",
        ),
    ],
    ids=["closed", "coming-soon", "external", "ended"],
)
def test_the_registration_panel(client, fields, panel):
    page = get_page(client, EventFactory(**fields))

    assert f'<h2 id="registration-h">Registration</h2> {panel}' in page
    assert "online link" not in page


@pytest.mark.parametrize("mode", ["virtual", "hybrid"])
def test_online_participants_are_told_where_the_link_comes_from(client, mode):
    event = EventFactory(attendance_mode=mode, online_url="https://meet.example.org/secret")

    page = get_page(client, event)

    assert '<p class="note">The online link is sent to registered participants.</p>' in page
    assert "meet.example.org" not in page


def test_sub_events_stories_related_items_and_more_events(client, world):
    event = EventFactory(title="Forum", city=world.city)
    ItemActorFactory(item=event, organisation=world.organiser)
    event.topics.add(world.topic)
    EventFactory(title="Side event", parent=event)
    StoryFactory(title="Report from the forum").events.add(event)
    StoryFactory(title="On the same topic").topics.add(world.topic)
    other = EventFactory(title="Next forum", start_date=days_from_today(365))
    ItemActorFactory(item=other, organisation=world.organiser)

    response = client.get(event.get_absolute_url())

    assert card_titles_in(response, "Sessions and side events") == ["Side event"]
    assert card_titles_in(response, "News about this event") == ["Report from the forum"]
    assert card_titles_in(response, "More events") == ["Next forum"]
    # What the page already lists elsewhere is not repeated among related items.
    assert card_titles_in(response, "Related items") == ["On the same topic"]


def test_share_links_carry_the_public_address(client, settings):
    settings.SITE_URL = "https://crossroads.example"
    event = EventFactory(title="Kisumu forum", slug="kisumu-forum")

    # Reached by another host and with a tracking parameter: neither is shared.
    response = client.get(event.get_absolute_url() + "?utm_source=x", HTTP_HOST="127.0.0.1")
    share = section(response, "Share").split("</ul>")[0]

    url = "https%3A%2F%2Fcrossroads.example%2Fevents%2Fkisumu-forum%2F"
    assert re.findall(r'<a href="([^"]+)"', share) == [
        f"mailto:?subject=Kisumu%20forum&amp;body={url}",
        f"https://wa.me/?text=Kisumu+forum+{url}",
        f"https://www.linkedin.com/sharing/share-offsite/?url={url}",
        f"https://x.com/intent/post?text=Kisumu+forum&amp;url={url}",
        f"https://www.facebook.com/sharer/sharer.php?u={url}",
        "https://crossroads.example/events/kisumu-forum/",
    ]


def build_event_page(size):
    """An event with ``size`` of everything its page lists: sessions with two participants
    over two days, documents in two languages, partners, topics, side events, stories about
    it and events by the same organiser (which are also related items)."""
    world = build_world()
    parent = full_event(world, title="Series")
    event = full_event(
        world,
        title="Forum",
        slug="forum",
        parent=parent,
        start_date=D(2030, 5, 17),
        end_date=D(2030, 5, 18),
    )
    for number in range(size):
        session = SessionFactory(
            event=event, day=D(2030, 5, 17 + number % 2), track=f"Track {number % 3}"
        )
        ParticipantFactory(
            session=session,
            role="chair",
            person=world.person,
            office=world.office,
            organisation=world.organiser,
        )
        ParticipantFactory(session=session, role="speaker", organisation=world.partner)
        resource = full_resource(world, title=f"Document {number}")
        EventDocumentFactory(event=event, resource=resource, role="report", order=number + 1)
        ItemActorFactory(item=event, organisation=OrganisationFactory(), role="partner")
        event.topics.add(TopicFactory())
        side_event = EventFactory(title=f"Side event {number}", parent=event, city=world.city)
        ItemTranslationFactory(item=side_event, title=f"Side event {number} (fr)")
        story = full_story(world, title=f"Story {number}")
        story.events.add(event)
        other = EventFactory(title=f"Other {number}", city=world.city)
        ItemActorFactory(item=other, organisation=world.organiser)
    return event


@pytest.mark.parametrize("size", [3, 30])
def test_page_queries_are_bounded(client, django_assert_max_num_queries, size):
    event = build_event_page(size)

    current_index()
    with django_assert_max_num_queries(31):
        response = client.get(event.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="fr", follow=True)

    assert h1(response) == "Forum (fr)"
    page = html(response)
    assert page.count('<div class="session ') == size + 2
    assert page.count('<span class="doc-role">') == size + 1
    assert len(card_titles_in(response, "Sessions et événements parallèles")) == size
