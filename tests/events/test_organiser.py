"""The organisers' pages: the registrations of an event, their counts and filters, the CSV
export, the actions on one registration and the message to confirmed participants."""

import datetime as dt
import gzip
import re
from html import unescape

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.utils import timezone

from crossroads.accounts.models import Grant
from crossroads.events.models import Registration
from tests.content.pages import html
from tests.factories import (
    CityFactory,
    CountryFactory,
    EventFactory,
    ItemActorFactory,
    MembershipFactory,
    NetworkFactory,
    OrganisationFactory,
)
from tests.test_page_weight import BUDGET, transferred_size

pytestmark = pytest.mark.django_db

LIST = "/events/forum/registrations/"
CSV = "/events/forum/registrations.csv"
MESSAGE = "/events/forum/registrations/message/"


# -- the world ------------------------------------------------------------------------
@pytest.fixture
def organiser():
    return OrganisationFactory(name="City of Kisumu", slug="kisumu")


@pytest.fixture
def event(organiser):
    """A hybrid forum in Kisumu (Nairobi time): 3 places in person, no limit online."""
    event = EventFactory(
        title="Forum",
        slug="forum",
        attendance_mode="hybrid",
        registration_mode="open",
        capacity_in_person=3,
        city=CityFactory(name="Kisumu", timezone="Africa/Nairobi"),
    )
    ItemActorFactory(item=event, organisation=organiser, role="organiser")
    return event


@pytest.fixture
def editor(django_user_model, organiser):
    user = django_user_model.objects.create_user("editor", email="editor@example.org")
    Grant.objects.create(user=user, role="editor", organisation=organiser)
    return user


@pytest.fixture
def as_editor(client, editor):
    client.force_login(editor)
    return client


def person(event, n, **fields):
    """A registration made directly, confirmed and in person unless told otherwise."""
    return Registration.objects.create(
        **{
            "event": event,
            "name": f"Person {n}",
            "email": f"person{n}@example.org",
            "attendance_mode": "in_person",
            "status": "confirmed",
            "consented_at": timezone.now(),
            **fields,
        }
    )


def kenya():
    return CountryFactory(code="KE", name="Kenya")


def uganda():
    return CountryFactory(code="UG", name="Uganda", region="east_africa")


# -- reading the pages ----------------------------------------------------------------
def table(response) -> str:
    page = html(response)
    start = page.find('<table class="registrations">')
    return page[start : page.index("</table>", start)] if start != -1 else ""


def rows(response) -> list[list[str]]:
    """The cells of each registration in the list (the actions aside), as text."""
    found = re.findall(r'<tr><th scope="row">(.*?)</th>(.*?)</tr>', table(response))
    return [
        [unescape(name), *(unescape(cell) for cell in re.findall(r"<td>([^<]*)</td>", cells))]
        for name, cells in found
    ]


def names(response) -> list[str]:
    return [row[0] for row in rows(response)]


def actions(response) -> dict[str, list[str]]:
    """The buttons of each row, by the registration's name."""
    found = re.findall(r'<tr><th scope="row">(.*?)</th>(.*?)</tr>', table(response))
    return {
        unescape(name): re.findall(r'<button type="submit" name="action" value="([a-z_]+)">', rest)
        for name, rest in found
    }


def counts(response, caption: str) -> list[tuple[str, int, str]]:
    """A table of counts: (label, count, link or "") per line."""
    page = html(response)
    start = page.index(f"<caption>{caption}</caption>")
    body = page[start : page.index("</table>", start)]
    return [
        (unescape(label), int(count), unescape(link or ""))
        for link, label, count in re.findall(
            r'<tr><th scope="row">(?:<a href="([^"]*)">)?([^<]*)(?:</a>)?</th><td>(\d+)</td></tr>',
            body,
        )
    ]


def said(response) -> list[tuple[str, str]]:
    return [(message.level_tag, message.message) for message in get_messages(response.wsgi_request)]


def status_of(registration) -> str:
    return Registration.objects.values_list("status", flat=True).get(pk=registration.pk)


def statuses() -> dict[str, str]:
    return dict(Registration.objects.values_list("name", "status"))


