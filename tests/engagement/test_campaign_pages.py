"""The campaign's pages: the page with its asks, signatories, counts and map; the signing
form with its rate limits and hostile input; the links from the mail; the CSV."""

import csv
import io
import re
from collections import Counter

import pytest
from django.core import mail
from django.urls import reverse

from crossroads.content import ratelimit
from crossroads.engagement.campaigns import services, tokens
from crossroads.engagement.models import CampaignAsk, Signature
from tests.engagement.campaigning import city, details, form_data, kenya_and_jordan, signed
from tests.factories import (
    CampaignFactory,
    CityFactory,
    ItemTranslationFactory,
    OrganisationFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def places():
    kenya, jordan = kenya_and_jordan()
    return {
        "kisumu": city("Kisumu", kenya, "east_africa", "-0.10220", "34.76171"),
        "nairobi": city("Nairobi", kenya, "east_africa", "-1.28333", "36.81667"),
        "irbid": city("Irbid", jordan, "middle_east", "32.55556", "35.85000"),
    }


@pytest.fixture
def campaign():
    campaign = CampaignFactory(
        title="Cities with refugees", slug="cities-with-refugees", body="We **stand** together."
    )
    for order, text in enumerate(["Schools for every child", "Homes", "Work"], 1):
        CampaignAsk.objects.create(campaign=campaign, language="en", order=order, text=text)
    CampaignAsk.objects.create(campaign=campaign, language="fr", order=1, text="Des écoles")
    return campaign


def url(campaign, name="detail"):
    return reverse(f"campaigns:{name}", args=[campaign.slug])


# -- the page ----------------------------------------------------------------------------
def test_the_page_shows_the_statement_asks_period_form_and_signatories(client, campaign, places):
    signed(campaign, 1, city=places["kisumu"])
    signed(campaign, 2, city=places["irbid"])
    services.sign(campaign=campaign, details=_unconfirmed(places["nairobi"]))

    html = client.get(url(campaign)).content.decode()

    assert "We <strong>stand</strong> together." in html
    assert re.findall(r"<li lang=\"en\" dir=\"auto\">([^<]+)</li>", html) == [
        "Schools for every child",
        "Homes",
        "Work",
    ]
    assert "Open for signing from" in html
    assert 'action="/campaigns/cities-with-refugees/sign/"' in html
    assert '<strong id="signatory-count">2 signatories</strong>' in html
    assert 'aria-label="Kisumu, Kenya"' in html and 'aria-label="Irbid, Jordan"' in html
    assert "Nairobi, Kenya" in html  # in the form's list of cities…
    assert 'aria-label="Nairobi, Kenya"' not in html  # …but not signed: unconfirmed
    assert "signer1@example.org" not in html and "Signer 1" not in html


def _unconfirmed(where):
    return details(9, city=where)


def test_the_asks_follow_the_readers_language(client, campaign):
    html = client.get(url(campaign), HTTP_ACCEPT_LANGUAGE="fr", follow=True).content.decode()

    assert "Des écoles" in html and "Schools for every child" not in html


def test_a_translated_statement_is_shown_in_the_readers_language(client, campaign):
    ItemTranslationFactory(item=campaign, language="fr", title="Villes", body="Nous **sommes**.")

    html = client.get(url(campaign), HTTP_ACCEPT_LANGUAGE="fr", follow=True).content.decode()

    assert "Nous <strong>sommes</strong>." in html


def test_a_closed_campaign_says_so_and_has_no_form(client, places):
    campaign = CampaignFactory(opens_on="2020-01-01", closes_on="2020-06-30")

    response = client.get(url(campaign))

    assert b"This campaign is closed" in response.content
    assert b'name="email"' not in response.content
    posted = client.post(url(campaign, "sign"), form_data(places["kisumu"]))
    assert posted.status_code == 400
    assert Signature.objects.count() == 0


def test_private_signatories_show_only_the_count(client, places):
    campaign = CampaignFactory(signatories_public=False)
    signed(campaign, 1, city=places["kisumu"])

    html = client.get(url(campaign)).content.decode()

    assert '<strong id="signatory-count">1 signatory</strong>' in html
    assert "Kisumu, Kenya" not in html.split("<select")[0]
    assert "<svg" not in html
    assert client.get(url(campaign, "signatories-csv")).status_code == 404


def test_counts_by_region_and_country_match_the_database(client, campaign):
    countries = kenya_and_jordan()
    for n in range(12):
        country = countries[n % 2]
        region = "east_africa" if country.code == "KE" else "middle_east"
        signed(campaign, n, city=CityFactory(country=country, region=region))
    signed(campaign, 99, organisation=_organisation_in(countries[0]))

    html = client.get(url(campaign)).content.decode()

    expected = Counter()
    for signature in Signature.objects.filter(campaign=campaign, status="confirmed"):
        place = signature.city or signature.organisation
        expected[place.country.name] += 1
    shown = {
        name: int(count)
        for name, count in re.findall(
            r"<p><strong>([^<]+)</strong> <span class=\"note\">\((\d+)\)", html
        )
    }
    assert shown == dict(expected) == {"Kenya": 7, "Jordan": 6}
    regions = dict(re.findall(r"<h3>([^<]+) <span class=\"note\">\((\d+)\)</span></h3>", html))
    assert regions == {"East Africa": "7", "Middle East": "6"}


def _organisation_in(country):
    return OrganisationFactory(name="Refugee-led network", country=country)


@pytest.mark.parametrize("size", [3, 30])
def test_the_page_makes_the_same_queries_whatever_the_number_of_signatories(
    client, campaign, django_assert_max_num_queries, size
):
    kenya, _ = kenya_and_jordan()
    for n in range(size):
        signed(campaign, n, city=CityFactory(country=kenya))

    with django_assert_max_num_queries(14):
        response = client.get(url(campaign))

    assert response.status_code == 200
    assert f"{size} signatories" in response.content.decode()


# -- signing through the form ----------------------------------------------------------
def test_signing_through_the_form_sends_the_link(
    client, campaign, places, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(campaign, "sign"), form_data(places["kisumu"]))

    assert response.status_code == 302
    assert response["Location"] == url(campaign, "sign-sent")
    (signature,) = Signature.objects.all()
    assert (signature.city, signature.status, signature.title) == (
        places["kisumu"],
        "unconfirmed",
        "Governor",
    )
    (message,) = mail.outbox
    path = re.search(r"https?://[^/]+(/campaigns/signatures/confirm/\S+/)", message.body).group(1)

    page = client.get(path)
    assert page.status_code == 200
    assert b"Confirm my signature" in page.content
    assert Signature.objects.get().status == "unconfirmed"  # looking confirms nothing

    confirmed = client.post(path)
    assert confirmed.status_code == 302
    assert Signature.objects.get().status == "confirmed"
    manage = client.get(confirmed["Location"])
    assert b"Confirmed" in manage.content
    withdrawn = client.post(confirmed["Location"], {"action": "withdraw"})
    assert withdrawn.status_code == 302
    assert Signature.objects.get().status == "withdrawn"


def test_a_city_that_signed_is_told_so_without_saying_who(client, campaign, places):
    signed(campaign, 1, city=places["kisumu"])

    response = client.post(url(campaign, "sign"), form_data(places["kisumu"]))

    assert response.status_code == 409
    html = response.content.decode()
    assert "Kisumu has already signed this campaign." in html
    assert "signer1" not in html.lower() and "Signer 1" not in html
    assert Signature.objects.count() == 1


def test_the_consent_and_one_signatory_are_required(client, campaign, places):
    no_consent = form_data(places["kisumu"])
    del no_consent["consent"]

    assert client.post(url(campaign, "sign"), no_consent).status_code == 400
    assert client.post(url(campaign, "sign"), form_data()).status_code == 400
    assert Signature.objects.count() == 0


HOSTILE = "<script>alert(1)</script>" + "x" * 10_000


@pytest.mark.parametrize(
    "field, value",
    [
        ("name", HOSTILE),
        ("title", HOSTILE),
        ("email", HOSTILE),
        ("email", "<script>@example.org"),
        ("language", HOSTILE),
        ("city", HOSTILE),
        ("city", "999999"),
        ("city", "-1"),
        ("organisation", "1e9"),
        ("consent", HOSTILE),
        ("csrfmiddlewaretoken", HOSTILE),
    ],
)
def test_hostile_input_is_refused_and_shown_escaped(client, campaign, places, field, value):
    data = {**form_data(places["kisumu"]), field: value}

    response = client.post(url(campaign, "sign"), data)

    assert response.status_code in (302, 400)
    assert b"<script>alert(1)</script>" not in response.content
    if field in ("name", "title", "email", "language", "city", "organisation"):
        assert response.status_code == 400
        assert Signature.objects.count() == 0


def test_hostile_text_that_fits_is_stored_and_shown_escaped(client, campaign, places):
    data = form_data(places["kisumu"], name="<script>alert(1)</script>", title="=HYPERLINK(1)")
    client.post(url(campaign, "sign"), data)
    signature = services.confirm_email(signature=Signature.objects.get())
    path = services.manage_url(signature)

    html = client.get(path).content.decode()

    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)" not in html


