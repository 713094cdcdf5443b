"""The review queue: the list of imports, the review page of one, and the decisions."""

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.test import Client

from crossroads.content.models import Item, ItemTranslation
from crossroads.directory.models import Organisation
from crossroads.events.models import Event
from crossroads.ingest.display import mark_evidence
from crossroads.ingest.models import Source
from crossroads.ingest.records import PlaceMatch, Span
from crossroads.ingest.services import Outcome, import_extraction, reject
from tests.content.pages import html
from tests.factories import (
    CityFactory,
    CountryFactory,
    EventFactory,
    ItemActorFactory,
    OrganisationFactory,
)
from tests.ingest.test_services import (
    EN_TEXT,
    FR_ADDRESS,
    editor_for,
    extraction,
    kisumu_event,
    origin,
)
from tests.test_page_weight import BUDGET, transferred_size

pytestmark = pytest.mark.django_db

QUEUE = "/review/imports/"


@pytest.fixture
def kisumu():
    return CityFactory(
        name="Kisumu", slug="kisumu", geonameid=191245, country=CountryFactory(code="KE")
    )


@pytest.fixture
def organisations():
    return {
        "city": OrganisationFactory(name="City of Kisumu", kind="local_government"),
        "igad": OrganisationFactory(name="Intergovernmental Authority on Development"),
        "iom": OrganisationFactory(name="International Organization for Migration"),
    }


@pytest.fixture
def source(kisumu, organisations) -> Source:
    """The English Kisumu page, imported as a draft event organised by the City of Kisumu."""
    return import_extraction(kisumu_event(kisumu, organisations), fetched=origin(EN_TEXT)).source


@pytest.fixture
def editor(django_user_model, organisations):
    return editor_for(django_user_model, organisations["city"])


