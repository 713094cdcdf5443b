"""A network with member cities and a survey of every kind of question."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.utils import timezone

from crossroads.accounts.models import Grant, Role
from crossroads.engagement.models import Choice, Invitation, Question, Section, Survey
from tests.factories import CityFactory, CountryFactory, MembershipFactory, NetworkFactory


@dataclass
class World:
    network: object
    survey: Survey
    cities: list
    invitations: list


def make_survey(network, year: int, *, open_now: bool = True, public: bool = True) -> Survey:
    now = timezone.now()
    if open_now:
        opens, closes = now - dt.timedelta(days=5), now + dt.timedelta(days=30)
    else:
        opens = dt.datetime(year, 2, 1, tzinfo=dt.UTC)
        closes = dt.datetime(year, 4, 30, tzinfo=dt.UTC)
    survey = Survey.objects.create(
        network=network,
        year=year,
        title=f"Host municipalities survey {year}",
        introduction="Tell us <b>what</b> limits you.",
        opens_at=opens,
        closes_at=closes,
        results_public=public,
    )
    section = Section.objects.create(survey=survey, title="Constraints", order=1)

    def q(code, kind, **kw):
        return Question.objects.create(
            survey=survey, section=section, code=code, kind=kind, text=f"Question {code}?", **kw
        )

    main = q("main_constraint", "single", required=True, order=1)
    for order, (code, label) in enumerate(
        [("housing", "Housing"), ("services", "Services"), ("financing", "Financing")], 1
    ):
        Choice.objects.create(question=main, code=code, label=label, order=order)
    needs = q("support_needed", "multiple", order=2)
    for order, (code, label) in enumerate([("funding", "Funding"), ("training", "Training")], 1):
        Choice.objects.create(question=needs, code=code, label=label, order=order)
    q(
        "pressure",
        "scale",
        order=3,
        scale_min=1,
        scale_max=5,
        scale_min_label="None",
        scale_max_label="Severe",
    )
    q("staff", "number", order=4, number_min=Decimal(0), number_max=Decimal(500))
    q("practice", "short_text", order=5)
    q("comments", "long_text", order=6)
    return survey


@pytest.fixture
def world(db) -> World:
    network = NetworkFactory(slug="hmln", name="Host Municipalities Network")
    jordan = CountryFactory(code="JO", name="Jordan", region="middle_east")
    tunisia = CountryFactory(code="TN", name="Tunisia", region="north_africa")
    specs = [
        ("Irbid", jordan, "middle_east", 50_000),
        ("Mafraq", jordan, "middle_east", 300_000),
        ("Sfax", tunisia, "north_africa", 700_000),
        ("Tunis", tunisia, "north_africa", 2_000_000),
    ]
    cities = []
    for name, country, region, population in specs:
        city = CityFactory(
            name=name, slug=name.lower(), country=country, region=region, population=population
        )
        MembershipFactory(network=network, city=city, organisation=None, role="member")
        cities.append(city)
    survey = make_survey(network, 2024)
    invitations = [
        Invitation.objects.create(survey=survey, city=city, email=f"{city.slug}@example.org")
        for city in cities
    ]
    return World(network, survey, cities, invitations)


@pytest.fixture
def secretariat(world, django_user_model):
    user = django_user_model.objects.create_user("sec", "sec@example.org", "x", is_staff=True)
    Grant.objects.create(user=user, role=Role.SECRETARIAT, network=world.network)
    return user
