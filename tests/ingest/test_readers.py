"""Readers: each format becomes pages with the text and the facts it states; bad input
becomes UnreadableInput with a plain message, never another exception."""

import contextlib
import time
from pathlib import Path

import pytest

from crossroads.ingest.pages import Page, UnreadableInput
from crossroads.ingest.readers import MAX_BYTES, read

FIXTURES = Path(__file__).parent / "fixtures" / "readers"
BINARY = (
    "This is not a page or a text file: it looks like binary data (a PDF, an image or an archive)."
)


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def read_one(data: bytes, source: str = "upload", content_type: str | None = None) -> Page:
    pages = read(data, source=source, content_type=content_type)
    assert len(pages) == 1
    return pages[0]


def html_page(head: str, body: str = "<p>Cities host refugees and migrants.</p>") -> bytes:
    return f"<html><head>{head}</head><body>{body}</body></html>".encode()


# HTML --------------------------------------------------------------------------------------


def test_html_with_json_ld_event():
    page = read_one(fixture("event_jsonld.html"), "event_jsonld.html")

    assert page.source == "event_jsonld.html"
    assert page.language == "en"
    assert page.facts == {
        "kind": "event",
        "title": "Peer learning on inclusion in secondary cities",
        "start": "2024-03-12",
        "end": "2024-03-14",
        "location": "Kampala City Hall, Kampala, UG; online",
        "attendance": "hybrid",
        "organizers": ["Cities Alliance", "Intergovernmental Authority on Development"],
        "url": "https://crossroads.example.org/events/peer-learning-kampala",
        "documents": [
            {
                "title": "Flyer",
                "language": "en",
                "url": "https://crossroads.example.org/media/peer-learning-flyer.pdf",
            },
            {"title": "Agenda", "language": "fr", "url": "https://files.example.org/agenda"},
            {
                "title": "Concept note",
                "language": None,
                "url": "https://crossroads.example.org/media/concept-note.docx",
            },
        ],
    }
    lines = page.text.split("\n")
    assert lines[:5] == [
        "Peer learning on inclusion in secondary cities",
        "• Starts: Mar 12, 2024",
        "• Ends: Mar 14, 2024",
        "• Location: Kampala with virtual connections",
        "• By: Cities Alliance",
    ]
    assert lines[5] == (
        "Mayors and city officials from six secondary cities of the Horn of Africa meet in "
        "Kampala to compare how they include refugees and internally displaced people in "
        "their local services."
    )
    assert "<" not in page.text
    assert "Home" not in lines  # navigation is not the page's text


def test_html_with_microdata_event():
    page = read_one(fixture("event_microdata.html"))

    assert page.facts == {
        "kind": "event",
        "title": "Hub meeting on host municipalities",
        "start": "2019-02-27T09:30:00+01:00",
        "end": "2019-02-27T17:00:00+01:00",
        "location": "Villa Méditerranée, Marseille, France",
        "attendance": "in_person",
        "organizers": ["Center for Mediterranean Integration"],
    }
    # The dates written in <time> elements stay in the text.
    assert "From 27 February 2019, 9:30 to 17:00." in page.text.split("\n")


def test_html_without_structured_data():
    page = read_one(fixture("story_plain.html"), "story_plain.html")

    assert page.facts == {
        "title": "Secondary cities join a coalition for refugees",
        "published": "2018-12-05T10:00:00+00:00",
        "documents": [
            {
                "title": "Financing migration management in secondary cities",
                "language": None,
                "url": None,  # a relative link, and no address to resolve it against
            }
        ],
    }
    assert page.text.split("\n")[3:6] == [
        "• direct funding for the municipalities that host the most people;",
        "• data on displaced people shared with local governments;",
        "• a seat for mayors in the national refugee coordination bodies.",
    ]


def test_html_links_resolve_against_a_source_address():
    source = "https://crossroads.example.org/news/2018/coalition.html"
    page = read_one(fixture("story_plain.html"), source)

    assert page.source == source
    assert page.facts["documents"] == [
        {
            "title": "Financing migration management in secondary cities",
            "language": None,
            "url": "https://crossroads.example.org/news/files/financing%20study.pdf",
        }
    ]