# -- who may see the registrations ----------------------------------------------------
def user_with(django_user_model, who: str, organiser):
    """A signed-in user of each kind, for the event organised by ``organiser``."""
    if who == "admin":
        return django_user_model.objects.create_superuser("admin", "admin@example.org")
    user = django_user_model.objects.create_user(who)
    if who == "editor":
        Grant.objects.create(user=user, role="editor", organisation=organiser)
    elif who == "other editor":
        Grant.objects.create(user=user, role="editor", organisation=OrganisationFactory())
    elif who == "secretariat":
        network = NetworkFactory()
        MembershipFactory(network=network, city=None, organisation=organiser)
        Grant.objects.create(user=user, role="secretariat", network=network)
    elif who == "other secretariat":
        network = NetworkFactory()
        MembershipFactory(network=network, city=None, organisation=OrganisationFactory())
        Grant.objects.create(user=user, role="secretariat", network=network)
    return user


PAGES = [LIST, CSV, MESSAGE]


@pytest.mark.parametrize("url", PAGES)
def test_a_visitor_is_sent_to_sign_in(client, event, url):
    response = client.get(url, {"status": "confirmed"})

    assert response.status_code == 302
    assert response["Location"] == (f"/account/login/?next={url}%3Fstatus%3Dconfirmed")


@pytest.mark.parametrize("url", PAGES)
@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("participant", 404),
        ("other editor", 404),
        ("other secretariat", 404),
        ("editor", 200),
        ("secretariat", 200),
        ("admin", 200),
    ],
)
def test_only_the_events_editors_see_its_registrations(
    client, django_user_model, organiser, event, url, who, status
):
    person(event, 1)
    client.force_login(user_with(django_user_model, who, organiser))

    response = client.get(url)

    assert response.status_code == status
    if status == 404:
        assert b"person1@example.org" not in response.content
    elif url == LIST:
        assert names(response) == ["Person 1"]


@pytest.mark.parametrize("url", PAGES)
def test_a_draft_events_registrations_are_its_editors(client, django_user_model, organiser, url):
    draft = EventFactory(slug="forum", status="draft", published_at=None)
    ItemActorFactory(item=draft, organisation=organiser)
    outsider = django_user_model.objects.create_user("outsider", is_staff=True)
    editor = user_with(django_user_model, "editor", organiser)

    client.force_login(outsider)
    hidden = client.get(url)
    client.force_login(editor)
    shown = client.get(url)

    assert hidden.status_code == 404
    assert shown.status_code == 200
    if url == LIST:
        assert "This event is not published: only its editors see it." in html(shown)


def test_an_unknown_event_is_not_found(as_editor):
    assert as_editor.get("/events/nothing/registrations/").status_code == 404
    assert as_editor.get("/events/nothing/registrations.csv").status_code == 404


def test_the_pages_are_not_cached_or_indexed(as_editor, event):
    response = as_editor.get(LIST)

    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert '<meta name="robots" content="noindex">' in html(response)


# -- the counts -----------------------------------------------------------------------
def make_a_mix(event):
    ke, ug = kenya(), uganda()
    person(event, 1, country=ke, organisation_kind="ngo")
    person(event, 2, country=ke, organisation_kind="local_government", status="attended")
    person(event, 3, country=ug, organisation_kind="ngo", attendance_mode="virtual")
    person(event, 4, status="waitlisted", country=ug)
    person(event, 5, status="pending_approval", attendance_mode="virtual")
    person(event, 6, status="cancelled", country=ke, organisation_kind="academia")
    person(event, 7, status="pending_email", country=ke, organisation_kind="ngo")


def test_counts_by_status_mode_country_and_kind(as_editor, event):
    make_a_mix(event)

    response = as_editor.get(LIST)

    page = html(response)
    assert (
        "<p>7 registrations in all; 6 not cancelled, counted below by way of attending, "
        "country and kind of organisation.</p>"
    ) in page
    assert counts(response, "By status") == [
        ("Awaiting email confirmation", 1, "?status=pending_email"),
        ("Awaiting approval", 1, "?status=pending_approval"),
        ("Confirmed", 2, "?status=confirmed"),
        ("On the waiting list", 1, "?status=waitlisted"),
        ("Cancelled", 1, "?status=cancelled"),
        ("Attended", 1, "?status=attended"),
    ]
    assert counts(response, "By way of attending") == [
        ("In person", 4, "?status=live&attendance_mode=in_person"),
        ("Online", 2, "?status=live&attendance_mode=virtual"),
    ]
    assert counts(response, "By country") == [
        ("Kenya", 3, "?status=live&country=KE"),
        ("Uganda", 2, "?status=live&country=UG"),
        ("Not given", 1, "?status=live&country=none"),
    ]
    assert counts(response, "By kind of organisation") == [
        ("Local or regional government", 1, "?status=live&organisation_kind=local_government"),
        ("NGO", 3, "?status=live&organisation_kind=ngo"),
        ("Not given", 2, "?status=live&organisation_kind=none"),
    ]


