import datetime as dt
import re

import pytest
from django.utils import timezone

from tests.content.builders import build_world, full_event, full_resource, full_story
from tests.content.pages import card_titles, h1, html, section
from tests.factories import (
    CityFactory,
    CountryFactory,
    EventFactory,
    ItemActorFactory,
    MembershipFactory,
    NetworkFactory,
    OrganisationFactory,
    ParticipantFactory,
    ResourceFactory,
    SessionFactory,
    StoryFactory,
)

pytestmark = pytest.mark.django_db

D = dt.date


def days_ago(days):
    return timezone.now() - dt.timedelta(days=days)


@pytest.fixture
def kenya():
    return CountryFactory(code="KE", name="Kenya")


@pytest.fixture
def tunisia():
    return CountryFactory(code="TN", name="Tunisia", region="north_africa")


# -- organisations --------------------------------------------------------------------
def test_organisations_are_listed_by_kind(client, kenya):
    OrganisationFactory(name="UN-Habitat", slug="un-habitat", kind="un_agency")
    OrganisationFactory(
        name="Council of Governors",
        slug="cog",
        acronym="CoG",
        kind="local_government",
        country=kenya,
    )
    OrganisationFactory(name="IOM", slug="iom", kind="un_agency")

    page = html(client.get("/organizations/"))

    groups = re.findall(r"<section><h2>([^<]+)</h2>(.*?)</section>", page)
    assert [(kind, re.findall(r'<a href="[^"]+">([^<]+)</a>', body)) for kind, body in groups] == [
        ("Local or regional government", ["Council of Governors"]),
        ("UN agency", ["IOM", "UN-Habitat"]),
    ]
    assert (
        '<li><a href="/organizations/cog/">Council of Governors</a> (CoG) '
        '<span class="note">Kenya</span></li>'
    ) in page


def test_the_organisation_page(client, kenya):
    parent = OrganisationFactory(name="United Nations", slug="un")
    organisation = OrganisationFactory(
        name="Office of the High Commissioner",
        slug="unhcr",
        acronym="UNHCR",
        kind="un_agency",
        country=kenya,
        website="https://www.unhcr.org",
        parent=parent,
        description="Protects refugees.",
    )
    OrganisationFactory(name="UNHCR Kenya", slug="unhcr-kenya", parent=organisation)
    organisation.aliases.create(name="HCR", language="fr")
    CityFactory(name="Kakuma", slug="kakuma", local_government=organisation)
    NetworkFactory(name="Refugee platform", slug="platform", secretariat=organisation)
    MembershipFactory(
        network=NetworkFactory(name="Lake network", slug="lake"),
        city=None,
        organisation=organisation,
        role="observer",
    )

    response = client.get("/organizations/unhcr/")
    page = html(response)

    assert h1(response) == "Office of the High Commissioner <small>(UNHCR)</small>"
    for expected in [
        "<dt>Kind</dt><dd>UN agency</dd>",
        "<dt>Country</dt><dd>Kenya</dd>",
        '<dt>Website</dt><dd><a href="https://www.unhcr.org" rel="noopener">'
        "https://www.unhcr.org</a></dd>",
        '<dt>Part of</dt><dd><a href="/organizations/un/">United Nations</a></dd>',
        '<dt>Includes</dt><dd><ul><li><a href="/organizations/unhcr-kenya/">UNHCR Kenya</a>'
        "</li></ul></dd>",
        '<dt>Also known as</dt><dd><ul class="inline"><li lang="fr">HCR</li></ul></dd>',
        '<dt>Local government of</dt><dd><a href="/cities/kakuma/">Kakuma</a></dd>',
        '<dt>Secretariat of</dt><dd><ul><li><a href="/networks/platform/">Refugee platform</a>'
        "</li></ul></dd>",
        '<dt>Networks</dt><dd><ul><li><a href="/networks/lake/">Lake network</a> (Observer)'
        "</li></ul></dd>",
        "<p>Protects refugees.</p>",
        "<p>Nothing has been published about it yet.</p>",
    ]:
        assert expected in page