@pytest.fixture
def as_editor(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def as_admin(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("admin", "a@example.org", "x"))
    return client


def review_url(source: Source, action: str = "") -> str:
    return f"{QUEUE}{source.pk}/{action + '/' if action else ''}"


def news_drafts(organisation: Organisation, count: int) -> None:
    """``count`` imported news drafts by ``organisation``, each from a page of its own and
    published on a day of its own (alike titles on one day would be one story)."""
    for n in range(count):
        title = f"Municipal update number {n} from the network"
        published = dt.date(2023, 10, 5) + dt.timedelta(days=n)
        record = extraction(
            f"{title}\nPublished {published:%d %B %Y}",
            location=f"https://news.example.org/{n}",
            kind="news",
            title=title,
            start=published.isoformat(),
            organizers=[organisation.name],
            organisations={organisation.name: organisation.pk},
            confidence={"title": 0.9, "start": 0.6},
        )
        import_extraction(record, fetched=origin(title, f"https://news.example.org/{n}"))


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


# -- who comes in -------------------------------------------------------------------------
def test_visitors_are_sent_to_sign_in(client, source):
    assert client.get(QUEUE)["Location"] == "/account/login/?next=/review/imports/"
    assert client.get(review_url(source))["Location"] == (
        f"/account/login/?next=/review/imports/{source.pk}/"
    )
    response = client.post(review_url(source, "accept"))
    assert response["Location"] == "/account/login/?next=/review/imports/"
    assert Source.objects.get().status == "pending"


def test_people_who_may_not_create_items_are_refused(client, source, django_user_model):
    client.force_login(django_user_model.objects.create_user("participant"))

    assert client.get(QUEUE).status_code == 403
    assert client.get(review_url(source)).status_code == 403
    assert client.post(review_url(source, "accept")).status_code == 403


def test_another_editors_import_does_not_exist_for_them(client, source, django_user_model):
    client.force_login(editor_for(django_user_model, OrganisationFactory(name="Elsewhere")))

    assert client.get(review_url(source)).status_code == 404
    assert client.post(review_url(source, "accept")).status_code == 404
    assert "Peer-learning" not in html(client.get(QUEUE))
    assert Source.objects.get().status == "pending"


@pytest.mark.parametrize("path", ["abc/", "0/", "999999/", "-1/", "1.5/", "%00/"])
def test_unknown_or_malformed_ids_are_not_found(as_editor, source, path):
    assert as_editor.get(QUEUE + path).status_code == 404
    assert as_editor.post(QUEUE + path + "accept/").status_code == 404


# -- the queue ----------------------------------------------------------------------------
def test_the_queue_lists_pending_imports_with_what_editors_check_first(as_editor, source):
    page = html(as_editor.get(QUEUE))

    assert (
        f'<th scope="row"><a href="/review/imports/{source.pk}/">Peer-learning event on the '
        "inclusion of urban refugees in Kisumu</a></th><td>Event</td><td>12 March 2024</td>"
        "<td>https://igad-cities.example.org/events/kisumu-peer-learning</td>"
        "<td>Created the item</td><td>Partners (low confidence)</td>"
    ) in page
    assert "1 import." in page
    assert '<a href="?status=pending" aria-current="page">Waiting for review</a>' in page


def test_the_queue_filters_by_review_status(as_editor, source, editor):
    reject(source, by=editor)

    assert "No import is in this list." in html(as_editor.get(QUEUE))
    rejected = html(as_editor.get(QUEUE + "?status=rejected"))
    assert "Peer-learning event on the inclusion of urban refugees in Kisumu" in rejected
    assert "Rejected" in rejected
    assert "No import is in this list." in html(as_editor.get(QUEUE + "?status=nonsense"))


@pytest.mark.parametrize("count", [3, 30])
def test_the_queue_takes_a_bounded_number_of_queries(
    as_editor, organisations, count, django_assert_max_num_queries
):
    news_drafts(organisations["city"], count)

    with django_assert_max_num_queries(8):
        response = as_editor.get(QUEUE)

    assert html(response).count('<th scope="row">') == min(count, 25)


def test_the_queue_pages_newest_first_and_stays_light(as_editor, organisations):
    news_drafts(organisations["city"], 30)

    first = html(as_editor.get(QUEUE))
    assert first.index("number 29 ") < first.index("number 5 ")
    assert "number 4 " not in first
    assert "number 4 " in html(as_editor.get(QUEUE + "?page=2"))
    assert transferred_size(as_editor, QUEUE, {}) < BUDGET


# -- the review page ----------------------------------------------------------------------
def test_the_review_page_shows_fields_with_confidence_beside_the_marked_page(as_editor, source):
    page = html(as_editor.get(review_url(source)))

    assert (
        '<span id="evidence-title"></span><mark title="Title">Peer-learning event on the '
        "inclusion of urban refugees</mark>"
    ) in page
    assert '<mark title="Start">12 March 2024</mark>' in page
    assert '<dt>Title <small class="confidence-high">(high confidence)</small></dt>' in page
    assert '<dt>Partners <small class="confidence-low">(low confidence)</small></dt>' in page
    assert '<dt>Part of <small class="confidence-none">(not stated)</small></dt>' in page
    assert (
        '<dt>Frameworks <small class="confidence-none">(confidence not given)</small></dt>'
    ) in page
    assert "<dt>Kind" in page and "<dd>Event</dd>" in page
    assert "<dd>In person</dd>" in page
    assert '<a href="#evidence-partners">in the page</a>' in page
    assert f'<a href="/admin/events/event/{source.item_id}/change/">Edit the item</a>' in page
    assert "<li>Kisumu Refugee Youth Network</li>" in page
    assert "Add to the directory" not in page  # an organisation's editor does not edit it
    assert "Split" not in page
    assert "Merge this draft into" not in page  # no other event starts that day


def test_the_page_text_is_escaped_and_odd_spans_are_harmless(as_editor, organisations):
    text = 'Forum <script>alert("x")</script> & more\nSecond line'
    record = extraction(
        text,
        kind="news",
        title="Forum <b>",
        organizers=["City of Kisumu"],
        organisations={"City of Kisumu": organisations["city"].pk},
        evidence={
            "title": [Span(0, 13), Span(40, 10)],
            "organizers": [Span(6, 200), Span(-5, 3)],
            "<img>": [Span(0, 5)],
        },
    )
    source = import_extraction(record, fetched=origin(text)).source

    page = as_editor.get(review_url(source)).content.decode()

    assert "<script>alert" not in page
    assert (
        '<span id="evidence-title"></span><span id="evidence-organizers"></span>'
        '<mark title="Title, Organisers">For</mark><mark title="Title">um </mark>'
        '<mark title="Title, Organisers">&lt;script</mark><mark title="Organisers">'
        "&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; more<br>\nSecond line</mark>"
    ) in page
    assert "<h1>Forum &lt;b&gt;</h1>" in page
    assert "&lt;img&gt;" not in page


def test_evidence_marks_split_where_spans_overlap_and_clip_to_the_text():
    text = "Peer learning in Kisumu\non 12 March"

    marked, fields = mark_evidence(
        text,
        {
            "title": [[0, 23], [30, 10], ["a", 3], [5]],
            "city": [[17, 23]],
            "start": [[27, 999]],
            "unknown": [[0, 4]],
            "end": "not a list",
        },
    )

    assert marked == (
        '<span id="evidence-title"></span><mark title="Title">Peer learning in </mark>'
        '<span id="evidence-city"></span><mark title="Title, City">Kisumu</mark><br>\non '
        '<span id="evidence-start"></span><mark title="Start">12 March</mark>'
    )
    assert fields == {"title", "city", "start"}


@pytest.mark.parametrize("others", [3, 30])
def test_the_review_page_takes_a_bounded_number_of_queries(
    as_editor, kisumu, organisations, source, others, django_assert_max_num_queries
):
    for n in range(others):
        other = EventFactory(title=f"Training {n}", start_date=dt.date(2024, 3, 12), status="draft")
        ItemActorFactory(item=other, organisation=organisations["city"])
        ItemTranslation.objects.create(item=other, language="fr", title=f"Formation {n}")

    with django_assert_max_num_queries(16):
        response = as_editor.get(review_url(source))

    assert response.status_code == 200
    assert html(response).count("Training") == min(others, 10)


# -- decisions ----------------------------------------------------------------------------
def test_accepting_goes_back_to_the_page_with_a_message(as_editor, source, editor):
    response = as_editor.post(review_url(source, "accept"))

    assert response["Location"] == review_url(source)
    assert messages_of(response) == [
        "The import is accepted. Publish the draft from its edit page when it is ready."
    ]
    source.refresh_from_db()
    assert (source.status, source.reviewed_by) == ("accepted", editor)
    assert "This import was accepted already." in messages_of(
        as_editor.post(review_url(source, "accept"))
    )


def test_changes_are_posted_only(as_editor, source):
    for action in ("accept", "reject", "merge", "split", "organisations"):
        assert as_editor.get(review_url(source, action)).status_code == 405
    assert Source.objects.get().status == "pending"


def test_changes_need_the_csrf_token(editor, source):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)

    assert client.post(review_url(source, "accept")).status_code == 403
    assert Source.objects.get().status == "pending"