def test_places_left_per_way_of_attending(as_editor, event):
    make_a_mix(event)

    page = html(as_editor.get(LIST))

    # In person: 3 places, taken by Person 1 (confirmed) and Person 2 (attended).
    assert (
        '<ul class="places"> <li>In person: 1 place left of 3</li> '
        "<li>Online: no limit on places</li> </ul>"
    ) in page


def test_an_event_without_registrations(as_editor, event):
    response = as_editor.get(LIST)

    page = html(response)
    assert "<p>0 registrations in all; 0 not cancelled," in page
    assert counts(response, "By status")[0] == ("Awaiting email confirmation", 0, "")
    assert counts(response, "By way of attending") == [("In person", 0, ""), ("Online", 0, "")]
    assert counts(response, "By country") == []
    assert "<caption>By country</caption>" in page
    assert '<tr><td colspan="2">None yet.</td></tr>' in page
    assert '<p class="summary-line">0 registrations match.</p>' in page
    assert table(response) == ""


# -- the list and its filters ---------------------------------------------------------
def test_each_row_shows_the_registration_in_the_events_time_zone(as_editor, event):
    registration = person(
        event,
        1,
        name="Amina <b>Diallo</b>",
        organisation="Kisumu & Partners",
        organisation_kind="local_government",
        country=kenya(),
        accessibility_needs="Step-free access",
    )
    # 21:30 on 1 March in UTC is half past midnight on 2 March in Nairobi (UTC+3).
    Registration.objects.filter(pk=registration.pk).update(
        created_at=dt.datetime(2026, 3, 1, 21, 30, tzinfo=dt.UTC)
    )

    response = as_editor.get(LIST)

    assert rows(response) == [
        [
            "Amina <b>Diallo</b>",
            "person1@example.org",
            "Kisumu & Partners",
            "Local or regional government",
            "Kenya",
            "In person",
            "Confirmed",
            "02/03/2026 00:30",
            "Step-free access",
        ]
    ]
    assert "Amina &lt;b&gt;Diallo&lt;/b&gt;" in table(response)
    assert '<th scope="col">Registered (Africa/Nairobi)</th>' in table(response)


def test_each_row_offers_the_actions_its_status_allows(as_editor, event):
    for n, status in enumerate(
        ["pending_email", "pending_approval", "confirmed", "waitlisted", "attended", "cancelled"]
    ):
        person(event, n, name=status, status=status)

    response = as_editor.get(LIST, {"status": "live", "page": "1"})

    assert actions(response) == {
        "pending_email": ["cancel"],
        "pending_approval": ["approve", "decline"],
        "confirmed": ["check_in", "cancel"],
        "waitlisted": ["cancel"],
        "attended": ["undo_check_in"],
    }
    first = Registration.objects.get(name="pending_email")
    assert (f'<form method="post" action="/events/forum/registrations/{first.pk}/">') in table(
        response
    )
    assert (
        '<input type="hidden" name="next" '
        'value="/events/forum/registrations/?status=live&amp;page=1">'
    ) in table(response)


def test_an_erased_registration_is_listed_without_details(as_editor, event):
    person(event, 1, name="", email="", status="attended", anonymised_at=timezone.now())

    assert names(as_editor.get(LIST)) == ["(details erased)"]


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        ({}, ["Person 1", "Person 2", "Person 3", "Person 4", "Person 5", "Person 6", "Person 7"]),
        ({"status": "confirmed"}, ["Person 1", "Person 3"]),
        (
            {"status": "live"},
            ["Person 1", "Person 2", "Person 3", "Person 4", "Person 5", "Person 7"],
        ),
        ({"attendance_mode": "virtual"}, ["Person 3", "Person 5"]),
        ({"country": "KE"}, ["Person 1", "Person 2", "Person 6", "Person 7"]),
        ({"country": "none"}, ["Person 5"]),
        ({"organisation_kind": "ngo"}, ["Person 1", "Person 3", "Person 7"]),
        ({"organisation_kind": "none"}, ["Person 4", "Person 5"]),
        ({"status": "live", "country": "KE", "organisation_kind": "ngo"}, ["Person 1", "Person 7"]),
        ({"q": "PERSON2@example"}, ["Person 2"]),
        ({"q": "person 6"}, ["Person 6"]),
        ({"q": "refugee-led", "country": "UG"}, ["Person 3"]),
        ({"q": "refugee-led", "country": "KE"}, []),
        (
            {"q": "  "},
            ["Person 1", "Person 2", "Person 3", "Person 4", "Person 5", "Person 6", "Person 7"],
        ),
    ],
)
def test_the_filters_combine(as_editor, event, query, listed):
    make_a_mix(event)
    Registration.objects.filter(name="Person 3").update(organisation="A Refugee-led Group")

    response = as_editor.get(LIST, query)

    assert names(response) == listed
    count = len(listed)
    assert f'<p class="summary-line">{count} registration{"" if count == 1 else "s"} match' in (
        html(response)
    )