def test_the_organisation_page_lists_what_it_took_part_in(client):
    organisation = OrganisationFactory(slug="uclg")
    for role, item in [
        ("organiser", EventFactory(title="Organised")),
        ("funder", StoryFactory(title="Funded story")),
        ("publisher", ResourceFactory(title="Published report")),
    ]:
        ItemActorFactory(item=item, organisation=organisation, role=role)
    session = SessionFactory(event=EventFactory(title="Spoke at"))
    ParticipantFactory(session=session, organisation=organisation)
    ParticipantFactory(session=session, organisation=organisation, role="chair")
    ItemActorFactory(
        item=StoryFactory(title="Draft", status="draft", published_at=None),
        organisation=organisation,
    )
    EventFactory(title="Someone else's")

    response = client.get("/organizations/uclg/")

    assert sorted(card_titles(response)) == [
        "Funded story",
        "Organised",
        "Published report",
        "Spoke at",
    ]
    assert "Organised" in section(response, "Events")
    assert "Funded story" in section(response, "News")
    assert "Published report" in section(response, "Resources")


def test_linked_items_are_the_latest_ten_of_each_kind(client):
    organisation = OrganisationFactory(slug="uclg")
    for number in range(12):
        story = StoryFactory(title=f"Story {number}", published_at=days_ago(number))
        ItemActorFactory(item=story, organisation=organisation)

    response = client.get("/organizations/uclg/")

    assert card_titles(response) == [f"Story {number}" for number in range(10)]


def build_organisation_list(size):
    countries = [CountryFactory(code=code, name=code) for code in ("KE", "ET", "TN")]
    kinds = ["ngo", "un_agency", "academia", "donor"]
    for number in range(size):
        OrganisationFactory(kind=kinds[number % 4], country=countries[number % 3])


@pytest.mark.parametrize("size", [3, 30])
def test_organisation_list_queries_are_bounded(client, django_assert_max_num_queries, size):
    build_organisation_list(size)

    with django_assert_max_num_queries(2):
        response = client.get("/organizations/")

    assert html(response).count('<a href="/organizations/organisation-') == size


def build_organisation_page(size):
    """An organisation with ``size`` children, aliases, cities it governs, networks it runs
    or belongs to, and items it organised or spoke at."""
    world = build_world()
    organisation = world.organiser
    for number in range(size):
        OrganisationFactory(parent=organisation)
        organisation.aliases.create(name=f"Alias {number}")
        CityFactory(local_government=organisation)
        NetworkFactory(secretariat=organisation)
        MembershipFactory(city=None, organisation=organisation)
        full_event(world, title=f"Event {number}")
        full_story(world, title=f"Story {number}")
        full_resource(world, title=f"Resource {number}")
        session = SessionFactory(event=EventFactory(title=f"Spoke at {number}"))
        ParticipantFactory(session=session, organisation=organisation)
    return organisation


@pytest.mark.parametrize("size", [3, 30])
def test_organisation_page_queries_are_bounded(client, django_assert_max_num_queries, size):
    organisation = build_organisation_page(size)

    with django_assert_max_num_queries(15):
        response = client.get(
            organisation.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="fr", follow=True
        )

    # Events organised and spoken at, stories, resources and the events' agendas.
    assert len(card_titles(response)) == min(2 * size, 10) + min(size, 10) + min(2 * size, 10)
    assert html(response).count('<a href="/fr/networks/network-') == 2 * size


# -- cities ---------------------------------------------------------------------------
def test_cities_are_listed_by_region(client, kenya, tunisia):
    CityFactory(name="Sfax", slug="sfax", country=tunisia, region="north_africa")
    CityFactory(name="Nairobi", slug="nairobi", country=kenya, is_intermediary=False)
    CityFactory(name="Kisumu", slug="kisumu", country=kenya)
    CityFactory(name="Atlantis", slug="atlantis", country=kenya, region="")

    page = html(client.get("/cities/"))

    groups = re.findall(r"<section><h2>([^<]+)</h2>(.*?)</section>", page)
    assert [
        (region, re.findall(r'<a href="[^"]+">([^<]+)</a>', body)) for region, body in groups
    ] == [
        ("Other regions", ["Atlantis"]),
        ("East Africa", ["Kisumu", "Nairobi"]),
        ("North Africa", ["Sfax"]),
    ]
    assert (
        '<li><a href="/cities/kisumu/">Kisumu</a> <span class="note">Kenya · intermediary city'
        "</span></li>"
    ) in page
    assert '<li><a href="/cities/nairobi/">Nairobi</a> <span class="note">Kenya</span></li>' in page