@pytest.mark.parametrize(
    "path",
    [
        "/campaigns/signatures/confirm/nonsense/",
        "/campaigns/signatures/nonsense/",
        "/campaigns/signatures/confirm/" + "a" * 5000 + "/",
        "/campaigns/no-such-campaign/",
        "/campaigns/no-such-campaign/signatories.csv",
        "/campaigns/no-such-campaign/sign/sent/",
    ],
)
def test_bad_addresses_answer_404(client, path):
    assert client.get(path).status_code == 404
    assert client.post(path).status_code in (404, 405)


def test_a_tampered_or_mistyped_token_leads_nowhere(client, campaign, places):
    signature, _ = services.sign(campaign=campaign, details=_unconfirmed(places["kisumu"]))
    confirm = tokens.make_token(signature.pk, tokens.CONFIRM)
    manage = tokens.make_token(signature.pk, tokens.MANAGE)

    tampered = confirm[:-1] + ("B" if confirm.endswith("A") else "A")
    assert client.post(f"/campaigns/signatures/confirm/{tampered}/").status_code == 404
    assert client.post(f"/campaigns/signatures/confirm/{manage}/").status_code == 404
    assert (
        client.post(f"/campaigns/signatures/{confirm}/", {"action": "withdraw"}).status_code == 404
    )
    assert client.post(f"/campaigns/signatures/{manage}/", {"action": "erase"}).status_code == 400
    assert Signature.objects.get().status == "unconfirmed"