def test_the_filters_show_what_was_chosen(as_editor, event):
    make_a_mix(event)

    page = html(as_editor.get(LIST, {"country": "UG", "q": "per"}))

    assert '<option value="UG" selected>Uganda</option>' in page
    assert '<input type="text" name="q" value="per" maxlength="100" id="id_q">' in page
    # the countries offered are those registrations came from
    assert re.findall(
        r'<option value="([A-Za-z]*)"', page.split('name="country"')[1].split("</select>")[0]
    ) == ["", "KE", "UG", "none"]
    assert '<a href="/events/forum/registrations/">Show all</a>' in page


def test_a_country_only_cancelled_registrations_came_from_can_be_chosen(as_editor, event):
    person(event, 1, country=kenya())
    person(event, 2, status="cancelled", country=CountryFactory(code="FR", name="France"))

    response = as_editor.get(LIST, {"country": "FR"})
    export = as_editor.get(CSV, {"country": "FR"})

    assert names(response) == ["Person 2"]
    assert counts(response, "By country") == [("Kenya", 1, "?status=live&country=KE")]
    assert b"".join(export.streaming_content).decode().splitlines()[1:] == [
        "Person 2,person2@example.org,,,,,France,In person,en,Cancelled,"
        + Registration.objects.get(name="Person 2")
        .created_at.astimezone(event.tz)
        .strftime("%Y-%m-%d %H:%M")
        + ",,"
    ]


@pytest.mark.parametrize(
    "query",
    [
        {"status": "lost"},
        {"attendance_mode": "hybrid"},
        {"country": "FR"},
        {"country": "ke"},
        {"organisation_kind": "cult"},
        {"q": "x" * 101},
        {"q": "per\x00son"},
        {"page": "-1"},
        {"page": "1e400"},
        {"page": "99999999999999999999999"},
        {"status": ["confirmed", "bogus"]},
    ],
)
def test_a_malformed_filter_is_ignored(as_editor, event, query):
    make_a_mix(event)

    response = as_editor.get(LIST, query)

    assert response.status_code == 200
    assert len(names(response)) == 7


def test_a_malformed_filter_says_why_and_the_export_leaves_it_out(as_editor, event):
    make_a_mix(event)

    page = html(as_editor.get(LIST, {"status": "lost", "q": "x" * 101, "country": "KE"}))

    assert (
        '<select name="status" aria-invalid="true" aria-describedby="id_status_error" '
        'id="id_status">'
    ) in page
    assert (
        '<small id="id_status_error">Select a valid choice. lost is not one of the available '
        "choices.</small>"
    ) in page
    assert (
        '<small id="id_q_error">Ensure this value has at most 100 characters (it has 101).</small>'
    ) in page
    assert 'href="/events/forum/registrations.csv?country=KE"' in page


def test_the_list_is_paged_by_fifty(as_editor, event):
    for n in range(60):
        person(event, n, attendance_mode="virtual")

    first = as_editor.get(LIST, {"attendance_mode": "virtual"})
    second = as_editor.get(LIST, {"attendance_mode": "virtual", "page": "2"})

    assert names(first) == [f"Person {n}" for n in range(50)]
    assert names(second) == [f"Person {n}" for n in range(50, 60)]
    assert "<caption>Registrations — page 2 of 2</caption>" in html(second)
    assert '<a rel="prev" href="?attendance_mode=virtual&amp;page=1">Previous</a>' in html(second)
    # the export leaves the page out, and keeps the filters
    assert 'href="/events/forum/registrations.csv?attendance_mode=virtual"' in html(second)