def test_html_in_french_with_a_news_article_in_a_graph():
    page = read_one(fixture("article_fr.html"))

    assert page.language == "fr"
    assert page.facts == {
        "kind": "news",
        "title": "Les villes d'accueil se réunissent à Sfax",
        "published": "2022-06-14",
        "url": "https://villes.example.org/actualites/sfax",
        "documents": [
            {
                "title": "Rapport",
                "language": "fr",
                "url": "https://villes.example.org/docs/rapport-sfax",
            }
        ],
    }
    assert page.text.startswith("Des élus de huit villes tunisiennes, libyennes et marocaines")


@pytest.mark.parametrize(
    ("head", "title"),
    [
        ("<title>Hub meeting | Crossroads Network</title>", "Hub meeting"),
        ("<title>Hub meeting | Events | Crossroads</title>", "Hub meeting | Events"),
        ("<title>Migration - a local view</title>", "Migration - a local view"),
        (
            '<meta property="og:site_name" content="Crossroads"><title>Crossroads – Hub</title>',
            "Hub",
        ),
        (
            '<meta property="og:site_name" content="Crossroads">'
            '<meta property="og:title" content="Hub meeting - Crossroads">',
            "Hub meeting",
        ),
        (
            '<meta property="og:title" content="Forum on mobility"><title>Home</title>',
            "Forum on mobility",
        ),
    ],
)
def test_html_title_without_the_site_name(head, title):
    page = read_one(html_page(head), "page.html")

    assert page.facts["title"] == title


def test_html_title_falls_back_to_the_first_heading():
    page = read_one(html_page("<title>Home | Crossroads</title>", "<h1>Annual forum</h1><p>x</p>"))

    assert page.facts["title"] == "Annual forum"


def test_hostile_html_runs_nothing_and_keeps_no_script_address():
    page = read_one(fixture("hostile.html"), "https://crossroads.example.org/call")

    assert page.facts == {"title": "Call for host cities"}
    assert page.text == (
        "The network looks for two cities to host next year's peer exchange on the inclusion "
        "of displaced people in municipal services.\nFlyer [EN] Terms (EN)"
    )
    assert "javascript" not in repr(page)
    assert "hijacked" not in repr(page)


def test_html_whose_text_is_all_aside_is_still_read():
    page = read_one(html_page("", "<aside><ul><li>Housing</li><li>Schools</li></ul></aside>"))

    assert page.text == "• Housing\n• Schools"


def test_html_without_text_is_unreadable():
    with pytest.raises(UnreadableInput, match=r"^No readable text was found on the page\.$"):
        read(b"<html><head><title>Empty</title></head><body> </body></html>", source="a.html")


def test_deeply_nested_html_is_read_or_refused_quickly():
    data = b"<html><body>" + b"<div>" * 100_000 + b"<p>Deep.</p>" + b"</div>" * 100_000

    started = time.perf_counter()
    with contextlib.suppress(UnreadableInput):  # read or refused: both are fine
        read(data, source="deep.html")
    assert time.perf_counter() - started < 5


def test_xhtml_entities_are_not_expanded():
    entities = '<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
    entities += '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">'
    data = (
        f'<?xml version="1.0"?><!DOCTYPE html [{entities}]>'
        '<html xmlns="http://www.w3.org/1999/xhtml"><body><p>Laugh: &c;&c;&c;</p>'
        "<p>Cities welcome displaced people.</p></body></html>"
    ).encode()

    page = read_one(data, "page.xhtml", "application/xhtml+xml")

    assert "aaaa" not in page.text
    assert page.text.endswith("Cities welcome displaced people.")


# Plain text --------------------------------------------------------------------------------


def test_plain_text_file():
    page = read_one(fixture("notes.txt"), "notes.txt")

    assert page == Page(
        source="notes.txt",
        text=(
            "Regional network of secondary cities: notes from the coordination call\n\n"
            "The network met online on 4 May 2021 to prepare its annual meeting in Hargeisa.\n"
            "\tAttendees agreed to share their city profiles before the meeting."
        ),
    )


def test_plain_text_newlines_and_control_characters():
    page = read_one(b"First line\r\nSecond\x00 line\x07\tend\rLast\x1b line\r\n", "a.txt")

    assert page.text == "First line\nSecond line\tend\nLast line"


