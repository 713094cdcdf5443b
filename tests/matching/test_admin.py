"""The admin of profiles: every page opens whatever the query string says; editors' needs
are edited, needs read from surveys and pledges only shown."""

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from crossroads.directory.models import City
from crossroads.matching.admin import CityNeedInline, DisplacementFigureInline
from crossroads.matching.models import CityNeed, NeedReading
from tests.factories import CityFactory, NetworkFactory, TopicFactory

from .conftest import host, need

pytestmark = pytest.mark.django_db


def make_figure():
    return host(CityFactory(), "refugees")


def make_need():
    return need(CityFactory(), TopicFactory())


def make_reading():
    return NeedReading.objects.create(
        network=NetworkFactory(),
        question_code="main_constraint",
        choice_code="housing",
        topic=TopicFactory(),
    )


OBJECTS = {
    "matching.displacementfigure": make_figure,
    "matching.cityneed": make_need,
    "matching.needreading": make_reading,
}

BAD_PARAMETERS = [
    {"unknown_field": "1"},
    {"o": "x.99"},
    {"p": "-1"},
    {"group__exact": "\x00"},
    {"year__exact": "twenty"},
    {"source__exact": "<b>"},
    {"topic__id__exact": "abc"},
    {"network__id__exact": "1 OR 1"},
    {"q": "x" * 5000},
    {"q": "nul\x00"},
]


def admin_url(label: str, view: str, *args) -> str:
    return reverse(f"admin:{label.replace('.', '_')}_{view}", args=args)


@pytest.mark.parametrize("label", OBJECTS)
def test_changelist_add_and_change_pages_open(admin_client, label):
    obj = OBJECTS[label]()

    for url in (
        admin_url(label, "changelist"),
        admin_url(label, "add"),
        admin_url(label, "change", obj.pk),
    ):
        assert admin_client.get(url).status_code == 200, url


@pytest.mark.parametrize("label", OBJECTS)
def test_changelist_survives_bad_parameters(admin_client, label):
    OBJECTS[label]()

    for parameters in BAD_PARAMETERS:
        response = admin_client.get(admin_url(label, "changelist"), parameters, follow=True)

        assert response.status_code == 200, parameters


@pytest.mark.parametrize("count", [2, 12])
@pytest.mark.parametrize("label", OBJECTS)
def test_changelist_runs_a_bounded_number_of_queries(
    admin_client, django_assert_max_num_queries, label, count
):
    for _ in range(count):
        OBJECTS[label]()

    with django_assert_max_num_queries(8):
        response = admin_client.get(admin_url(label, "changelist"))

    assert response.context["cl"].result_count == count


def test_an_editor_adds_a_need_and_a_second_one_like_it_is_refused(admin_client):
    city, topic = CityFactory(), TopicFactory()
    form = {"city": city.pk, "topic": topic.pk, "source": "survey", "year": 2025, "note": "Ours"}

    first = admin_client.post(admin_url("matching.cityneed", "add"), form)
    second = admin_client.post(admin_url("matching.cityneed", "add"), form)

    assert first.status_code == 302
    assert list(CityNeed.objects.values_list("source", "note")) == [("editor", "Ours")]
    assert second.status_code == 200
    assert second.context["adminform"].form.non_field_errors() == [
        "Need with this City, Topic and Source already exists."
    ]


def test_a_need_read_from_a_survey_is_only_shown(admin_client):
    read = need(CityFactory(), TopicFactory(), source="survey", note="Survey 2024: Housing")

    page = admin_client.get(admin_url("matching.cityneed", "change", read.pk))
    post = admin_client.post(
        admin_url("matching.cityneed", "change", read.pk),
        {"city": read.city_id, "topic": read.topic_id, "source": "editor", "year": 2020},
    )
    delete = admin_client.post(admin_url("matching.cityneed", "delete", read.pk), {"post": "yes"})

    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    assert post.status_code == 403
    assert delete.status_code == 403
    assert CityNeed.objects.get().year == 2024


def test_the_city_inlines_edit_figures_and_the_editors_needs_only(admin_user):
    city = CityFactory()
    housing, health = TopicFactory(), TopicFactory()
    need(city, housing, source="survey")
    ours = need(city, health)
    request = RequestFactory().get("/")
    request.user = admin_user

    inline = CityNeedInline(City, admin.site)
    # As the city's change page builds it (``ModelAdmin._create_formsets``).
    needs = inline.get_formset(request, city)(instance=city, queryset=inline.get_queryset(request))

    assert [form.instance for form in needs.initial_forms] == [ours]
    assert needs.forms[0]["source"].as_hidden() == (
        '<input type="hidden" name="needs-0-source" value="editor" id="id_needs-0-source">'
    )
    data = {
        "needs-TOTAL_FORMS": "2",
        "needs-INITIAL_FORMS": "1",
        "needs-0-id": ours.pk,
        "needs-0-city": city.pk,
        "needs-0-topic": health.pk,
        "needs-0-source": "editor",
        "needs-0-year": "2025",
        "needs-1-city": city.pk,
        "needs-1-topic": housing.pk,
        "needs-1-source": "survey",
        "needs-1-year": "2026",
    }
    bound = inline.get_formset(request, city)(
        data, instance=city, queryset=inline.get_queryset(request)
    )
    assert bound.is_valid(), bound.errors
    bound.save()
    assert sorted(CityNeed.objects.values_list("topic_id", "source", "year")) == sorted(
        [(housing.pk, "survey", 2024), (health.pk, "editor", 2025), (housing.pk, "editor", 2026)]
    )
    figures = DisplacementFigureInline(City, admin.site).get_formset(request, city)(
        {
            "displacement-TOTAL_FORMS": "1",
            "displacement-INITIAL_FORMS": "0",
            "displacement-0-group": "returnees",
            "displacement-0-people": "1200",
            "displacement-0-year": "1900",
            "displacement-0-source_name": "County count",
        },
        instance=city,
    )
    assert not figures.is_valid()
    assert figures.errors == [{"__all__": ["Give a year between 1950 and 2100."]}]