@pytest.mark.parametrize(
    ("words", "listed"),
    [
        ("x" * 10_000, ["Person 100%"]),  # too long: ignored
        ("\x00", ["Person 100%"]),  # a NUL: ignored
        ("' OR 1=1 --", []),
        ("'; DROP TABLE events_registration; --", []),
        ("%", ["Person 100%"]),
        ("_", []),
        ('<script>alert("x")</script>', []),
        ("\u202e\ufeff\U0001f600", []),
    ],
)
def test_hostile_words_never_break_the_list_or_the_export(as_editor, event, words, listed):
    person(event, 1, name="Person 100%")

    page = as_editor.get(LIST, {"q": words, "status": words, "country": words})
    export = as_editor.get(CSV, {"q": words, "organisation_kind": words})

    assert page.status_code == 200
    assert names(page) == listed
    assert "<script>" not in page.content.decode()
    assert export.status_code == 200
    assert b"".join(export.streaming_content).count(b"\r\n") == 1 + len(listed)
    assert Registration.objects.count() == 1


# -- the actions ----------------------------------------------------------------------
def act(client, registration, action, next_=LIST, **data):
    return client.post(
        f"/events/forum/registrations/{registration.pk}/",
        {"action": action, **({"next": next_} if next_ is not None else {}), **data},
    )


def test_approving_gives_a_place_and_tells_the_person(
    as_editor, event, django_capture_on_commit_callbacks
):
    waiting = person(event, 1, status="pending_approval")

    with django_capture_on_commit_callbacks(execute=True):
        response = act(as_editor, waiting, "approve", next_=LIST + "?status=pending_approval")

    assert response.status_code == 302
    assert response["Location"] == LIST + "?status=pending_approval"
    assert status_of(waiting) == "confirmed"
    assert said(response) == [("success", "Person 1 is accepted and has a place.")]
    assert [message.to for message in mail.outbox] == [["person1@example.org"]]


def test_approving_when_full_puts_the_person_on_the_waiting_list(as_editor, event):
    for n in range(3):
        person(event, n)
    waiting = person(event, 9, status="pending_approval")

    response = act(as_editor, waiting, "approve")

    assert status_of(waiting) == "waitlisted"
    assert said(response) == [
        ("warning", "Person 9 is accepted, but no place is free: on the waiting list.")
    ]


def test_approving_when_full_without_a_waiting_list_cancels(as_editor, event):
    event.waitlist_enabled = False
    event.save()
    for n in range(3):
        person(event, n)
    waiting = person(event, 9, status="pending_approval")

    response = act(as_editor, waiting, "approve")

    assert status_of(waiting) == "cancelled"
    assert said(response) == [
        (
            "warning",
            "Person 9 is accepted, but no place is free and there is no waiting list: "
            "the registration is cancelled.",
        )
    ]


def test_declining(as_editor, event, django_capture_on_commit_callbacks):
    waiting = person(event, 1, status="pending_approval")

    with django_capture_on_commit_callbacks(execute=True):
        response = act(as_editor, waiting, "decline")

    assert response["Location"] == LIST
    assert status_of(waiting) == "cancelled"
    assert said(response) == [("success", "Person 1 is declined and told by mail.")]
    assert len(mail.outbox) == 1


def test_checking_in_and_undoing_it(as_editor, event):
    confirmed = person(event, 1)

    checked = act(as_editor, confirmed, "check_in")
    attended_at = Registration.objects.get(pk=confirmed.pk).attended_at
    undone = act(as_editor, confirmed, "undo_check_in")

    assert said(checked) == [("success", "Person 1 is checked in.")]
    assert attended_at is not None
    # (no page showed the first message in between, so both are still queued)
    assert said(undone) == [
        ("success", "Person 1 is checked in."),
        ("success", "Person 1 is no longer checked in."),
    ]
    assert Registration.objects.get(pk=confirmed.pk).attended_at is None
    assert status_of(confirmed) == "confirmed"


def test_cancelling_frees_the_place_for_the_first_person_waiting(
    as_editor, event, django_capture_on_commit_callbacks
):
    for n in range(3):
        person(event, n)
    first = Registration.objects.get(name="Person 0")
    waiting = person(event, 9, status="waitlisted", waitlisted_at=timezone.now())

    with django_capture_on_commit_callbacks(execute=True):
        response = act(as_editor, first, "cancel")

    assert said(response) == [("success", "The registration of Person 0 is cancelled.")]
    assert status_of(first) == "cancelled"
    assert status_of(waiting) == "confirmed"
    assert sorted(message.to[0] for message in mail.outbox) == [
        "person0@example.org",
        "person9@example.org",
    ]