def test_blank_text_file_is_unreadable():
    with pytest.raises(UnreadableInput, match=r"^No readable text was found in the file\.$"):
        read(b" \r\n\t\n", source="blank.txt")


# iCalendar ---------------------------------------------------------------------------------


def test_calendar_with_one_all_day_event():
    page = read_one(fixture("allday.ics"), "allday.ics")

    assert page.source == "allday.ics"
    assert page.facts == {
        "kind": "event",
        "title": "Annual meeting of the regional network of secondary cities",
        "start": "2024-03-12",
        "end": "2024-03-13",  # DTEND 2024-03-14 is exclusive
        "location": "Hargeisa",
        "organizers": ["Intergovernmental Authority on Development"],
        "url": "https://crossroads.example.org/events/annual-meeting-2024",
    }
    assert page.text == (
        "Annual meeting of the regional network of secondary cities\n\n"
        "Mayors and planners of the network review the year and elect the next chair.\n"
        "Field visits on the second day.\n"
        "Hargeisa"
    )


def test_calendar_with_two_timed_events_in_a_time_zone():
    first, second = read(fixture("two_events.ics"), source="two_events.ics")

    assert first.source == "two_events.ics#1"
    assert first.facts == {
        "kind": "event",
        "title": "Workshop: cities and the Global Compact for Migration",
        "start": "2023-05-15T09:30:00+02:00",
        "end": "2023-05-15T12:30:00+02:00",
        "timezone": "Europe/Rome",
        "location": "Palermo",
        "organizers": ["Mediterranean Host Municipalities Learning Network"],
    }
    assert second.source == "two_events.ics#2"
    assert second.facts == {
        "kind": "event",
        "title": "Side event on local data about displacement",
        "start": "2023-12-03T14:00:00+01:00",
        "end": "2023-12-03T15:30:00+01:00",
        "timezone": "Europe/Rome",
        "location": "Palermo, Teatro Massimo",
    }
    assert second.text == (
        "Side event on local data about displacement\n\n"
        "City statisticians show how they count residents who fled conflict.\n"
        "Palermo, Teatro Massimo"
    )


def test_all_day_event_without_end_lasts_one_day():
    data = b"BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:Forum\nDTSTART;VALUE=DATE:20220517\n"
    data += b"END:VEVENT\nEND:VCALENDAR\n"

    page = read_one(data, "forum.ics")

    assert (page.facts["start"], page.facts["end"]) == ("2022-05-17", "2022-05-17")


def test_truncated_calendar_keeps_its_complete_events():
    page = read_one(fixture("truncated.ics"), "truncated.ics")

    assert page.source == "truncated.ics"
    assert page.facts["title"] == "Workshop: cities and the Global Compact for Migration"


def test_calendar_cut_inside_its_first_event_is_unreadable():
    with pytest.raises(
        UnreadableInput,
        match=r"^The calendar file could not be read: it ends before its first event does\.$",
    ):
        read(fixture("allday.ics")[:200], source="allday.ics")


def test_malformed_calendar_is_unreadable():
    data = b"BEGIN:VCALENDAR\nthis is no content line\nEND:VCALENDAR\n"

    with pytest.raises(UnreadableInput, match=r"^The calendar file could not be read: "):
        read(data, source="broken.ics")


def test_calendar_without_events_is_unreadable():
    data = b"BEGIN:VCALENDAR\nVERSION:2.0\nEND:VCALENDAR\n"

    with pytest.raises(UnreadableInput, match=r"^The calendar file holds no event\.$"):
        read(data, source="empty.ics")


# Feeds -------------------------------------------------------------------------------------


def test_atom_feed():
    first, second = read(fixture("news.atom"), source="news.atom")

    assert first == Page(
        source="https://crossroads.example.org/news/yearly-survey",
        text=(
            "Secondary cities publish their yearly survey\n"
            "Forty municipalities answered this year.\n"
            "• Housing comes first among their needs.\n"
            "• Data on arrivals comes second."
        ),
        language="en",
        facts={
            "kind": "news",
            "title": "Secondary cities publish their yearly survey",
            "published": "2024-03-05T23:30:00-05:00",
            "url": "https://crossroads.example.org/news/yearly-survey",
            "documents": [
                {
                    "title": "survey-2024.pdf",
                    "language": None,
                    "url": "https://crossroads.example.org/media/survey-2024.pdf",
                }
            ],
        },
    )
    assert second == Page(
        source="news.atom#2",
        text=(
            "A new member city in the Sahel\n"
            "Mopti joins the network and will host the next peer exchange."
        ),
        language="en",
        facts={
            "kind": "news",
            "title": "A new member city in the Sahel",
            "published": "2024-02-20T09:15:00+01:00",
        },
    )