def test_rejecting_asks_for_confirmation_then_deletes_the_draft(as_editor, source):
    unconfirmed = as_editor.post(review_url(source, "reject"))

    assert unconfirmed.status_code == 400
    assert "Tick the box to confirm the rejection." in html(unconfirmed)
    assert Event.objects.count() == 1

    response = as_editor.post(review_url(source, "reject"), {"confirm": "on"})

    assert response["Location"] == QUEUE
    assert messages_of(response) == [
        "The import is rejected; the same page will not be imported again."
    ]
    assert (Event.objects.count(), Source.objects.get().status) == (0, "rejected")
    # Its importer's editor still finds it among the rejected, and nothing to decide.
    page = html(as_editor.get(review_url(source)))
    assert "Rejected" in page
    assert "Accept</button>" not in page


@pytest.fixture
def french_draft(kisumu, organisations) -> Source:
    """The French page of the same event, which the importer did not recognise: it names
    no city, and its title shares only the city's name with the English one."""
    record = extraction(
        "Événement d'apprentissage entre pairs à Kisumu",
        location=FR_ADDRESS,
        language="fr",
        kind="event",
        title="Événement d'apprentissage entre pairs à Kisumu",
        start="2024-03-12",
        organizers=["City of Kisumu"],
        organisations={"City of Kisumu": organisations["city"].pk},
    )
    done = import_extraction(record, fetched=origin("fr", FR_ADDRESS))
    assert done.outcome == Outcome.CREATED
    return done.source


