"""The extractor's rules, one by one, on short pages written for each."""

import pytest

from crossroads.ingest.extract import extract
from crossroads.ingest.pages import Page
from crossroads.ingest.records import FIELDS


def read(text: str, directory, **facts):
    language = facts.pop("language", None)
    return extract(Page(source="page.txt", text=text, language=language, facts=facts), directory)


def record(text: str, directory, **facts) -> dict:
    return read(text, directory, **facts).record


def test_a_record_has_every_field_and_nothing_else(directory):
    found = record("Nothing much\n\nA line of text about nothing in particular.", directory)
    assert tuple(found) == FIELDS
    assert found["source"] == "page.txt"
    assert found["program"] == [] and found["city"] is None


# -- kind and title ---------------------------------------------------------------------
def test_labelled_dates_make_an_event_and_the_first_line_its_title(directory):
    found = record("Follow us on\n\nRefugee Hub Meeting\n• Starts: Feb 27, 2019\n", directory)
    assert found["kind"] == "event"
    assert found["title"] == "Refugee Hub Meeting"


def test_a_page_that_announces_nothing_is_news(directory):
    found = record(
        "Kampala adopts a plan for newcomers\n\nThe council voted a plan on schooling.",
        directory,
    )
    assert found["kind"] == "news"


def test_a_workshop_announced_in_the_lead_is_an_event(directory):
    found = record(
        "Partnerships for inclusion\n\nCities face new arrivals.\n\nThis workshop brings "
        "together mayors and ministries.",
        directory,
    )
    assert found["kind"] == "event"


def test_a_one_word_menu_line_is_not_the_title(directory):
    found = record(
        "Events\n\nMayors meet in Kisumu\n\nThe meeting takes place in Kisumu.", directory
    )
    assert found["title"] == "Mayors meet in Kisumu"


def test_a_bracketed_type_before_the_title_is_dropped(directory):
    found = record("[SIDE EVENT] Local actors and inclusion\n• Starts: Jan 25, 2021", directory)
    assert found["title"] == "Local actors and inclusion"


def test_a_stated_title_and_kind_come_before_the_text(directory):
    found = record("Some site name\n\nText.", directory, title="The real title", kind="event")
    assert (found["title"], found["kind"]) == ("The real title", "event")


# -- dates ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("line", "start", "end"),
    [
        ("Starts: Feb 27, 2019", "2019-02-27", "2019-02-27"),
        ("Date: 5-7 December 2018", "2018-12-05", "2018-12-07"),
        ("Date : du 14 au 16 mai 2025", "2025-05-14", "2025-05-16"),
        ("Début : 27 février 2019", "2019-02-27", "2019-02-27"),
        ("Date: 30 November – 2 December 2018", "2018-11-30", "2018-12-02"),
        ("Date: March 12-14, 2024", "2024-03-12", "2024-03-14"),
        ("Date: 5 November 2024, 14:00 EAT", "2024-11-05T14:00+03:00", "2024-11-05"),
        ("Date: 2019-02-27", "2019-02-27", "2019-02-27"),
        ("Date: 27/02/2019", "2019-02-27", "2019-02-27"),
        ("Date: March 2024", "2024-03", "2024-03"),
    ],
)
def test_labelled_dates_at_the_precision_stated(directory, line, start, end):
    found = record(f"Mayors meet\n{line}\nLocation: Kisumu", directory)
    assert (found["start"], found["end"]) == (start, end)


def test_an_end_label_gives_the_end(directory):
    found = record("Meeting of mayors\nStarts: Jan 25, 2021\nEnds: Jan 27, 2021", directory)
    assert (found["start"], found["end"]) == ("2021-01-25", "2021-01-27")


def test_a_year_in_the_title_dates_an_event_but_a_year_in_a_sentence_does_not(directory):
    found = record(
        "Africities 2022: Cities as partners\n\nIn 2018 a charter was adopted.\n\n"
        "This workshop brings together mayors.",
        directory,
    )
    assert found["start"] == "2022"
    untitled = record(
        "Cities as partners\n\nIn 2018 a charter was adopted.\n\nThis workshop brings "
        "together mayors.",
        directory,
    )
    assert untitled["start"] is None and untitled["end"] is None


def test_a_flyer_names_the_month_of_an_event(directory):
    found = record(
        "IGAD hosts a peer-learning event in Djibouti.\n\nThe network was launched in "
        "December 2019.\n\nPeer-learning Djibouti, March 2024 flyer",
        directory,
    )
    assert (found["start"], found["end"]) == ("2024-03", "2024-03")


