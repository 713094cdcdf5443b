"""Importing from the queue page: a web address or an uploaded file, each page of it
imported (or refused) with a message of its own, bad input a form error."""

from pathlib import Path

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from crossroads.content.models import Item
from crossroads.events.models import Event
from crossroads.ingest import services
from crossroads.ingest.fetch import Fetched, FetchError
from crossroads.ingest.models import Source
from crossroads.ingest.readers import MAX_BYTES
from crossroads.news.models import Story
from tests.content.pages import html
from tests.factories import OrganisationFactory
from tests.ingest.test_review_views import news_drafts
from tests.ingest.test_services import READ_AT, editor_for
from tests.test_page_weight import BUDGET, transferred_size

pytestmark = pytest.mark.django_db

QUEUE = "/review/imports/"
IMPORT = "/review/imports/import/"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
PAGES, READERS = FIXTURES / "pages", FIXTURES / "readers"
TWO_EVENTS = READERS / "two_events.ics"
FEED = "https://villes.example.org/feed.rss"
ENTRY = "https://villes.example.org/actualites/charte-kisumu"


class FakeFetcher:
    """What ``fetcher_for`` gives in these tests: a fixture file's bytes for any address
    (no network), or the error a site gave."""

    def __init__(self, path: Path | None = None, content_type: str | None = None) -> None:
        self.path, self.content_type, self.asked = path, content_type, []

    def fetch(self, location: str) -> Fetched:
        self.asked.append(location)
        if self.path is None:
            raise FetchError(f"{location} answered with an error: 404 Not Found.")
        return Fetched(self.path.read_bytes(), self.content_type, location, READ_AT)


@pytest.fixture
def fetcher(monkeypatch) -> FakeFetcher:
    """The fetcher of every web address: the French feed of ``readers/news.rss``."""
    fake = FakeFetcher(READERS / "news.rss", "application/rss+xml")
    monkeypatch.setattr(services, "fetcher_for", lambda location: fake)
    return fake


@pytest.fixture
def as_admin(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("admin", "a@example.org", "x"))
    return client


@pytest.fixture
def network():
    """The organiser of the first event of ``two_events.ics`` (the second names none)."""
    return OrganisationFactory(name="Mediterranean Host Municipalities Learning Network")


def upload(path: Path, name: str | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name or path.name, path.read_bytes())


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def nothing_written() -> bool:
    return Item.objects.count() == 0 and Source.objects.count() == 0


# -- the form on the queue page -----------------------------------------------------------
def test_the_queue_offers_the_form_to_import_a_page(as_admin):
    page = html(as_admin.get(QUEUE))

    assert '<h2 id="import-heading">Import a page</h2>' in page
    assert (
        '<form method="post" action="/review/imports/import/" enctype="multipart/form-data" '
        'class="stack"><input type="hidden" name="csrfmiddlewaretoken"'
    ) in page
    assert '<input type="url" name="address" placeholder="https://" maxlength="1000"' in page
    assert '<input type="file" name="file" accept=".html,.htm,.xhtml,.txt,.ics,' in page
    assert "a feed (RSS, Atom), at most 5 MB. The file is not kept" in page


def test_the_queue_with_its_form_stays_light_and_bounded(
    client, django_user_model, network, django_assert_max_num_queries
):
    client.force_login(editor_for(django_user_model, network))
    client.post(IMPORT, {"file": upload(TWO_EVENTS)})

    with django_assert_max_num_queries(8):
        response = client.get(QUEUE)

    assert 'name="address"' in html(response)
    assert transferred_size(client, QUEUE, {}) < BUDGET


# -- importing ----------------------------------------------------------------------------


def test_an_uploaded_text_page_becomes_a_draft_and_the_file_is_not_kept(as_admin, settings):
    response = as_admin.post(IMPORT, {"file": upload(PAGES / "en_news_hargeisa.txt")})

    assert response.status_code == 302
    assert response["Location"] == QUEUE
    source = Source.objects.get()
    story = Story.objects.get()
    assert source.item_id == story.pk
    assert source.location.startswith("upload:")
    assert source.location.endswith("/en_news_hargeisa.txt")
    assert source.text == (PAGES / "en_news_hargeisa.txt").read_text().strip()
    assert (story.source_name, story.source_url) == ("en_news_hargeisa.txt", "")
    assert messages_of(response) == [
        f'<a href="/review/imports/{source.pk}/">{story.title}</a>: A draft was created.'
    ]
    assert not Path(settings.MEDIA_ROOT).exists()
    # The messages show on the queue, the link going to the review page.
    assert f'<a href="/review/imports/{source.pk}/">{story.title}</a>' in html(as_admin.get(QUEUE))