def test_the_city_page(client, kenya):
    city = CityFactory(
        name="Kisumu",
        slug="kisumu",
        country=kenya,
        population=610082,
        latitude="-0.09170",
        longitude="34.76800",
        local_government=OrganisationFactory(name="County of Kisumu", slug="kisumu-county"),
    )
    city.aliases.create(name="كيسومو", language="ar")
    MembershipFactory(network=NetworkFactory(name="Lake network", slug="lake"), city=city)

    response = client.get("/cities/kisumu/")
    page = html(response)

    assert h1(response) == "Kisumu <small>Kenya</small>"
    for expected in [
        "<dt>Region</dt><dd>East Africa</dd>",
        "<dt>Population</dt><dd>610,082</dd>",
        "<dt>Kind of city</dt><dd>Intermediary (secondary) city</dd>",
        '<dt>Coordinates</dt><dd><a href="https://www.openstreetmap.org/?mlat=-0.09170&amp;'
        'mlon=34.76800#map=11/-0.09170/34.76800" rel="noopener">-0.09170, 34.76800</a></dd>',
        "<dt>Time zone</dt><dd>Africa/Nairobi</dd>",
        '<dt>Local government</dt><dd><a href="/organizations/kisumu-county/">County of Kisumu'
        "</a></dd>",
        '<dt>Also known as</dt><dd><ul class="inline"><li lang="ar">كيسومو</li></ul></dd>',
        '<dt>Networks</dt><dd><ul><li><a href="/networks/lake/">Lake network</a> (Member)</li>'
        "</ul></dd>",
    ]:
        assert expected in page


def test_the_city_page_lists_what_happened_there_or_is_about_it(client):
    city = CityFactory(slug="kisumu")
    EventFactory(title="Held there", city=city)
    StoryFactory(title="About it").cities.add(city)
    ResourceFactory(title="Report on it").cities.add(city)
    EventFactory(title="Elsewhere")
    EventFactory(title="Draft", city=city, status="draft", published_at=None)

    assert sorted(card_titles(client.get("/cities/kisumu/"))) == [
        "About it",
        "Held there",
        "Report on it",
    ]


def build_city_list(size):
    countries = [CountryFactory(code=code, name=code) for code in ("KE", "ET", "TN")]
    regions = ["east_africa", "horn_of_africa", "north_africa", ""]
    for number in range(size):
        CityFactory(country=countries[number % 3], region=regions[number % 4])


@pytest.mark.parametrize("size", [3, 30])
def test_city_list_queries_are_bounded(client, django_assert_max_num_queries, size):
    build_city_list(size)

    with django_assert_max_num_queries(1):
        response = client.get("/cities/")

    assert html(response).count('<a href="/cities/city-') == size


def build_city_page(size):
    """A city with ``size`` aliases, networks, events held there and items about it."""
    world = build_world()
    city = world.city
    for number in range(size):
        city.aliases.create(name=f"Alias {number}")
        MembershipFactory(city=city)
        full_event(world, title=f"Event {number}")
        full_story(world, title=f"Story {number}")
        full_resource(world, title=f"Resource {number}")
    return city


@pytest.mark.parametrize("size", [3, 30])
def test_city_page_queries_are_bounded(client, django_assert_max_num_queries, size):
    city = build_city_page(size)

    with django_assert_max_num_queries(27):
        response = client.get(city.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="fr", follow=True)

    # Each full event brings its agenda: two resources per number.
    assert len(card_titles(response)) == min(size, 10) * 2 + min(2 * size, 10)
    assert html(response).count('<a href="/fr/networks/network-') == size


# -- networks -------------------------------------------------------------------------
def test_networks_are_listed_with_members_and_secretariat(client):
    network = NetworkFactory(
        name="Mediterranean network",
        slug="med",
        kind="programme",
        launched_on=D(2019, 3, 1),
        launched_precision="month",
        secretariat=OrganisationFactory(name="United Cities", acronym="UCLG"),
    )
    MembershipFactory(network=network)
    MembershipFactory(network=network, city=None, organisation=OrganisationFactory())
    NetworkFactory(name="Alone", slug="alone")

    page = html(client.get("/networks/"))

    assert (
        '<article class="card"><p class="meta"><span class="kind">Programme</span> · since '
        'March 2019</p> <h3><a href="/networks/med/">Mediterranean network</a></h3> '
        '<p class="by">2 members · Secretariat: UCLG</p></article>'
    ) in page
    assert (
        '<p class="meta"><span class="kind">City network</span></p> <h3><a href="/networks/alone/">'
        'Alone</a></h3> <p class="by">0 members</p>'
    ) in page