def test_news_stated_publication_date(directory):
    found = record("Kampala adopts a plan\n\nPublished on 3 March 2025\n\nText.", directory)
    assert (found["kind"], found["start"], found["end"]) == ("news", "2025-03-03", None)
    french = record("Kampala adopte un plan\n\nPublié le 3 mars 2025\n\nTexte.", directory)
    assert french["start"] == "2025-03-03"


def test_news_without_a_date_is_dated_to_the_month_of_the_latest_date_it_reports(directory):
    found = record(
        "Cities join a coalition\n\nGulu joined on 5 December 2018 and Arua on "
        "8 December 2018. The campaign started in 2016.",
        directory,
    )
    assert found["start"] == "2018-12"


def test_news_that_states_no_date_has_none(directory):
    found = record("Cities join a coalition\n\nThe campaign started in 2016.", directory)
    assert found["start"] is None


# -- place and attendance -------------------------------------------------------------
@pytest.mark.parametrize(
    ("location", "attendance", "city", "country"),
    [
        ("Marseille with Virtual Connections", "hybrid", "Marseille", "FR"),
        ("Virtual", "virtual", None, None),
        ("En ligne", "virtual", None, None),
        ("Sousse, Tunisie", "in_person", "Sousse", "TN"),
        ("Hybrid: Nairobi and online", "hybrid", "Nairobi", "KE"),
        ("Lyon", "in_person", "Lyon", "FR"),
        ("Kenya", "in_person", None, "KE"),
    ],
)
def test_the_labelled_location(directory, location, attendance, city, country):
    found = record(f"Mayors meet\nStarts: Feb 27, 2019\nLocation: {location}", directory)
    assert (found["attendance"], found["city"], found["country"]) == (attendance, city, country)


def test_the_city_in_the_lead_sentence_that_announces_the_event(directory):
    found = record(
        "Peer learning on inclusion\n\nIGAD hosts a peer-learning event in Djibouti on "
        "12 March 2024.\n\nSpeakers from Gulu will explain their methods.",
        directory,
    )
    assert (found["city"], found["country"], found["attendance"]) == ("Djibouti", "DJ", "in_person")


def test_a_city_speakers_come_from_is_not_where_the_event_is(directory):
    found = record(
        "Counting everyone\n\nIGAD holds an online webinar on 9 September 2025.\n\n"
        "Speakers from Gambella will explain their methods.",
        directory,
    )
    assert (found["city"], found["attendance"]) == (None, "virtual")
    assert found["cities_mentioned"] == ["Gambella"]


def test_news_has_no_place_or_attendance(directory):
    found = record("Mayors met in Marrakesh\n\nNews Type\nThey met in Marrakesh.", directory)
    assert (found["kind"], found["city"], found["attendance"]) == ("news", None, None)
    assert found["cities_mentioned"] == ["Marrakesh"]


# -- cities and organisations mentioned ------------------------------------------------
def test_words_that_are_also_towns_are_not_cities(directory):
    found = record(
        "Reading the report\n\nReading helps. The UN Member States agreed, Jan 25, 2021. "
        "Local Economic Development (LED) matters. Of course.",
        directory,
    )
    assert found["cities_mentioned"] == []


def test_a_city_inside_a_framework_or_organisation_name_is_not_a_mention(directory):
    found = record(
        "Cities act\n\nThe Marrakesh Mayoral Declaration and the City of Marseille.", directory
    )
    assert found["cities_mentioned"] == []
    assert found["frameworks"] == ["MMD"]


def test_gazetteer_cities_after_a_cue_and_directory_cities_anywhere(directory):
    found = record(
        "Mayors meet\n\nThe Mayor of Lyon met officials from Kisumu. Kisumu and Toulouse agreed.",
        directory,
    )
    assert found["cities_mentioned"] == ["Lyon", "Kisumu"]


def test_acronyms_match_with_their_capitals_only(directory):
    found = record("Health for all\n\nWHO met the mayor, who spoke. The eu was not.", directory)
    assert found["organizations_mentioned"] == ["World Health Organization"]


def test_names_match_across_spelling_variants(directory):
    found = record(
        "Partners\n\nUNHabitat and UN-Habitat and United Cities and Local Governments Africa "
        "(UCLGA) and Cités et gouvernements locaux unis d'Afrique.",
        directory,
    )
    assert found["organizations_mentioned"] == [
        "United Nations Human Settlements Programme",
        "United Cities and Local Governments of Africa",
    ]


