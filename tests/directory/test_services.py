"""Countries from pycountry and cities from the gazetteer (crossroads.directory.services)."""

from decimal import Decimal

import pycountry
import pytest

from crossroads.directory.models import City, Country
from crossroads.directory.services import (
    find_places,
    region_of_country,
    sync_countries,
    update_or_create_city,
)


@pytest.mark.parametrize(
    ("code", "region"),
    [
        ("DJ", "horn_of_africa"),
        ("KE", "east_africa"),
        ("NE", "sahel"),
        ("TN", "north_africa"),
        ("GH", "west_africa"),
        ("CM", "central_africa"),
        ("ZA", "southern_africa"),
        ("JO", "middle_east"),
        ("TR", "middle_east"),
        ("FR", "mediterranean_europe"),
        ("DE", "europe"),
        ("BD", "asia"),
        ("CO", "americas"),
        ("FJ", "oceania"),
        ("AQ", ""),
    ],
)
def test_region_of_country(code, region):
    assert region_of_country(code) == region


def test_every_african_country_has_an_african_region():
    african = {"horn_of_africa", "east_africa", "sahel", "north_africa", "west_africa"}
    african |= {"central_africa", "southern_africa"}
    codes = "AO BF BI BJ BW CD CF CG CI CM CV DJ DZ EG EH ER ET GA GH GM GN GQ GW KE KM LR LS"
    codes += " LY MA MG ML MR MU MW MZ NA NE NG RE RW SC SD SH SL SN SO SS ST SZ TD TG TN TZ UG"
    codes += " YT ZA ZM ZW"

    assert {code: region_of_country(code) in african for code in codes.split()} == {
        code: True for code in codes.split()
    }


def test_sync_countries_loads_every_country_once(db):
    Country.objects.create(code="TZ", name="Old name", region="")

    assert sync_countries() == len(pycountry.countries)
    assert sync_countries() == len(pycountry.countries)

    assert Country.objects.count() == len(pycountry.countries)
    tanzania = Country.objects.get(code="TZ")
    assert (tanzania.name, tanzania.region) == ("Tanzania", "east_africa")
    assert Country.objects.get(code="FR").name == "France"


def test_find_places_looks_in_the_smaller_lists_for_small_towns(monkeypatch):
    # Two lists are enough here, and much quicker to read than the four.
    monkeypatch.setattr("crossroads.directory.services.GAZETTEER_POPULATIONS", (15000, 5000))

    places = find_places([191245, 187028, 999999999])

    assert sorted(places) == [187028, 191245]
    kisumu, mbita = places[191245], places[187028]
    assert (kisumu.name, kisumu.country_code, kisumu.timezone) == ("Kisumu", "KE", "Africa/Nairobi")
    assert (kisumu.latitude, kisumu.longitude) == (Decimal("-0.10221"), Decimal("34.76171"))
    assert kisumu.population == 397957
    assert (mbita.name, mbita.population) == ("Mbita", 14916)


def test_update_or_create_city_takes_the_facts_from_the_gazetteer(db):
    sync_countries()
    place = find_places([191245])[191245]
    arguments = dict(
        place=place,
        name="Kisumu",
        slug="kisumu",
        region="east_africa",
        is_intermediary=True,
        local_government=None,
    )

    first = update_or_create_city(**arguments)
    second = update_or_create_city(**{**arguments, "name": "Kisumu City"})

    assert first.pk == second.pk
    city = City.objects.get()
    assert (city.name, city.country_id, city.timezone, city.population) == (
        "Kisumu City",
        "KE",
        "Africa/Nairobi",
        397957,
    )
    assert (city.latitude, city.longitude) == (Decimal("-0.10221"), Decimal("34.76171"))
