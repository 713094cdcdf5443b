import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from crossroads.directory.models import Membership, Office
from tests.factories import (
    CityFactory,
    CountryFactory,
    MembershipFactory,
    NetworkFactory,
    OfficeFactory,
    OrganisationFactory,
    TenureFactory,
)

pytestmark = pytest.mark.django_db

D = dt.date


def refused_by_the_database(factory, **fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        factory(**fields)


def errors_of(instance) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as error:
        instance.full_clean()
    return error.value.message_dict


# -- Office ---------------------------------------------------------------------------
def test_an_office_belongs_to_a_city_or_an_organisation():
    refused_by_the_database(OfficeFactory, city=None, organisation=None)

    assert errors_of(Office(title="Mayor")) == {
        "__all__": ["An office belongs to a city or an organisation: give one."]
    }


def test_an_office_is_named_after_what_it_belongs_to():
    sfax = CityFactory(name="Sfax")
    unhcr = OrganisationFactory(name="UNHCR")

    assert str(OfficeFactory(title="Vice-Mayor", city=sfax)) == "Vice-Mayor of Sfax"
    assert str(OfficeFactory(title="Representative", city=None, organisation=unhcr)) == (
        "Representative of UNHCR"
    )
    both = OfficeFactory(title="Head of office", city=sfax, organisation=unhcr)
    assert (str(both), both.holder_of) == ("Head of office of UNHCR", unhcr)


def test_a_city_has_each_office_once():
    kumasi = CityFactory()
    OfficeFactory(title="Lord Mayor", city=kumasi)

    refused_by_the_database(OfficeFactory, title="Lord Mayor", city=kumasi)
    OfficeFactory(title="Lord Mayor", city=CityFactory())


def test_an_organisation_has_each_office_once():
    unhcr = OrganisationFactory()
    OfficeFactory(title="Representative", city=None, organisation=unhcr)

    refused_by_the_database(OfficeFactory, title="Representative", city=None, organisation=unhcr)
    OfficeFactory(title="Representative", city=None, organisation=OrganisationFactory())


def test_an_organisation_has_each_office_in_a_city_once():
    sfax, unhcr = CityFactory(), OrganisationFactory()
    OfficeFactory(title="Head of office", city=sfax, organisation=unhcr)

    refused_by_the_database(OfficeFactory, title="Head of office", city=sfax, organisation=unhcr)
    OfficeFactory(title="Head of office", city=CityFactory(), organisation=unhcr)
    OfficeFactory(title="Head of office", city=sfax, organisation=None)
    assert Office.objects.filter(title="Head of office").count() == 3


def test_a_tenure_ends_after_it_starts():
    refused_by_the_database(TenureFactory, start=D(2022, 1, 1), end=D(2021, 12, 31))
    assert TenureFactory(start=D(2022, 1, 1), end=None).end is None


# -- Membership -----------------------------------------------------------------------
def test_a_member_is_a_city_or_an_organisation_not_both_nor_neither():
    refused_by_the_database(MembershipFactory, city=None, organisation=None)
    refused_by_the_database(MembershipFactory, organisation=OrganisationFactory())

    city_member = MembershipFactory()
    organisation = OrganisationFactory()
    organisation_member = MembershipFactory(city=None, organisation=organisation)
    assert (city_member.member, organisation_member.member) == (city_member.city, organisation)


def test_a_membership_ends_after_it_starts():
    refused_by_the_database(MembershipFactory, start=D(2022, 1, 1), end=D(2021, 1, 1))
    assert MembershipFactory(start=D(2022, 1, 1), end=D(2022, 1, 1)).end == D(2022, 1, 1)


def test_full_clean_reports_a_membership_of_both():
    membership = Membership(
        network=NetworkFactory(),
        city=CityFactory(),
        organisation=OrganisationFactory(),
        role="member",
    )

    assert errors_of(membership) == {
        "__all__": ["A member is either a city or an organisation: give exactly one."]
    }


# -- Organisation ---------------------------------------------------------------------
def test_an_organisation_cannot_be_its_own_parent():
    organisation = OrganisationFactory()
    organisation.parent = organisation

    assert errors_of(organisation) == {"parent": ["An organisation cannot be its own parent."]}


def test_an_organisation_cannot_be_its_own_ancestor():
    un = OrganisationFactory()
    agency = OrganisationFactory(parent=un)
    office = OrganisationFactory(parent=agency)
    un.parent = office

    assert errors_of(un) == {"parent": ["An organisation cannot be its own parent."]}


def test_a_chain_of_parents_without_a_loop_is_valid():
    agency = OrganisationFactory(parent=OrganisationFactory())

    OrganisationFactory(parent=agency).full_clean()


def test_an_organisation_is_shown_with_its_acronym():
    organisation = OrganisationFactory(name="United Cities and Local Governments", acronym="UCLG")

    assert (str(organisation), organisation.short_name) == (
        "United Cities and Local Governments (UCLG)",
        "UCLG",
    )
    assert OrganisationFactory(name="Mercy Corps").short_name == "Mercy Corps"


# -- City and Country -----------------------------------------------------------------
def test_a_city_needs_a_known_time_zone():
    assert errors_of(CityFactory(timezone="Africa/Atlantis")) == {
        "timezone": ["Unknown time zone."]
    }
    CityFactory(timezone="Africa/Addis_Ababa").full_clean()


@pytest.mark.parametrize(
    "coordinates",
    [
        {"latitude": "90.00001"},
        {"latitude": "-90.00001"},
        {"longitude": "180.00001"},
        {"longitude": "-180.00001"},
    ],
)
def test_coordinates_are_on_earth(coordinates):
    refused_by_the_database(CityFactory, **coordinates)


@pytest.mark.parametrize("code", ["ke", "Ke", "K1", ""])
def test_a_country_code_is_two_capital_letters(code):
    refused_by_the_database(CountryFactory, code=code)


# -- Network --------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("launched_on", "precision", "shown"),
    [
        (D(2019, 3, 27), "day", "27 March 2019"),
        (D(2019, 3, 1), "month", "March 2019"),
        (D(2019, 1, 1), "year", "2019"),
        (None, "day", ""),
    ],
)
def test_the_launch_date_is_shown_at_its_precision(launched_on, precision, shown):
    network = NetworkFactory(launched_on=launched_on, launched_precision=precision)

    assert network.launched_display == shown