@pytest.mark.parametrize(
    ("status", "action", "error"),
    [
        ("confirmed", "approve", "Only a registration awaiting approval can be accepted."),
        ("waitlisted", "decline", "Only a registration awaiting approval can be declined."),
        ("pending_approval", "check_in", "Only a confirmed participant can be checked in."),
        ("confirmed", "undo_check_in", "Only a participant who was checked in can be un-checked."),
        ("attended", "cancel", "A participant who attended cannot be cancelled."),
        ("cancelled", "cancel", "This registration was already cancelled."),
    ],
)
def test_an_action_its_status_does_not_allow_changes_nothing(
    as_editor, event, status, action, error, django_capture_on_commit_callbacks
):
    registration = person(event, 1, status=status)

    with django_capture_on_commit_callbacks(execute=True):
        response = act(as_editor, registration, action, next_=LIST + "?page=2")

    assert response.status_code == 302
    assert response["Location"] == LIST + "?page=2"
    assert said(response) == [("error", error)]
    assert status_of(registration) == status
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("data", "code"),
    [
        ({"action": "delete"}, 400),
        ({"action": ""}, 400),
        ({"action": "approve\x00"}, 400),
        ({"action": "approve", "next": "https://evil.example/"}, 400),
        ({"action": "approve", "next": "//evil.example/events/forum/registrations/"}, 400),
        ({"action": "approve", "next": "https://evil.example/events/forum/registrations/"}, 400),
        ({"action": "approve", "next": "/events/other/registrations/"}, 400),
        ({"action": "approve", "next": "/events/forum/registrations/../../admin/"}, 400),
        ({"action": "approve", "next": "/events/forum/registrations/\r\nSet-Cookie: a=b"}, 400),
        ({"action": "approve", "next": "/\\evil.example/"}, 400),
        ({"action": "approve", "next": "/events/forum/registrations/#x"}, 400),
        ({"action": "approve", "next": "javascript:alert(1)"}, 400),
        ({"action": "approve", "next": "/events/forum/registrations/?" + "x" * 3000}, 400),
        ({"action": "approve", "next": "/events/forum/registrations/?q=\x00"}, 400),
        ({"action": "approve", "next": "/events/forum/registrations/?q=a b"}, 400),
        ({"action": "x" * 10_000}, 400),
    ],
)
def test_a_bad_action_or_return_address_is_refused_and_changes_nothing(
    as_editor, event, data, code
):
    waiting = person(event, 1, status="pending_approval")

    response = as_editor.post(f"/events/forum/registrations/{waiting.pk}/", data)

    assert response.status_code == code
    assert status_of(waiting) == "pending_approval"
    assert said(response) == []


def test_without_a_return_address_the_action_goes_back_to_the_list(as_editor, event):
    registration = person(event, 1)

    response = act(as_editor, registration, "check_in", next_=None)

    assert response["Location"] == LIST


def test_a_registration_of_another_event_is_not_found(as_editor, event, organiser):
    other = EventFactory(slug="other")
    ItemActorFactory(item=other, organisation=organiser)
    theirs = person(other, 1, status="pending_approval")

    response = act(as_editor, theirs, "approve")

    assert response.status_code == 404
    assert status_of(theirs) == "pending_approval"


@pytest.mark.parametrize("pk", ["999999", "99999999999999999999999999999"])
def test_an_unknown_registration_is_not_found(as_editor, event, pk):
    response = as_editor.post(f"/events/forum/registrations/{pk}/", {"action": "cancel"})

    assert response.status_code == 404


def test_actions_need_the_forms_csrf_token(client, editor, event):
    client = type(client)(enforce_csrf_checks=True)
    client.force_login(editor)
    waiting = person(event, 1, status="pending_approval")

    page = client.get(LIST)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())[1]
    forged = act(client, waiting, "approve")
    kept = status_of(waiting)
    posted = act(client, waiting, "approve", csrfmiddlewaretoken=token)

    assert forged.status_code == 403
    assert kept == "pending_approval"
    assert posted.status_code == 302
    assert status_of(waiting) == "confirmed"


def test_actions_are_posted(as_editor, event):
    registration = person(event, 1)

    response = as_editor.get(f"/events/forum/registrations/{registration.pk}/")

    assert response.status_code == 405


