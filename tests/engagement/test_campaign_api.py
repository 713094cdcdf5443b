"""The campaigns in the API: the list with counts, one campaign through its own address and
/api/items/, its signatories (public facts only, cursor paging), ETags and JSON errors."""

import datetime as dt

import pytest

from crossroads.content.models import ItemActor
from crossroads.engagement.campaigns import services
from crossroads.engagement.models import CampaignAsk
from tests.engagement.campaigning import city, details, kenya_and_jordan, signed
from tests.factories import CampaignFactory, CityFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _public_address(settings):
    settings.SITE_URL = "https://crossroads.example"


@pytest.fixture
def campaign():
    campaign = CampaignFactory(
        title="Cities with refugees",
        slug="cities-with-refugees",
        opens_on=dt.date(2025, 1, 1),
        closes_on=dt.date(2999, 12, 31),
    )
    CampaignAsk.objects.create(campaign=campaign, language="en", order=1, text="Schools")
    ItemActor.objects.create(
        item=campaign,
        organisation=OrganisationFactory(slug="unhcr", name="UNHCR"),
        role="organiser",
    )
    kenya, jordan = kenya_and_jordan()
    signed(campaign, 1, city=city("Kisumu", kenya, "east_africa", "-0.10220", "34.76171"))
    signed(campaign, 2, city=city("Irbid", jordan, "middle_east", "32.55556", "35.85000"))
    signed(campaign, 3, organisation=OrganisationFactory(slug="yarid", name="YARID"))
    services.sign(campaign=campaign, details=details(4, city=CityFactory(country=kenya)))
    return campaign


def test_the_list_counts_confirmed_signatures(client, campaign):
    CampaignFactory(status="draft")

    body = client.get("/api/campaigns/").json()

    assert body["count"] == 1 and body["next"] is None
    (entry,) = body["results"]
    assert entry["slug"] == "cities-with-refugees"
    assert entry["signatory_count"] == 3
    assert entry["is_open"] is True
    assert entry["url"] == "https://crossroads.example/campaigns/cities-with-refugees/"
    assert entry["api_url"] == "http://testserver/api/campaigns/cities-with-refugees"


def test_a_campaign_in_detail_by_its_address_and_as_an_item(client, campaign):
    own = client.get("/api/campaigns/cities-with-refugees")
    item = client.get("/api/items/cities-with-refugees")

    assert own.status_code == item.status_code == 200
    assert own.json() == item.json()
    body = own.json()
    assert body["kind"] == "campaign" and body["type"] == "statement"
    assert body["asks"] == [{"language": "en", "order": 1, "text": "Schools"}]
    assert (body["opens_on"], body["closes_on"]) == ("2025-01-01", "2999-12-31")
    assert body["signatory_count"] == 3
    assert body["organisations"] == [
        {"slug": "unhcr", "name": "UNHCR", "acronym": "", "role": "organiser"}
    ]
    assert body["signatories_url"] == (
        "http://testserver/api/campaigns/cities-with-refugees/signatories"
    )


def test_signatories_are_public_facts_in_the_order_they_signed(client, campaign):
    first = client.get("/api/campaigns/cities-with-refugees/signatories?limit=2").json()
    rest = client.get(first["next"]).json()

    assert first["count"] == 3
    names = [entry["name"] for entry in first["results"] + rest["results"]]
    assert names == ["Kisumu", "Irbid", "YARID"]
    assert rest["next"] is None
    kisumu = first["results"][0]
    assert kisumu == {
        "kind": "city",
        "name": "Kisumu",
        "slug": "kisumu",
        "country": {"code": "KE", "name": "Kenya"},
        "region": "east_africa",
        "latitude": -0.1022,
        "longitude": 34.76171,
        "signed_on": kisumu["signed_on"],
    }
    text = str(first) + str(rest)
    assert "@" not in text and "Signer" not in text


def test_an_unchanged_list_is_not_sent_again(client, campaign):
    first = client.get("/api/campaigns/cities-with-refugees/signatories")
    again = client.get(
        "/api/campaigns/cities-with-refugees/signatories", HTTP_IF_NONE_MATCH=first["ETag"]
    )

    assert again.status_code == 304


@pytest.mark.parametrize(
    "path, status",
    [
        ("/api/campaigns/no-such", 404),
        ("/api/campaigns/no-such/signatories", 404),
        ("/api/campaigns/cities-with-refugees/signatories?cursor=nonsense", 400),
        ("/api/campaigns/cities-with-refugees/signatories?limit=1000", 400),
        ("/api/campaigns/?limit=0", 400),
        ("/api/campaigns/%3Cscript%3E", 400),
    ],
)
def test_errors_are_json(client, campaign, path, status):
    response = client.get(path)

    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    assert "detail" in response.json()


def test_private_signatories_are_not_listed(client):
    CampaignFactory(slug="private", signatories_public=False)

    assert client.get("/api/campaigns/private/signatories").status_code == 404
    assert client.get("/api/campaigns/private").json()["signatories_url"] is None


def test_a_draft_campaign_is_invisible(client):
    CampaignFactory(slug="draft", status="draft")

    assert client.get("/api/campaigns/draft").status_code == 404
    assert client.get("/api/items/draft").status_code == 404


@pytest.mark.parametrize("size", [2, 20])
def test_signatories_run_a_bounded_number_of_queries(
    client, campaign, django_assert_max_num_queries, size
):
    kenya, _ = kenya_and_jordan()
    for n in range(size):
        signed(campaign, 10 + n, city=CityFactory(country=kenya))

    with django_assert_max_num_queries(4):
        response = client.get("/api/campaigns/cities-with-refugees/signatories?limit=100")

    assert response.json()["count"] == 3 + size