def test_the_network_page(client, kenya, tunisia):
    secretariat = OrganisationFactory(name="IGAD", slug="igad")
    network = NetworkFactory(
        name="Regional network of secondary cities",
        slug="igad-network",
        acronym="RNSC",
        launched_on=D(2022, 5, 17),
        region="horn_of_africa",
        website="https://example.org/network",
        description="Secondary cities of the Horn.",
        secretariat=secretariat,
    )
    MembershipFactory(
        network=network,
        city=CityFactory(name="Sfax", slug="sfax", country=tunisia),
        role="founding_member",
    )
    MembershipFactory(
        network=network, city=CityFactory(name="Kisumu", slug="kisumu", country=kenya)
    )
    MembershipFactory(
        network=network,
        city=None,
        organisation=OrganisationFactory(name="UN-Habitat", slug="un-habitat"),
        role="partner",
    )
    ItemActorFactory(item=StoryFactory(title="Launch of the network"), organisation=secretariat)

    response = client.get("/networks/igad-network/")
    page = html(response)

    assert h1(response) == "Regional network of secondary cities <small>(RNSC)</small>"
    for expected in [
        "<dt>Kind</dt><dd>City network</dd>",
        '<dt>Secretariat</dt><dd><a href="/organizations/igad/">IGAD</a></dd>',
        "<dt>Launched</dt><dd>17 May 2022</dd>",
        "<dt>Region</dt><dd>Horn of Africa</dd>",
        "<p>Secondary cities of the Horn.</p>",
    ]:
        assert expected in page
    assert re.findall(
        r'<li><a href="/cities/[^"]+">[^<]+</a> <span class="note">[^<]+</span>', page
    ) == [
        '<li><a href="/cities/sfax/">Sfax</a> <span class="note">Tunisia · Founding member</span>',
        '<li><a href="/cities/kisumu/">Kisumu</a> <span class="note">Kenya · Member</span>',
    ]
    assert (
        '<li><a href="/organizations/un-habitat/">UN-Habitat</a> <span class="note">Partner'
        "</span></li>"
    ) in page
    assert "<h2>From the secretariat</h2>" in page
    assert card_titles(response) == ["Launch of the network"]


def test_a_network_without_secretariat_lists_no_items(client):
    NetworkFactory(slug="alone")

    page = html(client.get("/networks/alone/"))

    assert "From the secretariat" not in page
    assert "Member cities" not in page


def build_network_list(size):
    for _ in range(size):
        network = NetworkFactory(secretariat=OrganisationFactory())
        MembershipFactory(network=network)
        MembershipFactory(network=network, city=None, organisation=OrganisationFactory())


@pytest.mark.parametrize("size", [3, 30])
def test_network_list_queries_are_bounded(client, django_assert_max_num_queries, size):
    build_network_list(size)

    with django_assert_max_num_queries(1):
        response = client.get("/networks/")

    assert html(response).count("2 members · Secretariat:") == size


def build_network_page(size):
    """A network with ``size`` member cities in three countries and ``size`` member
    organisations, whose secretariat organised ``size`` items of each kind."""
    world = build_world()
    network = NetworkFactory(secretariat=world.organiser)
    countries = [CountryFactory(code=code, name=code) for code in ("KE", "ET", "TN")]
    for number in range(size):
        MembershipFactory(network=network, city=CityFactory(country=countries[number % 3]))
        organisation = OrganisationFactory(country=countries[number % 3])
        MembershipFactory(network=network, city=None, organisation=organisation)
        full_event(world, title=f"Event {number}")
        full_story(world, title=f"Story {number}")
    return network


@pytest.mark.parametrize("size", [3, 30])
def test_network_page_queries_are_bounded(client, django_assert_max_num_queries, size):
    network = build_network_page(size)

    with django_assert_max_num_queries(11):
        response = client.get(network.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="fr", follow=True)

    page = html(response)
    assert page.count('<a href="/fr/cities/city-') == size
    assert page.count('<a href="/fr/organizations/organisation-') == size
    assert len(card_titles(response)) == min(size, 10) * 3