@pytest.mark.parametrize("who", ["visitor", "participant", "other editor"])
def test_only_the_events_editors_may_act(client, django_user_model, organiser, event, who):
    waiting = person(event, 1, status="pending_approval")
    if who != "visitor":
        client.force_login(user_with(django_user_model, who, organiser))

    response = act(client, waiting, "approve")

    if who == "visitor":
        assert response.status_code == 302
        assert response["Location"] == "/account/login/?next=/events/forum/registrations/"
    else:
        assert response.status_code == 404
    assert status_of(waiting) == "pending_approval"


# -- the export -----------------------------------------------------------------------
def test_the_export_is_the_filtered_list_as_csv(as_editor, event):
    first = person(
        event,
        1,
        name="Zoë Ndlovu",
        organisation='=HYPERLINK("https://evil.example")',
        organisation_kind="refugee_led",
        title='Coordinator, "Youth"',
        city="Kisumu",
        country=kenya(),
        language="fr",
        accessibility_needs="Sign language\nand a ramp",
    )
    second = person(
        event,
        2,
        name="+254 700 000",
        email="person2@example.org",
        organisation="-minus",
        title="@mention",
        city="\tTabbed",
        accessibility_needs="\rreturn",
        status="attended",
        attendance_mode="virtual",
        attended_at=dt.datetime(2026, 4, 2, 6, 0, tzinfo=dt.UTC),
    )
    person(event, 3, status="cancelled")
    registered = dt.datetime(2026, 3, 1, 21, 30, tzinfo=dt.UTC)
    Registration.objects.filter(pk__in=[first.pk, second.pk]).update(created_at=registered)

    response = as_editor.get(CSV, {"status": "live", "page": "3"})

    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="registrations-forum.csv"'
    assert b"".join(response.streaming_content).decode("utf-8") == (
        "\ufeffName,Email,Organisation,Kind of organisation,Role or title,City,Country,"
        "Attending,Language,Status,Registered (Africa/Nairobi),Checked in (Africa/Nairobi),"
        "Accessibility needs\r\n"
        'Zoë Ndlovu,person1@example.org,"\'=HYPERLINK(""https://evil.example"")",'
        'Refugee- or migrant-led organisation,"Coordinator, ""Youth""",Kisumu,Kenya,'
        'In person,fr,Confirmed,2026-03-02 00:30,,"Sign language\nand a ramp"\r\n'
        "'+254 700 000,person2@example.org,'-minus,,'@mention,'\tTabbed,,Online,en,Attended,"
        '2026-03-02 00:30,2026-04-02 09:00,"\'\rreturn"\r\n'
    )


def test_the_export_starts_with_a_byte_order_mark_even_when_empty(as_editor, event):
    response = as_editor.get(CSV)

    content = b"".join(response.streaming_content)
    assert content.startswith(b"\xef\xbb\xbfName,Email,")
    assert content.count(b"\r\n") == 1


# -- the message ----------------------------------------------------------------------
def test_the_message_form_says_who_gets_it(as_editor, event):
    person(event, 1)
    person(event, 2)
    person(event, 3, status="attended")

    response = as_editor.get(MESSAGE)

    page = html(response)
    assert "Your message goes by mail to the 2 confirmed participants, each in their own copy;" in (
        page
    )
    assert '<input type="text" name="subject" maxlength="150" required id="id_subject">' in page
    assert (
        '<textarea name="message" cols="60" rows="12" maxlength="10000" required id="id_message">'
        in page
    )


def test_the_message_goes_to_confirmed_participants_only(
    as_editor, event, django_capture_on_commit_callbacks
):
    for n, status in enumerate(
        ["confirmed", "pending_email", "pending_approval", "waitlisted", "cancelled", "attended"]
    ):
        person(event, n, status=status)
    person(event, 9)
    other = EventFactory()
    person(other, 10)

    with django_capture_on_commit_callbacks(execute=True):
        response = as_editor.post(
            MESSAGE, {"subject": "  Venue change ", "message": "We meet in room 2.\nSee you."}
        )

    assert response.status_code == 302
    assert response["Location"] == LIST
    assert said(response) == [("success", "Your message was sent to 2 confirmed participants.")]
    assert sorted(message.to[0] for message in mail.outbox) == [
        "person0@example.org",
        "person9@example.org",
    ]
    assert {message.subject for message in mail.outbox} == {"Forum: Venue change"}
    assert "We meet in room 2.\nSee you." in mail.outbox[0].body