def test_rss_feed_keeps_the_stated_offset_and_language():
    page = read_one(fixture("news.rss"), "news.rss")

    assert page == Page(
        source="https://villes.example.org/actualites/charte-kisumu",
        text=(
            "Une charte locale sur la migration adoptée à Kisumu\n"
            "Les maires présents ont signé la charte.\n"
            "Elle entre en vigueur en juillet."
        ),
        language="fr",
        facts={
            "kind": "news",
            "title": "Une charte locale sur la migration adoptée à Kisumu",
            "published": "2022-05-18T22:45:00-04:00",
            "url": "https://villes.example.org/actualites/charte-kisumu",
        },
    )


def test_billion_laughs_feed_expands_nothing():
    started = time.perf_counter()
    page = read_one(fixture("bomb.rss"), "bomb.rss")

    assert time.perf_counter() - started < 5
    assert page.source == "https://crossroads.example.org/news/laughs"
    assert "lollol" not in page.text
    assert len(page.text) < 100


def test_quadratic_entity_feed_expands_nothing():
    value = "x" * 1_000
    references = "&big;" * 1_000
    data = (
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY big "{value}">]>'
        f'<rss version="2.0"><channel><title>t</title><item><title>Big</title>'
        f"<description>{references}</description></item></channel></rss>"
    ).encode()

    page = read_one(data, "big.rss")

    assert "xxxx" not in page.text
    assert len(page.text) < 10_000  # expanded, it would be a million characters long


def test_truncated_feed_yields_its_complete_entries():
    data = fixture("news.atom")
    cut = data.index(b"<summary>")

    pages = read(data[:cut], source="news.atom")

    assert pages[0].facts["title"] == "Secondary cities publish their yearly survey"


def test_broken_feed_is_unreadable():
    with pytest.raises(UnreadableInput, match=r"^The feed could not be read\.$"):
        read(b"<rss version='2.0'><channel><item>", source="news.rss")


def test_feed_without_entries_is_unreadable():
    data = b"<?xml version='1.0'?><rss version='2.0'><channel><title>t</title></channel></rss>"

    with pytest.raises(UnreadableInput, match=r"^The feed holds no entries\.$"):
        read(data, source="news.rss")


# Formats and encodings ---------------------------------------------------------------------


def test_content_type_comes_before_the_file_name():
    page = read_one(html_page("<title>Forum</title>"), "page.txt", "text/html; charset=utf-8")

    assert page.facts == {"title": "Forum"}
    assert page.text == "Cities host refugees and migrants."


def test_file_name_comes_before_sniffing():
    data = html_page("<title>Forum</title>")

    page = read_one(data, "page.txt")

    assert page.text == data.decode()


@pytest.mark.parametrize(
    ("name", "kind"),
    [("event_jsonld.html", "event"), ("allday.ics", "event"), ("news.rss", "news")],
)
def test_format_is_sniffed_without_type_or_name(name, kind):
    page = read(fixture(name), source="https://crossroads.example.org/upload")[0]

    assert page.facts["kind"] == kind


def test_unknown_xml_is_no_feed():
    data = b"<?xml version='1.0'?><urlset><url><loc>https://a.example.org/</loc></url></urlset>"

    with pytest.raises(UnreadableInput, match=r"^The feed could not be read\.$"):
        read(data, source="sitemap")


def test_latin_1_page_without_declared_charset():
    page = read_one(fixture("latin1_fr.html"), "latin1_fr.html")

    assert page.facts == {"title": "Journée d'échanges à Sfax"}
    assert page.language == "fr"
    assert page.text.startswith("Élus et associations de réfugiés se retrouvent à la mairie")


