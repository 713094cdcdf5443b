"""A realistic catalogue for the search tests, random but reproducible from its seed.

Events, stories and resources in English, French and Arabic, some translated; topics and
organisations drawn with Zipf-like weights, organisations in several roles; cities in
several countries and regions (a city may sit in a region of its own, or in none); events
of every type and attendance mode spread over a dozen years, some spanning New Year; and
besides the published items, drafts, items in review, archived ones and scheduled ones
(published with a date still to come). Everything made is indexed at the end.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from django.utils import timezone

from crossroads.content.models import ActorRole, Item, Status
from crossroads.directory.models import City, Country, Organisation
from crossroads.events.models import AttendanceMode, EventType
from crossroads.library.models import ResourceType
from crossroads.news.models import NewsType
from crossroads.search.services import deferred_indexing, index_items
from crossroads.taxonomy.models import Framework, Topic
from tests.factories import (
    CityFactory,
    CountryFactory,
    EventFactory,
    FrameworkFactory,
    ItemActorFactory,
    ItemTranslationFactory,
    OrganisationFactory,
    ResourceFactory,
    ResourceVersionFactory,
    SessionFactory,
    StoryFactory,
    TopicFactory,
)

#: The day event dates are spread around (searches pass it as ``today``).
TODAY = dt.date(2026, 6, 15)

#: (code, name, region); one country has no region yet.
COUNTRIES = [
    ("KE", "Kenya", "east_africa"),
    ("UG", "Uganda", "east_africa"),
    ("ET", "Ethiopia", "horn_of_africa"),
    ("TN", "Tunisia", "north_africa"),
    ("JO", "Jordan", "middle_east"),
    ("FR", "France", "europe"),
    ("CO", "Colombia", "americas"),
    ("SN", "Senegal", ""),
]

#: (name, slug, country, region): a city's region may differ from its country's, or be empty.
CITIES = [
    ("Nairobi", "nairobi", "KE", "east_africa"),
    ("Mombasa", "mombasa", "KE", ""),
    ("Kampala", "kampala", "UG", "east_africa"),
    ("Arua", "arua", "UG", "east_africa"),
    ("Gambela", "gambela", "ET", "horn_of_africa"),
    ("Sfax", "sfax", "TN", ""),
    ("Tunis", "tunis", "TN", "north_africa"),
    ("Amman", "amman", "JO", "middle_east"),
    ("Irbid", "irbid", "JO", "middle_east"),
    ("Marseille", "marseille", "FR", "mediterranean_europe"),
    ("Grenoble", "grenoble", "FR", "europe"),
    ("Bogotá", "bogota", "CO", "americas"),
    ("Cúcuta", "cucuta", "CO", "americas"),
    ("Dakar", "dakar", "SN", "west_africa"),
]

TOPICS = [
    ("Refugee inclusion", "refugee-inclusion"),
    ("Housing", "housing"),
    ("Climate mobility", "climate-mobility"),
    ("Health", "health"),
    ("Education", "education"),
    ("Jobs and livelihoods", "jobs-livelihoods"),
    ("Local governance", "local-governance"),
]

#: (code, name, short name)
FRAMEWORKS = [
    ("GCM", "Global Compact for Safe, Orderly and Regular Migration", "GCM"),
    ("GCR", "Global Compact on Refugees", "GCR"),
    ("NUA", "New Urban Agenda", "NUA"),
    ("SDG", "Sustainable Development Goals", "SDGs"),
]

#: (name, slug, acronym, kind)
ORGANISATIONS = [
    ("United Nations Human Settlements Programme", "un-habitat", "UN-Habitat", "un_agency"),
    ("UN Refugee Agency", "unhcr", "UNHCR", "un_agency"),
    ("International Organization for Migration", "iom", "IOM", "intergovernmental"),
    ("Mayors Migration Council", "mayors-migration-council", "MMC", "city_network"),
    ("Cities Alliance", "cities-alliance", "", "city_network"),
    ("Norwegian Refugee Council", "nrc", "NRC", "ngo"),
    ("Ville de Grenoble", "ville-de-grenoble", "", "local_government"),
    ("Refugee-Led Research Hub", "refugee-led-research-hub", "RLRH", "refugee_led"),
]

#: Title openings and closing sentences per language; titles end with a place.
SUBJECTS = {
    "en": [
        "Refugees and host communities",
        "Affordable housing for displaced families",
        "Climate displacement and urban planning",
        "Health services for migrants",
        "Schools welcoming refugee children",
        "Jobs and skills for newcomers",
        "Local governance of migration",
    ],
    "fr": [
        "Les réfugiés et les communautés d'accueil",
        "Le logement des familles déplacées",
        "Les déplacements climatiques et l'urbanisme",
        "La santé des migrants",
        "Les écoles accueillent les enfants réfugiés",
        "L'emploi des nouveaux arrivants",
        "La gouvernance locale des migrations",
    ],
    "ar": [
        "اللاجئون والمجتمعات المضيفة",
        "السكن للأسر النازحة",
        "الخدمات الصحية للمهاجرين",
        "التعليم للأطفال اللاجئين",
    ],
}
CONNECTORS = {"en": "in", "fr": "à", "ar": "في"}
SENTENCES = {
    "en": [
        "Mayors compared how their cities register newcomers.",
        "The municipality opened a one-stop centre for refugees.",
        "Partners shared data on informal settlements.",
        "Young migrants trained as community health workers.",
    ],
    "fr": [
        "Les maires ont comparé l'accueil des nouveaux arrivants.",
        "La municipalité a ouvert un guichet unique pour les réfugiés.",
        "Les partenaires ont partagé des données sur les quartiers informels.",
        "De jeunes migrants sont devenus agents de santé communautaire.",
    ],
    "ar": [
        "ناقش رؤساء البلديات استقبال الوافدين الجدد.",
        "افتتحت البلدية مركزا موحدا للاجئين.",
    ],
}
LANGUAGES = ["en", "fr", "ar"]

#: How many of each status and kind, relatively.
STATUSES = {
    "published": 15,
    "scheduled": 2,
    Status.DRAFT: 2,
    Status.REVIEW: 1,
    Status.ARCHIVED: 1,
}
KINDS = {"event": 4, "story": 3, "resource": 3}


def zipf(values: list, rng: random.Random, count: int) -> list:
    """``count`` different values, the first ones much more often than the last."""
    weights = [1 / rank for rank in range(1, len(values) + 1)]
    chosen: list = []
    while len(chosen) < min(count, len(values)):
        value = rng.choices(values, weights)[0]
        if value not in chosen:
            chosen.append(value)
    return chosen


@dataclass
class Catalogue:
    """The reference data and the items of a catalogue; ``add_items`` makes more items."""

    rng: random.Random
    today: dt.date
    countries: list[Country]
    cities: list[City]
    topics: list[Topic]
    frameworks: list[Framework]
    organisations: list[Organisation]
    items: list[Item] = field(default_factory=list)

    def add_items(self, count: int) -> list[Item]:
        """Make ``count`` more items, then index them."""
        first = len(self.items)
        # Saving reindexes an item each time: index the new ones once, at the end.
        with deferred_indexing():
            for number in range(first, first + count):
                self.items.append(self._item(number))
        made = self.items[first:]
        index_items([item.pk for item in made])
        return made

    def _item(self, number: int) -> Item:
        rng = self.rng
        kind = rng.choices(list(KINDS), list(KINDS.values()))[0]
        if number < len(STATUSES):
            status = list(STATUSES)[number]  # every status at least once
        else:
            status = rng.choices(list(STATUSES), list(STATUSES.values()))[0]
        language = rng.choices(LANGUAGES, [6, 3, 1])[0]
        now = timezone.now()
        if status == "scheduled":
            status, published_at = Status.PUBLISHED, now + dt.timedelta(days=rng.randint(1, 60))
        elif status == Status.DRAFT:
            published_at = None
        else:
            published_at = now - dt.timedelta(
                days=rng.randint(1, 3000), seconds=rng.randint(0, 86399)
            )
        place = rng.choice(self.cities + self.countries)
        values = {
            "title": f"{rng.choice(SUBJECTS[language])} {CONNECTORS[language]} {place.name}",
            "slug": f"generated-{kind}-{number}",  # apart from the factories' "story-1"
            "summary": rng.choice(SENTENCES[language]),
            "body": " ".join(rng.sample(SENTENCES[language], 2)),
            "language": language,
            "status": status,
            "published_at": published_at,
        }
        if kind == "event":
            item = self._event(values)
        elif kind == "story":
            item = StoryFactory(**values, news_type=rng.choice(NewsType.values))
            published_events = [
                other
                for other in self.items
                if other.kind == "event" and other.status == Status.PUBLISHED
            ]
            if published_events and rng.random() < 0.4:
                item.events.set([rng.choice(published_events).pk])
        else:
            item = ResourceFactory(**values, resource_type=rng.choice(ResourceType.values))
            for version_language in rng.sample(LANGUAGES, rng.choice([0, 1, 1, 2])):
                ResourceVersionFactory(resource=item, language=version_language)

        item.topics.set(zipf(self.topics, rng, rng.choice([0, 1, 1, 2, 3])))
        item.frameworks.set(rng.sample(self.frameworks, rng.choice([0, 0, 1, 2])))
        item.cities.set(rng.sample(self.cities, rng.choice([0, 0, 1, 2])))
        item.countries.set(rng.sample(self.countries, rng.choice([0, 0, 0, 1])))
        actors = set()
        for organisation in zipf(self.organisations, rng, rng.choice([0, 1, 2, 3])):
            actors.add((organisation, rng.choice(ActorRole.values)))
        if actors and rng.random() < 0.2:
            # The same organisation in a second role.
            organisation, role = sorted(actors, key=lambda actor: actor[0].slug)[0]
            actors.add((organisation, rng.choice([r for r in ActorRole.values if r != role])))
        for order, (organisation, role) in enumerate(sorted(actors, key=lambda a: a[0].slug)):
            ItemActorFactory(item=item, organisation=organisation, role=role, order=order)
        if rng.random() < 0.3:
            other = rng.choice([code for code in LANGUAGES if code != language])
            ItemTranslationFactory(
                item=item,
                language=other,
                title=f"{rng.choice(SUBJECTS[other])} {CONNECTORS[other]} {place.name}",
                summary=rng.choice(SENTENCES[other]),
            )
        return item

    def _event(self, values: dict) -> Item:
        rng = self.rng
        if rng.random() < 0.1:
            # Across New Year: in two years at once.
            start = dt.date(self.today.year + rng.randint(-6, 1), 12, 30)
        else:
            start = self.today + dt.timedelta(days=rng.randint(-6 * 365, 2 * 365))
        attendance = rng.choice(AttendanceMode.values)
        event = EventFactory(
            **values,
            event_type=rng.choice(EventType.values),
            attendance_mode=attendance,
            start_date=start,
            end_date=start + dt.timedelta(days=rng.choice([0, 0, 0, 1, 2, 4])),
            city=None if attendance == "virtual" else rng.choice(self.cities),
            venue=rng.choice(["", "City Hall", "Hôtel de ville"]),
        )
        for _ in range(rng.choice([0, 0, 2])):
            SessionFactory(event=event, title=rng.choice(SENTENCES[values["language"]]))
        return event


def build_catalogue(*, seed: int, size: int, today: dt.date = TODAY) -> Catalogue:
    """The reference data, then ``size`` items, all indexed."""
    countries = [
        CountryFactory(code=code, name=name, region=region) for code, name, region in COUNTRIES
    ]
    by_code = {country.code: country for country in countries}
    cities = [
        CityFactory(name=name, slug=slug, country=by_code[code], region=region)
        for name, slug, code, region in CITIES
    ]
    catalogue = Catalogue(
        rng=random.Random(seed),
        today=today,
        countries=countries,
        cities=cities,
        topics=[TopicFactory(name=name, slug=slug) for name, slug in TOPICS],
        frameworks=[
            FrameworkFactory(code=code, name=name, short_name=short)
            for code, name, short in FRAMEWORKS
        ],
        organisations=[
            OrganisationFactory(name=name, slug=slug, acronym=acronym, kind=kind)
            for name, slug, acronym, kind in ORGANISATIONS
        ],
    )
    catalogue.add_items(size)
    return catalogue