def test_a_message_to_nobody_says_so(as_editor, event, django_capture_on_commit_callbacks):
    person(event, 1, status="waitlisted")
    form = as_editor.get(MESSAGE)

    with django_capture_on_commit_callbacks(execute=True):
        response = as_editor.post(MESSAGE, {"subject": "Hello", "message": "Hi."})

    assert "<p>No participant is confirmed yet: a message now would reach no one.</p>" in html(form)
    assert said(response) == [("warning", "Nothing was sent: no participant is confirmed.")]
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"subject": "", "message": "Hi."}, "This field is required."),
        ({"subject": "Hello", "message": "   "}, "This field is required."),
        ({"subject": "x" * 151, "message": "Hi."}, "Ensure this value has at most 150 characters"),
        ({"subject": "Hel\x00lo", "message": "Hi."}, "Null characters are not allowed."),
        ({"subject": "Hello", "message": "x" * 10_001}, "Ensure this value has at most 10000"),
        ({}, "This field is required."),  # an empty post is a form with every field missing
    ],
)
def test_an_incomplete_message_is_refused_and_nothing_sent(
    as_editor, event, data, error, django_capture_on_commit_callbacks
):
    person(event, 1)

    with django_capture_on_commit_callbacks(execute=True):
        response = as_editor.post(MESSAGE, data)

    assert response.status_code == 400
    assert error in html(response)
    assert mail.outbox == []


def test_a_newline_in_the_subject_does_not_break_the_mail(
    as_editor, event, django_capture_on_commit_callbacks
):
    person(event, 1)

    with django_capture_on_commit_callbacks(execute=True):
        response = as_editor.post(
            MESSAGE, {"subject": "Hello\r\nBcc: all@example.org", "message": "Hi."}
        )

    assert response.status_code == 302
    assert [message.subject for message in mail.outbox] == ["Forum: Hello Bcc: all@example.org"]
    assert [message.bcc for message in mail.outbox] == [[]]


def test_others_cannot_write_to_the_participants(
    client, django_user_model, organiser, event, django_capture_on_commit_callbacks
):
    person(event, 1)
    client.force_login(user_with(django_user_model, "other editor", organiser))

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(MESSAGE, {"subject": "Hello", "message": "Hi."})

    assert response.status_code == 404
    assert mail.outbox == []


# -- weight and queries ---------------------------------------------------------------
def test_a_full_page_of_registrations_stays_light(as_editor, event):
    for n in range(60):
        person(
            event,
            n,
            organisation=f"Municipal Council of a Long-Named City Number {n}",
            organisation_kind="local_government",
            country=kenya(),
            accessibility_needs="Step-free access and a sign-language interpreter.",
            status=["confirmed", "pending_approval", "waitlisted"][n % 3],
        )

    size = transferred_size(as_editor, LIST, {})

    assert len(names(as_editor.get(LIST))) == 50
    assert size < BUDGET, size
    assert len(gzip.compress(as_editor.get(LIST).content)) < 20 * 1024


@pytest.mark.parametrize("size", [3, 60])
@pytest.mark.parametrize(
    ("url", "limit"),
    [(LIST, 9), (LIST + "?status=live&country=KE&q=person", 9), (CSV, 7), (MESSAGE, 6)],
)
def test_queries_are_bounded(as_editor, event, django_assert_max_num_queries, size, url, limit):
    ke = kenya()
    for n in range(size):
        person(
            event,
            n,
            country=ke,
            organisation_kind="ngo",
            status=["confirmed", "pending_approval"][n % 2],
        )

    with django_assert_max_num_queries(limit):
        response = as_editor.get(url)
        content = b"".join(response.streaming_content) if response.streaming else response.content

    assert response.status_code == 200
    if url == CSV:
        assert content.count(b"\r\n") == size + 1
    elif url == MESSAGE:
        confirmed = (size + 1) // 2
        assert f"to the {confirmed} confirmed participants," in html(response)
    else:
        assert len(names(response)) == min(size, 50)


def test_queries_are_bounded_for_a_secretariat(
    client, django_user_model, organiser, event, django_assert_max_num_queries
):
    for n in range(60):
        person(event, n)
    client.force_login(user_with(django_user_model, "secretariat", organiser))

    with django_assert_max_num_queries(12):
        response = client.get(LIST)

    assert len(names(response)) == 50