def test_an_edition_of_an_event_is_not_its_organisation(directory):
    found = record(
        "Mayors at the forum\n\nWe attended the 11th Global Forum on Migration and "
        "Development in Quito.",
        directory,
    )
    assert found["organizations_mentioned"] == []


def test_an_organisation_the_directory_lacks_is_read_from_its_definition(directory):
    found = record(
        "New partners\n\nThe Coastal Cities Resilience Council (CCRC) joined. Later, CCRC "
        "hosted a visit. The Joint Work Programme (JWP) continues.",
        directory,
    )
    assert found["organizations_mentioned"] == ["Coastal Cities Resilience Council"]


# -- organisers and partners -----------------------------------------------------------
def test_by_line_with_partners(directory):
    found = record(
        "Local actors\n• Starts: Jan 25, 2021\n• By: CMI and and UN-Habitat, in partnership "
        "with: OECD, GMFD Mayors Mechanism, WHO",
        directory,
    )
    assert found["organizers"] == [
        "Center for Mediterranean Integration",
        "United Nations Human Settlements Programme",
    ]
    assert found["partners"] == [
        "Organisation for Economic Co-operation and Development",
        "GFMD Mayors Mechanism",
        "World Health Organization",
    ]


def test_organisers_and_partners_from_the_lead_sentence(directory):
    found = record(
        "IGAD and Cities Alliance, in partnership with the European Union, host a "
        "peer-learning event in Djibouti.",
        directory,
    )
    assert found["organizers"] == ["Intergovernmental Authority on Development", "Cities Alliance"]
    assert found["partners"] == ["European Union"]


def test_organised_by_in_french(directory):
    found = record(
        "Atelier sur le logement\n\nCet atelier, organisé par le HCR et l'OIM, se tient à "
        "Sousse le 14 mai 2025.",
        directory,
        language="fr",
    )
    assert found["organizers"] == [
        "Office of the United Nations High Commissioner for Refugees",
        "International Organization for Migration",
    ]
    assert (found["city"], found["start"]) == ("Sousse", "2025-05-14")


def test_an_unknown_organiser_is_kept_as_written(directory):
    found = record("Mayors meet\nStarts: Feb 27, 2019\nBy: Friends of Lake Victoria", directory)
    assert found["organizers"] == ["Friends of Lake Victoria"]


# -- parent event, programme, documents, frameworks ----------------------------------------
def test_parent_event_from_a_title_prefix_without_its_city(directory):
    found = record("Africities Kisumu 2022: Partnerships\n\nThis workshop meets.", directory)
    assert found["parent_event"] == "Africities 2022"


def test_parent_event_from_part_of(directory):
    found = record(
        "Local actors\n• Starts: Jan 25, 2021\n\nThis session is part of the 13th Global "
        "Forum on Migration and Development (GFMD). Dans le cadre du forum.",
        directory,
    )
    assert found["parent_event"] == "13th Global Forum on Migration and Development"


def test_programme_lines_with_participants_below_and_in_the_title(directory):
    found = record(
        "Workshop\n\nProgram\n  • 9:00 am – 9:30 am: Opening\n  • 9:30 – 10:30: Panel, "
        "contributions by:\n    • ViceMayor of Sfax\n    • IOM\n    • Jane Doe\n"
        "  • 14h00 - 14h30 : Presentation MMC\nMore Events",
        directory,
    )
    assert found["program"] == [
        {"start": "09:00", "end": "09:30", "title": "Opening", "participants": []},
        {
            "start": "09:30",
            "end": "10:30",
            "title": "Panel",
            "participants": [
                "Vice Mayor of Sfax",
                "International Organization for Migration",
                "Jane Doe",
            ],
        },
        {
            "start": "14:00",
            "end": "14:30",
            "title": "Presentation MMC",
            "participants": ["Mixed Migration Centre"],
        },
    ]
    assert found["kind"] == "event"


def test_one_time_in_a_sentence_is_not_a_programme(directory):
    found = record("Mayors meet\n\n10:00 is when the doors open, they said.", directory)
    assert found["program"] == []


