"""The pages: answering by link, hostile input, who sees what, queries, publishing."""

import datetime as dt

import pytest
from django.core import signing
from django.urls import reverse

from crossroads.engagement.models import Invitation, Response
from crossroads.engagement.surveys import services, tokens
from crossroads.library.models import Resource
from tests.factories import CityFactory, MembershipFactory

PAYLOAD = "<script>alert(1)</script>"


def link(invitation):
    return services.answer_url(invitation)


def results_url(year=2024, network="hmln"):
    return reverse("engagement:survey-results", args=[network, year])


def test_draft_resume_and_submit_through_the_link(client, world):
    url = link(world.invitations[0])
    page = client.get(url)
    assert page.status_code == 200 and "Not started." in page.content.decode()
    saved = client.post(url, {"q-staff": "12", "action": "save"})
    assert saved.status_code == 302
    page = client.get(url).content.decode()
    assert 'value="12"' in page and "Draft, last saved" in page
    wrong = client.post(url, {"action": "submit", "q-staff": "12"})
    assert wrong.status_code == 400 and "This question needs an answer." in wrong.content.decode()
    client.post(url, {"action": "submit", "q-staff": "12", "q-main_constraint": "housing"})
    assert Response.objects.get().status == "submitted"
    assert "Submit changes" in client.get(url).content.decode()


def test_after_closing_the_link_shows_the_answers_read_only(client, world):
    services.save_answers(
        invitation=world.invitations[0],
        data={"q-main_constraint": ["housing"], "q-practice": [PAYLOAD]},
        submit=True,
    )
    world.survey.opens_at = world.survey.opens_at - dt.timedelta(days=100)
    world.survey.closes_at = world.survey.opens_at + dt.timedelta(days=10)
    world.survey.save()
    url = link(world.invitations[0])
    page = client.get(url).content.decode()
    assert '<form method="post" class="stack"' not in page and "Housing" in page
    assert "Housing;" not in page  # one choice, no separator after it
    assert PAYLOAD not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    refused = client.post(url, {"action": "submit", "q-main_constraint": "services"})
    assert refused.status_code == 302
    assert services.response_of(world.invitations[0]).answers.get(
        question__code="main_constraint"
    ).choices == ["housing"]


@pytest.mark.parametrize(
    "token",
    [
        "x",
        "1",
        "%00",
        "a" * 5000,
        "MQ:1t2:abc",
        signing.dumps(1, salt="crossroads.events.registration.manage"),
        signing.dumps("1", salt="crossroads.engagement.survey-invitation"),
        signing.dumps(99999, salt="crossroads.engagement.survey-invitation"),
    ],
    # Signed values change with the clock: named ids keep pytest-xdist's workers agreeing.
    ids=[
        "one-letter",
        "a-number",
        "nul",
        "5000-letters",
        "malformed",
        "another-salt",
        "a-string-id",
        "no-such-invitation",
    ],
)
def test_bad_or_tampered_links_are_a_clear_404(client, world, token):
    response = client.get(f"/surveys/answer/{token}/")
    assert response.status_code == 404
    if len(token) < 100 and "%" not in token:
        assert "This link does not work" in response.content.decode()


def test_a_link_altered_by_one_character_fails(client, world):
    token = tokens.make_token(world.invitations[0].pk)
    altered = token[:-1] + ("A" if token[-1] != "A" else "B")
    assert client.get(f"/surveys/answer/{altered}/").status_code == 404


def test_hostile_input_in_every_field(client, world):
    url = link(world.invitations[0])
    data = {
        "q-main_constraint": [PAYLOAD, "housing"],
        "q-support_needed": ["funding", "' OR 1=1 --"],
        "q-pressure": "1" * 10000,
        "q-staff": "\x00",
        "q-practice": PAYLOAD * 100,
        "q-comments": "x" * 100_000,
        "q-unknown": "x",
        "action": "submit",
    }
    response = client.post(url, data)
    page = response.content.decode()
    assert response.status_code == 400 and PAYLOAD not in page
    assert not Response.objects.exists()
    ok = client.post(
        url, {"q-main_constraint": "housing", "q-practice": PAYLOAD, "action": "submit"}
    )
    assert ok.status_code == 302
    page = client.get(url).content.decode()
    assert PAYLOAD not in page and "&lt;script&gt;" in page


def test_a_municipality_sees_only_its_own_answers(client, world):
    services.save_answers(
        invitation=world.invitations[0],
        data={"q-main_constraint": ["housing"], "q-practice": ["Irbid desk"]},
        submit=True,
    )
    page = client.get(link(world.invitations[1])).content.decode()
    assert "Irbid desk" not in page and "Answers of Mafraq" in page