def test_each_page_of_a_calendar_gets_its_message(client, django_user_model, network):
    client.force_login(editor_for(django_user_model, network))

    response = client.post(IMPORT, {"file": upload(TWO_EVENTS)})

    source = Source.objects.get()
    assert source.location.endswith("/two_events.ics#1")
    assert messages_of(response) == [
        f'<a href="/review/imports/{source.pk}/">Workshop: cities and the Global Compact for '
        "Migration</a>: A draft was created.",
        "two_events.ics#2: None of the organisers or partners of this page is an organisation "
        "you edit for, so you could not edit its draft: ask your network&#x27;s secretariat to "
        "import it.",
    ]
    assert Event.objects.count() == 1
    client.get(QUEUE)  # where the messages are shown

    again = client.post(IMPORT, {"file": upload(TWO_EVENTS)})

    assert messages_of(again)[0] == (
        "Workshop: cities and the Global Compact for Migration: Skipped: this page was "
        "imported before."
    )
    assert (Event.objects.count(), Source.objects.count()) == (1, 1)


@pytest.mark.parametrize("others", [3, 30])
def test_importing_takes_queries_per_page_not_per_row_already_there(
    as_admin, network, others, django_assert_max_num_queries
):
    news_drafts(network, others)

    with django_assert_max_num_queries(130):  # two pages: about 55 each, and the directory
        response = as_admin.post(IMPORT, {"file": upload(TWO_EVENTS)})

    assert response.status_code == 302
    assert Event.objects.count() == 2


def test_a_web_address_is_fetched_and_its_entries_imported(as_admin, fetcher):
    response = as_admin.post(IMPORT, {"address": FEED})

    assert fetcher.asked == [FEED]
    source = Source.objects.get()
    assert (source.location, source.content_type) == (ENTRY, "application/rss+xml")
    assert messages_of(response) == [
        f'<a href="/review/imports/{source.pk}/">Une charte locale sur la migration adoptée à '
        "Kisumu</a>: A draft was created."
    ]


def test_an_address_that_cannot_be_fetched_is_a_form_error(as_admin, monkeypatch):
    failing = FakeFetcher(None)
    monkeypatch.setattr(services, "fetcher_for", lambda location: failing)

    response = as_admin.post(IMPORT, {"address": "https://villes.example.org/gone"})

    assert response.status_code == 400
    assert "https://villes.example.org/gone answered with an error: 404 Not Found." in html(
        response
    )
    assert 'value="https://villes.example.org/gone"' in html(response)
    assert nothing_written()


# -- bad input ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({}, "Give the web address of a page, or choose a file."),
        ({"address": "   "}, "Give the web address of a page, or choose a file."),
        (
            {"address": FEED, "file": "notes.txt"},
            "Give a web address or a file, not both.",
        ),
        ({"address": "javascript:alert(1)"}, "Give a web address starting with http://"),
        ({"address": "file:///etc/passwd"}, "Give a web address starting with http://"),
        ({"address": "/etc/passwd"}, "Give a web address starting with http://"),
        ({"address": "https://" + "a" * 1000 + ".org"}, "at most 1000 characters"),
        ({"file": "image.png"}, "This file is not a web page, a text, a calendar or a feed."),
        ({"file": "empty.txt"}, "The submitted file is empty."),
    ],
    ids=[
        "neither",
        "blank address",
        "both",
        "javascript",
        "file url",
        "path",
        "too long",
        "binary",
        "empty",
    ],
)
def test_bad_input_is_a_form_error_and_nothing_is_fetched_or_written(
    as_admin, fetcher, data, error
):
    if "file" in data:
        data = data | {"file": upload(READERS / data["file"])}

    response = as_admin.post(IMPORT, data)

    assert response.status_code == 400
    assert error in html(response)
    assert '<h2 id="import-heading">Import a page</h2>' in html(response)
    assert fetcher.asked == []
    assert nothing_written()


def test_a_file_over_the_limit_is_refused_before_it_is_read(as_admin, tmp_path, monkeypatch):
    large = tmp_path / "agenda.txt"
    large.write_bytes(b"Peer learning in Kisumu.\n" * (20 * 2**20 // 25) + b"\n" * 20)
    assert large.stat().st_size == 20 * 2**20 > MAX_BYTES

    def never(*args, **kwargs):
        raise AssertionError("the file was read")

    monkeypatch.setattr(services, "import_data", never)
    with large.open("rb") as file:
        response = as_admin.post(IMPORT, {"file": file})

    assert response.status_code == 400
    assert "The file is too large: 20.0 MB, and the limit is 5 MB." in html(response)
    assert nothing_written()


# -- who may import -----------------------------------------------------------------------
def test_visitors_are_sent_to_sign_in_and_participants_refused(client, django_user_model):
    response = client.post(IMPORT, {"file": upload(TWO_EVENTS)})
    assert response["Location"] == "/account/login/?next=/review/imports/"

    client.force_login(django_user_model.objects.create_user("participant"))
    assert client.post(IMPORT, {"file": upload(TWO_EVENTS)}).status_code == 403
    assert nothing_written()


def test_importing_is_posted_only_with_the_csrf_token(django_user_model, network):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor_for(django_user_model, network))

    assert client.get(IMPORT).status_code == 405
    assert client.post(IMPORT, {"file": upload(TWO_EVENTS)}).status_code == 403
    assert nothing_written()
