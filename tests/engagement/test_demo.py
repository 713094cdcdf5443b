"""The demo's surveys: three years of a network's survey, and its results page's weight."""

import pytest

from crossroads.demo.services import load_demo
from crossroads.engagement.models import Response, Survey
from tests.test_page_weight import BUDGET, transferred_size


@pytest.mark.django_db
def test_demo_surveys_and_the_results_page_under_60_kb(client):
    load_demo()
    surveys = Survey.objects.filter(network__slug="hmln").order_by("year")
    assert [s.year for s in surveys] == [2022, 2023, 2024]
    latest = surveys.last()
    assert Response.objects.filter(survey=latest, status="submitted").count() >= 40
    response = client.get(latest.get_absolute_url())
    assert response.status_code == 200 and "main_constraint" in response.content.decode()
    size = transferred_size(client, latest.get_absolute_url(), {})
    assert size < BUDGET, size
    before = list(Response.objects.order_by("pk").values_list("city_id", "status"))
    load_demo()
    assert list(Response.objects.order_by("pk").values_list("city_id", "status")) == before