def test_free_text_is_for_the_secretariat_only(client, world, secretariat):
    services.save_answers(
        invitation=world.invitations[0],
        data={"q-main_constraint": ["housing"], "q-comments": ["Secret remark"]},
        submit=True,
    )
    public = client.get(results_url()).content.decode()
    assert "Secret remark" not in public and "Housing" in public
    assert (
        "Secret remark"
        not in client.get(reverse("engagement:survey-report", args=["hmln", 2024])).content.decode()
    )
    client.force_login(secretariat)
    assert "Secret remark" in client.get(results_url()).content.decode()


def test_results_are_private_until_published(client, world, secretariat, django_user_model):
    world.survey.results_public = False
    world.survey.save()
    assert client.get(results_url()).status_code == 404
    assert (
        client.get(reverse("engagement:survey-results-csv", args=["hmln", 2024])).status_code == 404
    )
    someone = django_user_model.objects.create_user("p", "p@example.org", "x")
    client.force_login(someone)
    assert client.get(results_url()).status_code == 404
    client.force_login(secretariat)
    assert client.get(results_url()).status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/surveys/hmln/99999999999999999999999/results/",
        "/surveys/hmln/1999/results/",
        "/surveys/hmln/abc/results/",
        "/surveys/nowhere/2024/results/",
        "/surveys/hmln/2024/results/?region=%00&country=%3Cb%3E&size=" + "9" * 500,
    ],
)
def test_odd_addresses_are_never_a_server_error(client, world, path):
    assert client.get(path).status_code in (200, 404)


def test_publishing_as_a_draft_resource(client, world, secretariat):
    url = reverse("engagement:survey-publish", args=["hmln", 2024])
    assert client.post(url).status_code == 302
    assert not Resource.objects.exists()
    client.force_login(secretariat)
    client.post(url)
    client.post(url)
    resource = Resource.objects.get()
    assert resource.status == "draft"
    assert resource.versions.get().url.endswith(results_url())


def grow(world, extra: int) -> None:
    for n in range(extra):
        city = CityFactory(slug=f"grown-{len(world.cities)}-{n}", population=100 * n)
        MembershipFactory(network=world.network, city=city, organisation=None)
        invitation = Invitation.objects.create(
            survey=world.survey, city=city, email="a@example.org"
        )
        services.save_answers(
            invitation=invitation,
            data={"q-main_constraint": ["housing"], "q-staff": [str(n)], "q-comments": ["c"]},
            submit=True,
        )


@pytest.mark.parametrize("extra", [2, 30])
def test_results_queries_are_bounded(
    client, world, secretariat, extra, django_assert_max_num_queries
):
    grow(world, extra)
    with django_assert_max_num_queries(12):
        assert client.get(results_url() + "?size=small").status_code == 200
    client.force_login(secretariat)
    with django_assert_max_num_queries(20):
        assert client.get(results_url()).status_code == 200


@pytest.mark.parametrize("extra", [2, 30])
def test_answer_page_queries_are_bounded(client, world, extra, django_assert_max_num_queries):
    grow(world, extra)
    url = link(world.invitations[0])
    with django_assert_max_num_queries(8):
        assert client.get(url).status_code == 200
    with django_assert_max_num_queries(16):
        client.post(url, {"q-main_constraint": "housing", "action": "submit"})


def test_the_admin_pages_for_the_secretariat(client, world, secretariat):
    client.force_login(secretariat)
    assert client.get("/admin/engagement/survey/").status_code == 200
    change = f"/admin/engagement/survey/{world.survey.pk}/change/"
    assert client.get(change).status_code == 200
    services.save_answers(invitation=world.invitations[0], data={}, submit=False)
    page = client.get(change).content.decode()
    assert 'name="questions-0-text"' not in page  # locked: read-only


def test_a_networks_surveys_are_listed_public_ones_only_for_visitors(
    client, world, secretariat, django_user_model
):
    from tests.engagement.conftest import make_survey

    make_survey(world.network, 2023, open_now=False, public=False)
    url = reverse("engagement:network-surveys", args=[world.network.slug])
    page = client.get(url).content.decode()
    assert results_url(2024, world.network.slug) in page
    assert results_url(2023, world.network.slug) not in page
    client.force_login(secretariat)
    page = client.get(url).content.decode()
    assert results_url(2023, world.network.slug) in page and "results not public" in page
    network_page = client.get(world.network.get_absolute_url()).content.decode()
    assert url in network_page


@pytest.mark.parametrize("slug", ["no-such-network", "x" * 500, "%00"])
def test_an_unknown_network_has_no_surveys_page(client, world, slug):
    assert client.get(f"/surveys/{slug}/").status_code == 404