def test_a_draft_is_merged_into_a_candidate_the_editor_chooses(as_editor, source, french_draft):
    english = source.item_id
    page = html(as_editor.get(review_url(french_draft)))
    assert "Merge this draft into" in page
    assert f'<option value="{english}">Peer-learning event on the inclusion' in page

    response = as_editor.post(review_url(french_draft, "merge"), {"into": str(english)})

    assert response["Location"] == review_url(french_draft)
    assert messages_of(response) == [
        "The draft is merged into “Peer-learning event on the inclusion of urban refugees in "
        "Kisumu”."
    ]
    assert list(Event.objects.values_list("pk", flat=True)) == [english]
    assert ItemTranslation.objects.get().language == "fr"
    french_draft.refresh_from_db()
    assert (french_draft.item_id, french_draft.relation) == (english, "translation")


@pytest.mark.parametrize("into", ["", "abc", "999999", "1e3"])
def test_merging_into_anything_not_offered_is_a_form_error(as_editor, source, french_draft, into):
    response = as_editor.post(review_url(french_draft, "merge"), {"into": into})

    assert response.status_code == 400
    assert Event.objects.count() == 2


def test_a_linked_page_is_split_into_its_own_draft(as_editor, kisumu, organisations, source):
    retold = kisumu_event(
        kisumu,
        organisations,
        title="Kisumu: peer learning on the inclusion of urban refugees",
        location="https://iom.example.org/kisumu",
    )
    linked = import_extraction(retold, fetched=origin("iom", "https://iom.example.org/kisumu"))
    assert linked.outcome == Outcome.LINKED
    assert "Split into its own draft" in html(as_editor.get(review_url(linked.source)))

    response = as_editor.post(review_url(linked.source, "split"))

    assert messages_of(response) == ["The page is now a draft of its own."]
    linked.source.refresh_from_db()
    assert linked.source.item_id != source.item_id
    assert Event.objects.count() == 2


def test_a_secretariat_or_administrator_adds_a_proposed_organisation(as_admin, source):
    page = html(as_admin.get(review_url(source)))
    assert "<h3>Kisumu Refugee Youth Network</h3>" in page
    assert '<select name="kind" id="id_organisation0_kind">' in page

    bad_kind = as_admin.post(
        review_url(source, "organisations"),
        {"name": "Kisumu Refugee Youth Network", "kind": "secret"},
    )
    assert bad_kind.status_code == 400
    unknown = as_admin.post(
        review_url(source, "organisations"), {"name": "Invented body", "kind": "ngo"}
    )
    assert messages_of(unknown) == ["“Invented body” is not an organisation this page proposes."]
    unknown_and_bad = as_admin.post(
        review_url(source, "organisations"), {"name": "Invented body", "kind": "secret"}
    )
    assert "Choose one of the organisations this page proposes." in messages_of(unknown_and_bad)
    assert not Organisation.objects.filter(name__in=["Invented body"]).exists()

    response = as_admin.post(
        review_url(source, "organisations"),
        {"name": "Kisumu Refugee Youth Network", "kind": "refugee_led"},
    )

    assert response["Location"] == review_url(source)
    assert Organisation.objects.get(name="Kisumu Refugee Youth Network").kind == "refugee_led"


def test_an_organisations_editor_cannot_add_to_the_directory(as_editor, source):
    response = as_editor.post(
        review_url(source, "organisations"), {"name": "Kisumu Refugee Youth Network", "kind": "ngo"}
    )

    assert response.status_code == 403
    assert not Organisation.objects.filter(name="Kisumu Refugee Youth Network").exists()


def test_an_administrator_sees_every_import(as_admin, source):
    assert "Peer-learning event on the inclusion" in html(as_admin.get(QUEUE))
    assert Item.objects.filter(pk=source.item_id).exists()


def test_a_gazetteer_place_match_is_listed_with_its_import(as_editor, organisations):
    record = extraction(
        "Hub meeting in Kumasi",
        kind="event",
        title="Hub meeting in Kumasi",
        start="2024-06",
        organizers=["City of Kisumu"],
        organisations={"City of Kisumu": organisations["city"].pk},
        places={"Kumasi": PlaceMatch("Kumasi", "GH", geonameid=2298890)},
        city="Kumasi",
    )
    import_extraction(record, fetched=origin("kumasi"))

    assert "<td>June 2024</td>" in html(as_editor.get(QUEUE))
    assert Event.objects.get().start_date == dt.date(2024, 6, 1)
