"""Results: counts equal to those computed here, years compared, filters, visibility."""

import csv
import io
import random
from collections import Counter

import pytest
from django.urls import reverse

from crossroads.engagement.models import Invitation
from crossroads.engagement.surveys import services
from crossroads.engagement.surveys.results import Filters, survey_results

from .conftest import make_survey


def answer_all(world, rng):
    """Every city submits random answers; returns what each city said."""
    said = {}
    for invitation in world.invitations:
        data = {
            "q-main_constraint": [rng.choice(["housing", "services", "financing"])],
            "q-support_needed": rng.sample(["funding", "training"], rng.randint(0, 2)),
            "q-pressure": [str(rng.randint(1, 5))],
            "q-staff": [str(rng.randint(0, 40))],
            "q-comments": ["Private remark of " + invitation.city.name],
        }
        services.save_answers(invitation=invitation, data=data, submit=True)
        said[invitation.city.name] = data
    return said


@pytest.fixture
def answered(world):
    return answer_all(world, random.Random(7))


def test_counts_equal_an_independent_count(world, answered):
    results = survey_results(world.survey, Filters(), with_texts=False)
    assert (results.rate.invited, results.rate.submitted, results.rate.percent) == (4, 4, 100.0)
    by_code = {r.question.code: r for r in results.questions}
    main = Counter(d["q-main_constraint"][0] for d in answered.values())
    assert {b.code: b.count for b in by_code["main_constraint"].current.bars} == {
        code: main.get(code, 0) for code in ["housing", "services", "financing"]
    }
    needs = Counter(code for d in answered.values() for code in d["q-support_needed"])
    answered_needs = sum(1 for d in answered.values() if d["q-support_needed"])
    bars = by_code["support_needed"].current.bars
    assert {b.code: b.count for b in bars} == {c: needs.get(c, 0) for c in ["funding", "training"]}
    assert by_code["support_needed"].current.answered == answered_needs
    staff = sorted(int(d["q-staff"][0]) for d in answered.values())
    result = by_code["staff"].current
    assert (result.minimum, result.maximum) == (staff[0], staff[-1])
    assert float(result.median) == (staff[1] + staff[2]) / 2
    pressure = [int(d["q-pressure"][0]) for d in answered.values()]
    assert float(by_code["pressure"].current.mean) == pytest.approx(sum(pressure) / 4, abs=0.01)
    assert by_code["comments"].texts == []


def test_drafts_do_not_count_and_the_rate_follows(world):
    services.save_answers(
        invitation=world.invitations[0], data={"q-main_constraint": ["housing"]}, submit=True
    )
    services.save_answers(
        invitation=world.invitations[1], data={"q-main_constraint": ["services"]}, submit=False
    )
    results = survey_results(world.survey, Filters(), with_texts=False)
    assert (results.rate.submitted, results.rate.percent) == (1, 25.0)
    main = results.questions[0].current
    assert [(b.code, b.count, b.percent) for b in main.bars] == [
        ("housing", 1, 100.0),
        ("services", 0, 0.0),
        ("financing", 0, 0.0),
    ]


def test_filters_by_region_country_and_size(world, answered):
    def submitted(**filters):
        return survey_results(world.survey, Filters(**filters), with_texts=False).rate

    assert (submitted(region="middle_east").invited, submitted(region="middle_east").submitted) == (
        2,
        2,
    )
    assert submitted(country="TN").submitted == 2
    assert submitted(size="small").submitted == 1  # Irbid, 50,000
    assert submitted(size="medium").submitted == 1
    assert submitted(size="large").submitted == 1
    assert submitted(size="metropolis").submitted == 1
    expected = Counter(answered[name]["q-main_constraint"][0] for name in ["Sfax", "Tunis"])
    main = survey_results(world.survey, Filters(country="TN"), with_texts=False).questions[0]
    assert {b.code: b.count for b in main.current.bars if b.count} == dict(expected)
    assert Filters.from_query({"region": "mars", "country": "<x>", "size": "9" * 99}) == Filters()


def test_years_compared_by_question_code(world):
    earlier = make_survey(world.network, 2023, open_now=False)
    inv = Invitation.objects.create(survey=earlier, city=world.cities[0], email="a@example.org")
    from crossroads.engagement.models import Answer, Response

    response = Response.objects.create(
        survey=earlier, city=world.cities[0], status="submitted", submitted_at=earlier.opens_at
    )
    Answer.objects.create(
        response=response,
        question=earlier.questions.get(code="main_constraint"),
        choices=["data"] if False else ["financing"],
    )
    services.save_answers(
        invitation=world.invitations[0], data={"q-main_constraint": ["housing"]}, submit=True
    )
    results = survey_results(world.survey, Filters(), with_texts=False)
    main = results.questions[0]
    assert [y.year for y in main.years] == [2023, 2024]
    assert {b.code: b.count for b in main.years[0].bars} == {
        "housing": 0,
        "services": 0,
        "financing": 1,
    }
    assert [(r.year, r.invited, r.submitted) for r in results.rates] == [(2023, 1, 1), (2024, 4, 1)]
    assert inv.pk


def test_csv_has_the_distributions_and_never_free_text(client, world, answered):
    response = client.get(reverse("engagement:survey-results-csv", args=["hmln", 2024]))
    text = response.content.decode()
    assert response.status_code == 200 and "Private remark" not in text
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    main = Counter(d["q-main_constraint"][0] for d in answered.values())
    got = {r[4]: int(r[5]) for r in rows[1:] if r[0] == "main_constraint"}
    assert got == {
        "Housing": main["housing"],
        "Services": main["services"],
        "Financing": main["financing"],
    }