# -- rate limits -------------------------------------------------------------------------
def test_too_many_signings_from_one_address_get_429_and_write_nothing(
    client, campaign, places, monkeypatch
):
    monkeypatch.setitem(
        ratelimit.RULES, "campaign-sign-address", ratelimit.Rule(3, 3600, ratelimit.ADDRESS)
    )
    for n in range(3):
        response = client.post(
            url(campaign, "sign"), form_data(places["kisumu"], email=f"a{n}@x.org")
        )
        assert response.status_code == 302
    before = Signature.objects.count()

    response = client.post(url(campaign, "sign"), form_data(places["nairobi"], email="b@x.org"))

    assert response.status_code == 429
    assert response["Retry-After"] == "3600"
    assert b"Too many attempts" in response.content
    assert Signature.objects.count() == before == 3
    other = client.post(
        url(campaign, "sign"), form_data(places["nairobi"], email="c@x.org"), REMOTE_ADDR="10.0.0.2"
    )
    assert other.status_code == 302


def test_too_many_signings_for_one_email_get_429_whatever_the_address(
    client, campaign, places, monkeypatch
):
    monkeypatch.setitem(
        ratelimit.RULES, "campaign-sign-email", ratelimit.Rule(2, 3600, ratelimit.EMAIL)
    )
    for n in range(2):
        client.post(url(campaign, "sign"), form_data(places["kisumu"]), REMOTE_ADDR=f"10.0.1.{n}")
    mail_sent = len(mail.outbox)

    response = client.post(
        url(campaign, "sign"), form_data(places["nairobi"], email="AMINA@example.org"),
        REMOTE_ADDR="10.0.2.1",
    )  # fmt: skip

    assert response.status_code == 429
    assert Signature.objects.filter(city=places["nairobi"]).count() == 0
    assert len(mail.outbox) == mail_sent


def test_ratelimit_hits_count_per_action_and_client():
    ratelimit.reset("test", "a", window=60)
    assert [ratelimit.hit("test", "a", limit=2, window=60) for _ in range(3)] == [True, True, False]
    assert ratelimit.hit("test", "b", limit=2, window=60) is True
    assert ratelimit.hit("other", "a", limit=2, window=60) is True


# -- the CSV ---------------------------------------------------------------------------
def test_the_csv_lists_public_facts_only_with_formulas_neutralised(client, campaign, places):
    signed(campaign, 1, city=places["kisumu"], email="secret@example.org")
    formula = CityFactory(
        name="=cmd|' /C calc'!A0", slug="formula", country=places["kisumu"].country
    )
    signed(campaign, 2, city=formula)
    services.sign(campaign=campaign, details=_unconfirmed(places["irbid"]))

    response = client.get(url(campaign, "signatories-csv"))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.content.decode("utf-8-sig")
    assert "@" not in text and "Signer" not in text and "Irbid" not in text
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["Signatory", "Kind", "Country", "Region", "Signed on"]
    assert sorted(row[0] for row in rows[1:]) == ["'=cmd|' /C calc'!A0", "Kisumu"]
    assert all(row[1:4] == ["City", "Kenya", "East Africa"] for row in rows[1:])
