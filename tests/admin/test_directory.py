"""The directory and the vocabularies in the admin: each page saves its inline rows."""

import datetime as dt

import pytest
from django.urls import reverse

from crossroads.directory.models import City, Country, Network, Organisation, Person
from crossroads.taxonomy.models import Framework
from tests.admin.formdata import change_form_data, form_errors, inline_rows
from tests.factories import CityFactory, CountryFactory, OfficeFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def test_city_is_added_with_its_aliases(admin_client):
    kenya, county = CountryFactory(), OrganisationFactory()
    data = {
        "name": "Kisumu",
        "slug": "kisumu",
        "country": "KE",
        "region": "east_africa",
        "local_government": str(county.pk),
        "latitude": "-0.09170",
        "longitude": "34.76800",
        "timezone": "Africa/Nairobi",
        "population": "400000",
        "is_intermediary": "on",
        "geonameid": "",
        **inline_rows("aliases", {"name": "Kisumu City", "language": "en"}),
        **inline_rows("displacement"),
        **inline_rows("needs"),
    }

    response = admin_client.post(reverse("admin:directory_city_add"), data)

    assert response.status_code == 302, form_errors(response)
    city = City.objects.get()
    assert (city.country, city.local_government, city.is_intermediary) == (kenya, county, True)
    assert [(alias.name, alias.language) for alias in city.aliases.all()] == [("Kisumu City", "en")]


def test_city_with_an_unknown_timezone_is_refused(admin_client):
    city = CityFactory()
    url = reverse("admin:directory_city_change", args=[city.pk])

    response = admin_client.post(
        url, change_form_data(admin_client.get(url)) | {"timezone": "Mars/Olympus"}
    )

    assert form_errors(response) == {
        "timezone": ["Select a valid choice. Mars/Olympus is not one of the available choices."]
    }


def test_organisation_is_added_with_its_aliases(admin_client):
    parent = OrganisationFactory()
    data = {
        "name": "Intergovernmental Authority on Development",
        "acronym": "IGAD",
        "slug": "igad",
        "kind": "intergovernmental",
        "country": "",
        "parent": str(parent.pk),
        "website": "",
        "description": "",
        **inline_rows("aliases", {"name": "Autorité intergouvernementale", "language": "fr"}),
    }

    response = admin_client.post(reverse("admin:directory_organisation_add"), data)

    assert response.status_code == 302, form_errors(response)
    igad = Organisation.objects.get(slug="igad")
    assert igad.parent == parent
    assert [alias.name for alias in igad.aliases.all()] == ["Autorité intergouvernementale"]


def test_an_organisation_cannot_be_its_own_parent(admin_client):
    organisation = OrganisationFactory()
    url = reverse("admin:directory_organisation_change", args=[organisation.pk])

    response = admin_client.post(
        url, change_form_data(admin_client.get(url)) | {"parent": str(organisation.pk)}
    )

    assert form_errors(response) == {"parent": ["An organisation cannot be its own parent."]}


def test_person_is_added_with_offices_held(admin_client):
    office = OfficeFactory(title="Mayor")
    data = {
        "name": "Amina Hassan",
        "slug": "amina-hassan",
        "bio": "",
        **inline_rows("tenures", {"office": str(office.pk), "start": "2022-08-01", "end": ""}),
    }

    response = admin_client.post(reverse("admin:directory_person_add"), data)

    assert response.status_code == 302, form_errors(response)
    tenure = Person.objects.get().tenures.get()
    assert (tenure.office, tenure.start, tenure.end) == (office, dt.date(2022, 8, 1), None)


def test_network_is_added_with_its_members(admin_client):
    city, partner = CityFactory(), OrganisationFactory()
    data = {
        "name": "Regional network of secondary cities",
        "acronym": "",
        "slug": "regional-network",
        "kind": "city_network",
        "region": "horn_of_africa",
        "secretariat": str(partner.pk),
        "launched_on": "2024-03-01",
        "launched_precision": "month",
        "website": "",
        "description": "",
        **inline_rows(
            "memberships",
            {"city": str(city.pk), "organisation": "", "role": "founding_member"},
            {"city": "", "organisation": str(partner.pk), "role": "partner"},
        ),
    }

    response = admin_client.post(reverse("admin:directory_network_add"), data)

    assert response.status_code == 302, form_errors(response)
    network = Network.objects.get()
    assert network.launched_display == "March 2024"
    assert sorted((m.role, m.member) for m in network.memberships.all()) == [
        ("founding_member", city),
        ("partner", partner),
    ]


def test_framework_is_added_with_its_objectives(admin_client):
    data = {
        "code": "GCR",
        "short_name": "GCR",
        "name": "Global Compact on Refugees",
        "adopted_on": "2018-12-17",
        "url": "",
        "description": "",
        **inline_rows(
            "objectives",
            {"number": "1", "title": "Ease pressures on host countries"},
            {"number": "2", "title": "Enhance refugee self-reliance"},
        ),
    }

    response = admin_client.post(reverse("admin:taxonomy_framework_add"), data)

    assert response.status_code == 302, form_errors(response)
    assert [str(objective) for objective in Framework.objects.get().objectives.all()] == [
        "GCR 1: Ease pressures on host countries",
        "GCR 2: Enhance refugee self-reliance",
    ]


def test_a_country_keeps_its_code_and_cannot_be_deleted(admin_client):
    CountryFactory()
    url = reverse("admin:directory_country_change", args=["KE"])
    data = change_form_data(admin_client.get(url))

    response = admin_client.post(url, data | {"code": "XK", "name": "Republic of Kenya"})

    assert response.status_code == 302, form_errors(response)
    assert list(Country.objects.values_list("code", "name")) == [("KE", "Republic of Kenya")]
    delete = admin_client.get(reverse("admin:directory_country_delete", args=["KE"]))
    assert delete.status_code == 403