@pytest.mark.parametrize(
    ("data", "content_type"),
    [
        ("Accès à l'école".encode("utf-16"), None),  # with its BOM
        ("\ufeffAccès à l'école".encode(), "text/plain; charset=iso-8859-1"),  # the BOM wins
        ("Accès à l'école".encode("iso-8859-1"), "text/plain; charset=ISO-8859-1"),
        ("Accès à l'école".encode("cp1252"), "text/plain; charset=no-such-charset"),
    ],
    ids=["utf-16-bom", "utf-8-bom", "http-charset", "unknown-charset"],
)
def test_text_encodings(data, content_type):
    page = read_one(data, "upload.txt", content_type)

    assert page.text == "Accès à l'école"


def test_meta_charset_is_honoured():
    data = html_page('<meta charset="windows-1252"><title>Accès à l’école</title>')

    page = read_one(data.decode().encode("cp1252"), "page.html")

    assert page.facts == {"title": "Accès à l’école"}


def test_http_charset_comes_before_the_meta_charset():
    data = html_page('<meta charset="utf-8"><title>Accès</title>').decode().encode("latin-1")

    page = read_one(data, "page.html", "text/html; charset=iso-8859-1")

    assert page.facts == {"title": "Accès"}


def test_undecodable_bytes_never_raise():
    page = read_one(b"Caf\xe9 \xff\xfe\x80 and \xc3(", "upload.txt")

    assert page.text.startswith("Caf")


# Bad input ---------------------------------------------------------------------------------


def test_empty_file_is_unreadable():
    with pytest.raises(UnreadableInput, match=r"^The file is empty\.$"):
        read(fixture("empty.txt"), source="empty.txt")


@pytest.mark.parametrize(
    ("data", "source", "content_type"),
    [
        (fixture("image.png"), "image.png", None),
        (fixture("image.png"), "page.html", "text/html"),  # the bytes say what it is
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "upload", None),
        (b"PK\x03\x04\x14\x00\x06\x00", "report", None),
        (b"Flyer", "https://crossroads.example.org/flyer", "image/jpeg"),
        (b"Agenda", "agenda.docx", None),
        (b"\x00\x01\x02\x03" * 300, "upload", None),
    ],
)
def test_binary_data_is_unreadable(data, source, content_type):
    with pytest.raises(UnreadableInput) as raised:
        read(data, source=source, content_type=content_type)

    assert str(raised.value) == BINARY


def test_too_large_file_is_refused(tmp_path):
    path = tmp_path / "big.html"
    with path.open("wb") as file:
        file.write(b"<html><body><p>" + b"Refugees. " * (2 * 1024 * 1024) + b"</p></body></html>")
        file.truncate(20 * 1024 * 1024)

    with pytest.raises(UnreadableInput) as raised:
        read(path.read_bytes(), source=str(path))

    assert str(raised.value) == "The file is too large: 20.0 MB, and the limit is 5 MB."


def test_a_file_at_the_limit_is_read():
    page = read_one(b"a" * MAX_BYTES, "big.txt")

    assert len(page.text) == MAX_BYTES


def test_truncated_html_yields_what_it_holds():
    page = read_one(fixture("truncated.html"), "truncated.html")

    assert page.facts["title"] == "Peer learning on inclusion in secondary cities"
    assert page.text.endswith("The three days alternate field visits, working sessions and")


@pytest.mark.parametrize("name", sorted(path.name for path in FIXTURES.iterdir()))
def test_every_cut_of_every_fixture_is_read_or_refused_plainly(name):
    data = fixture(name)
    for cut in range(1, len(data), 23):
        try:
            pages = read(data[:cut], source=name)
        except UnreadableInput as error:
            assert str(error)
        else:
            assert pages
            assert all(isinstance(page, Page) and page.text for page in pages)


def test_reading_is_fast():
    pages = [fixture(name) for name in ("event_jsonld.html", "story_plain.html", "news.atom")]
    read(pages[0], source="warm-up.html")

    started = time.perf_counter()
    for _round in range(30):
        for data in pages:
            read(data, source="https://crossroads.example.org/page")
    elapsed = time.perf_counter() - started

    assert elapsed < 90 / 50  # well above 50 pages a second, even on a busy machine