def test_documents_offered_announced_and_not_yet_available(directory):
    found = record(
        "Mayors meet\nStarts: Feb 27, 2019\n\nCities Alliance will release a policy brief "
        "entitled Financing Secondary Cities. It also launched a guide on “Something”.\n\n"
        "Agenda (Coming Soon)\nThe report [EN]\nRapport (FR)\nPeer-learning Djibouti flyer\n",
        directory,
    )
    assert found["documents"] == [
        {"title": "The report", "language": "en"},
        {"title": "Rapport", "language": "fr"},
        {"title": "Peer-learning Djibouti flyer", "language": None},
        {"title": "Financing Secondary Cities", "language": None},
    ]


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("the Global Compact for Safe, Orderly and Regular Migration", ["GCM"]),
        ("the Global Compacts for Migration and Refugees", ["GCM", "GCR"]),
        ("the Convention Relating to the Status of Refugees (1951)", ["RC1951"]),
        ("the Charter of local\u00a0and subnational governments of Africa on migration", ["ALMC"]),
        ("the Social Development Goals (SDGs)", ["SDG"]),
        ("sustainable development in cities", []),
        ("les Objectifs de développement durable et le Nouvel agenda urbain", ["SDG", "NUA"]),
        ("le Pacte mondial sur les réfugiés", ["GCR"]),
        ("an odd idea", []),
    ],
)
def test_frameworks(directory, text, codes):
    assert record(f"A page\n\nIt refers to {text}.", directory)["frameworks"] == codes


# -- evidence and confidence -------------------------------------------------------------
def test_evidence_points_at_the_text_each_field_was_read_from(directory):
    text = "Refugee Hub Meeting\n• Starts: Feb 27, 2019\n• Location: Marseille\n• By: CMI"
    extraction = read(text, directory)
    quoted = {
        field: [text[span.start : span.end] for span in spans]
        for field, spans in extraction.evidence.items()
    }
    assert quoted["start"] == ["Feb 27, 2019"]
    assert quoted["city"] == ["Marseille"]
    assert quoted["organizers"] == ["CMI"]
    assert quoted["title"] == ["Refugee Hub Meeting"]
    assert extraction.confidence["start"] > extraction.confidence["kind"] - 0.2
    assert set(extraction.confidence) <= set(FIELDS)


def test_a_stated_field_is_more_trusted_than_an_inferred_one(directory):
    stated = read("Meeting\nStarts: Feb 27, 2019", directory)
    inferred = read("Meeting\n\nMeeting flyer, March 2024 flyer", directory)
    assert stated.confidence["start"] > inferred.confidence.get("start", 0)


def test_names_resolve_to_directory_entries_or_none(directory):
    extraction = read("Meeting\nStarts: Feb 27, 2019\nBy: CMI, Friends of Lake Victoria", directory)
    assert set(extraction.organisations) == {
        "Center for Mediterranean Integration",
        "Friends of Lake Victoria",
    }
    assert extraction.organisations["Friends of Lake Victoria"] is None


def test_a_title_that_names_a_gathering_makes_an_event_placed_by_its_title(directory):
    found = record(
        "Élus et associations se retrouvent.", directory, title="Journée d'échanges à Sfax"
    )
    assert (found["kind"], found["city"], found["country"]) == ("event", "Sfax", "TN")


def test_stated_datetimes_are_written_to_the_minute(directory):
    found = record(
        "Hub meeting", directory, kind="event", start="2019-02-27T09:30:00+01:00", end="2019-02-27"
    )
    assert (found["start"], found["end"]) == ("2019-02-27T09:30+01:00", "2019-02-27")


def test_the_city_a_format_states_is_among_the_cities_mentioned(directory):
    found = record("Workshop: cities\n\nPalermo", directory, kind="event", location="Palermo")
    assert (found["city"], found["cities_mentioned"]) == ("Palermo", ["Palermo"])


def test_documents_offered_for_download(directory):
    found = record(
        "Mayors meet\nStarts: Feb 27, 2019\n\nDownload the concept note (PDF, 2 MB)\n"
        "Télécharger le programme [PDF]\nDownload the app\n",
        directory,
    )
    assert found["documents"] == [
        {"title": "Concept note", "language": None},
        {"title": "Programme", "language": None},
    ]


@pytest.mark.parametrize(
    ("lines", "start", "end"),
    [
        (
            "Date: 5 November 2024, 14:00–16:00 EAT",
            "2024-11-05T14:00+03:00",
            "2024-11-05T16:00+03:00",
        ),
        (
            "Date : 5 novembre 2024\nHeure : 10h00 à 12h00 (UTC+1)",
            "2024-11-05T10:00+01:00",
            "2024-11-05T12:00+01:00",
        ),
        ("Date: 5 November 2024\nTime: 10:00", "2024-11-05", "2024-11-05"),
    ],
)
def test_times_with_their_zone_make_moments(directory, lines, start, end):
    found = record(f"Mayors meet\n{lines}\nLocation: Nairobi", directory)
    assert (found["start"], found["end"]) == (start, end)
