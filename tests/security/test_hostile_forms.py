"""Hostile text in every field of every public form, one field at a time (the others
valid, so that a form accepting the text stores it): never a 500; a NUL byte is refused;
what is stored is the text as typed, and every page showing it shows it escaped."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.html import escape

from crossroads.accounts.models import Grant, Profile
from crossroads.engagement.campaigns import services as campaigns
from crossroads.engagement.models import Answer, Invitation, Signature
from crossroads.engagement.surveys import services as surveys
from crossroads.events import services as events
from crossroads.events.models import Registration
from crossroads.ingest.models import Source
from tests.engagement.conftest import make_survey
from tests.factories import (
    CampaignFactory,
    CityFactory,
    CountryFactory,
    EventFactory,
    ItemActorFactory,
    MembershipFactory,
    NetworkFactory,
    OrganisationFactory,
    PledgeFactory,
)
from tests.security import payloads

pytestmark = pytest.mark.django_db

SAMPLE = payloads.sample()


@pytest.fixture
def site(db, admin_user):
    """An open event, a campaign, a network's open survey with an invitation, a pledge,
    and a person with an account; the admin (a superuser) organises everything."""
    cache.clear()
    kenya = CountryFactory(code="KE", name="Kenya", region="east_africa")
    kisumu = CityFactory(name="Kisumu", slug="kisumu", country=kenya, region="east_africa")
    organiser = OrganisationFactory(name="Cities Alliance", slug="cities-alliance")
    event = EventFactory(title="Water forum", slug="water-forum", registration_mode="open")
    ItemActorFactory(item=event, organisation=organiser, role="organiser")
    campaign = CampaignFactory(title="Solidarity", slug="solidarity")
    network = NetworkFactory(slug="hmln", name="Host Municipalities Network")
    MembershipFactory(network=network, city=kisumu, organisation=None, role="member")
    survey = make_survey(network, 2024)
    invitation = Invitation.objects.create(survey=survey, city=kisumu, email="k@example.org")
    Grant.objects.create(user=admin_user, role="secretariat", network=network)
    person = get_user_model().objects.create_user("amina@example.org", "amina@example.org", "x")
    Profile.objects.create(user=person, name="Amina", email_verified_at=event.created_at)
    mail.outbox.clear()
    yield {
        "kisumu": kisumu,
        "kenya": kenya,
        "event": event,
        "campaign": campaign,
        "survey": survey,
        "invitation": invitation,
        "person": person,
        "pledge": PledgeFactory(title="Water pledge", slug="water-pledge"),
    }
    cache.clear()


def inert(client, *paths) -> list[str]:
    """Each page's HTML, checked for markup a payload made."""
    pages = []
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        payloads.assert_inert(response, secret=settings.SECRET_KEY)
        pages.append(response.content.decode())
    return pages


def accepted(response, payload: str) -> bool:
    """Whether the form took the text; a NUL byte never gets through. (The rate limits
    are cleared: each form is posted many times.)"""
    cache.clear()
    assert response.status_code < 500, response.status_code
    assert response.status_code != 429
    payloads.assert_inert(response, secret=settings.SECRET_KEY)
    if "\x00" in payload:
        assert response.status_code in {200, 400}, response.status_code
        return False
    return response.status_code in {301, 302}


def typed(payload: str) -> str:
    """What a Django CharField keeps of the text (it strips the ends)."""
    return payload.strip()


# -- event registration ----------------------------------------------------------------
REGISTRATION_TEXT = ("name", "organisation", "title", "city", "accessibility_needs")


def registration_data(n: int, **overrides) -> dict:
    return {
        "name": "Hodan Abdi",
        "email": f"hodan{n}@example.org",
        "organisation": "Municipality of Hargeisa",
        "organisation_kind": "",
        "title": "Planner",
        "city": "Hargeisa",
        "country": "",
        "attendance_mode": "in_person",
        "language": "en",
        "accessibility_needs": "",
        "consent": "on",
        **overrides,
    }


def attack_registration(client, admin_client, site, field, texts):
    """Each text in ``field`` of its own registration; then the organisers' pages, which
    show them all, and each person's own page."""
    event = site["event"]
    for n, payload in enumerate(texts):
        response = client.post(
            f"/events/{event.slug}/register/", registration_data(n, **{field: payload})
        )
        registrations = Registration.objects.filter(email=f"hodan{n}@example.org")
        if not accepted(response, payload):
            assert not registrations.exists(), payload
            continue
        registration = registrations.get()
        if field in REGISTRATION_TEXT:
            assert getattr(registration, field) == typed(payload)
        events.confirm_email(registration=registration)
        inert(client, events.manage_url(registration))
    pages = inert(
        admin_client,
        f"/events/{event.slug}/registrations/",
        f"/events/{event.slug}/registrations/?page=2",
        f"/admin/events/event/{event.pk}/change/",
    )
    if field == "name":
        for payload in texts:
            if "\x00" not in payload and payload.strip() and len(payload) < 200:
                assert any(escape(typed(payload)) in page for page in pages), payload
    assert admin_client.get(f"/events/{event.slug}/registrations.csv").status_code == 200


@pytest.mark.parametrize("field", [*REGISTRATION_TEXT, "email", "country", "language"])
def test_registration_fields(client, admin_client, site, field):
    attack_registration(client, admin_client, site, field, SAMPLE)


@pytest.mark.parametrize("family", payloads.FAMILIES)
def test_registration_name_takes_the_whole_corpus(client, admin_client, site, family):
    attack_registration(client, admin_client, site, "name", payloads.FAMILIES[family])


def test_managing_a_registration(client, site):
    details = events.Details(name="Hodan", email="h@example.org", attendance_mode="in_person")
    registration, _new = events.register(event=site["event"], details=details)
    path = events.manage_url(registration)
    for payload in SAMPLE:
        for target, data in (
            (path, {"action": payload}),
            (path.rstrip("/") + quote(payload[:200], safe="") + "/", {"action": "cancel"}),
        ):
            cache.clear()
            response = client.post(target, data)
            assert response.status_code < 500
            payloads.assert_inert(response, secret=settings.SECRET_KEY)
    assert Registration.objects.get().status == "pending_email"


@pytest.mark.parametrize("field", ["subject", "message"])
def test_the_organisers_message(admin_client, site, field):
    details = events.Details(name="Hodan", email="h@example.org", attendance_mode="in_person")
    events.confirm_email(registration=events.register(event=site["event"], details=details)[0])
    for payload in SAMPLE:
        mail.outbox.clear()
        data = {"subject": "Programme", "message": "See you there.", field: payload}
        cache.clear()
        response = admin_client.post("/events/water-forum/registrations/message/", data)
        assert response.status_code < 500
        payloads.assert_inert(response, secret=settings.SECRET_KEY)
        if "\x00" in payload:
            assert mail.outbox == []


# -- campaign signing ------------------------------------------------------------------
SIGNATURE_TEXT = ("name", "title")


def attack_signature(client, admin_client, site, field, texts):
    """Each text in ``field`` of a signature for its own organisation."""
    campaign = site["campaign"]
    for n, payload in enumerate(texts):
        signatory = OrganisationFactory(name=f"Signatory {n}", slug=f"signatory-{n}")
        data = {
            "city": "",
            "organisation": signatory.pk,
            "name": "Amina Odhiambo",
            "title": "Governor",
            "email": f"amina{n}@example.org",
            "language": "en",
            "consent": "on",
            field: payload,
        }
        response = client.post(f"/campaigns/{campaign.slug}/sign/", data)
        signatures = Signature.objects.filter(email=f"amina{n}@example.org")
        if not accepted(response, payload):
            assert not signatures.exists(), payload
            continue
        signature = signatures.get()
        if field in SIGNATURE_TEXT:
            assert getattr(signature, field) == typed(payload)
        campaigns.confirm_email(signature=signature)
        (manage,) = inert(client, campaigns.manage_url(signature))
        if field in SIGNATURE_TEXT and payload.strip() and len(payload) < 200:
            assert escape(typed(payload)) in manage, payload
    inert(client, f"/campaigns/{campaign.slug}/")
    inert(admin_client, "/admin/engagement/signature/")
    for signature in Signature.objects.all()[:3]:
        inert(admin_client, f"/admin/engagement/signature/{signature.pk}/change/")
    api = client.get(f"/api/campaigns/{campaign.slug}/signatories")
    assert api.status_code == 200


@pytest.mark.parametrize("field", [*SIGNATURE_TEXT, "email", "city", "organisation", "language"])
def test_signature_fields(client, admin_client, site, field):
    attack_signature(client, admin_client, site, field, SAMPLE)


@pytest.mark.parametrize("family", payloads.FAMILIES)
def test_signature_name_takes_the_whole_corpus(client, admin_client, site, family):
    attack_signature(client, admin_client, site, "name", payloads.FAMILIES[family])


# -- survey answers --------------------------------------------------------------------
def survey_data(**overrides) -> dict:
    return {
        "q-main_constraint": "housing",
        "q-support_needed": ["funding"],
        "q-pressure": "3",
        "q-staff": "12",
        "q-practice": "A one-stop shop",
        "q-comments": "None",
        "action": "submit",
        **overrides,
    }


def attack_survey(client, admin_client, site, field, texts):
    """Each text in ``field`` of the answers of its own city; then the results."""
    survey = site["survey"]
    for n, payload in enumerate(texts):
        city = CityFactory(name=f"Town {n}", slug=f"town-{n}", country=site["kenya"])
        invitation = Invitation.objects.create(survey=survey, city=city, email=f"c{n}@example.org")
        path = surveys.answer_url(invitation)
        response = client.post(path, survey_data(**{field: payload}))
        cache.clear()
        assert response.status_code < 500
        payloads.assert_inert(response, secret=settings.SECRET_KEY)
        stored = {
            answer.question.code: answer
            for answer in Answer.objects.filter(response__city=city).select_related("question")
        }
        if response.status_code != 302:
            assert stored == {}, payload
            continue
        if field in {"q-practice", "q-comments"}:
            assert "\x00" not in payload
            text = payload.replace("\r\n", "\n").strip()
            answer = stored.get(field[2:])
            assert (answer.text if answer else "") == text, payload
        inert(client, path)
    inert(
        admin_client,
        "/surveys/hmln/2024/results/",
        "/surveys/hmln/2024/report/",
        "/admin/engagement/response/",
    )


@pytest.mark.parametrize(
    "field",
    ["q-main_constraint", "q-support_needed", "q-pressure", "q-staff", "q-practice", "action"],
)
def test_survey_fields(client, admin_client, site, field):
    attack_survey(client, admin_client, site, field, SAMPLE)


@pytest.mark.parametrize("family", payloads.FAMILIES)
def test_survey_long_text_takes_the_whole_corpus(client, admin_client, site, family):
    attack_survey(client, admin_client, site, "q-comments", payloads.FAMILIES[family])


# -- accounts --------------------------------------------------------------------------
@pytest.mark.parametrize(
    "field",
    ["email", "password1", "name", "organisation_name", "title", "city", "country", "language"],
)
def test_signup_fields(client, admin_client, site, field):
    for n, payload in enumerate(SAMPLE):
        data = {
            "email": f"hodan{n}@example.org",
            "password1": "a long passphrase 42",
            "password2": "a long passphrase 42",
            "name": "Hodan Abdi",
            "organisation": "",
            "organisation_name": "Municipality of Hargeisa",
            "title": "Planner",
            "city": "",
            "country": "KE",
            "language": "en",
            "consent": "on",
            field: payload,
        }
        if field == "password1":
            data["password2"] = payload
        response = client.post("/account/signup/", data)
        users = get_user_model().objects.filter(email=f"hodan{n}@example.org")
        if not accepted(response, payload):
            assert not users.exists(), payload
            continue
        user = users.get()
        if field in {"name", "organisation_name", "title"}:
            assert getattr(user.profile, field) == typed(payload)
        inert(admin_client, f"/admin/auth/user/{user.pk}/change/")
    inert(admin_client, "/admin/auth/user/")


@pytest.mark.parametrize("field", ["name", "organisation_name", "title", "city", "country"])
def test_profile_fields(client, site, field):
    client.force_login(site["person"])
    for payload in SAMPLE:
        data = {
            "name": "Amina",
            "organisation": "",
            "organisation_name": "City of Kisumu",
            "title": "Mayor",
            "city": site["kisumu"].pk,
            "country": "KE",
            "language": "en",
            field: payload,
        }
        response = client.post("/account/", data)
        if not accepted(response, payload):
            continue
        profile = Profile.objects.get(user=site["person"])
        if field in {"name", "organisation_name", "title"}:
            assert getattr(profile, field) == typed(payload)
        inert(client, "/account/")
        assert client.get("/account/data/").status_code == 200


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("/account/login/", "username"),
        ("/account/login/", "password"),
        ("/account/verify/again/", "email"),
        ("/account/password/reset/", "email"),
    ],
)
def test_forms_that_store_nothing(client, site, path, field):
    data = {"username": "amina@example.org", "password": "x", "email": "amina@example.org"}
    for payload in payloads.ALL:
        cache.clear()  # the rate limits of sign-in and mail
        response = client.post(path, {**data, field: payload})
        assert response.status_code < 500, payload
        payloads.assert_inert(response, secret=settings.SECRET_KEY)


def test_deleting_an_account_with_a_hostile_password(client, site):
    client.force_login(site["person"])
    for payload in SAMPLE:
        cache.clear()
        response = client.post("/account/delete/", {"password": payload})
        assert response.status_code in {200, 400}, payload
        payloads.assert_inert(response, secret=settings.SECRET_KEY)
    assert get_user_model().objects.filter(pk=site["person"].pk).exists()


# -- the language switcher, pledges, the importer -------------------------------------
@pytest.mark.parametrize("field", ["language", "next"])
def test_the_language_switcher(client, site, field):
    for payload in [*SAMPLE, *payloads.XSS_URLS]:
        data = {"language": "fr", "next": "/events/", field: payload}
        cache.clear()
        response = client.post("/i18n/setlang/", data)
        assert response.status_code in {200, 204, 302, 400}, payload
        location = response.get("Location", "").lower().strip()
        assert not location.startswith(("javascript:", "data:", "//", "http")), payload


@pytest.mark.parametrize(("action", "field"), [("propose", "other"), ("confirm", "match")])
def test_pledge_matching(admin_client, site, action, field):
    for payload in SAMPLE:
        path = f"/pledges/water-pledge/matches/{action}/"
        cache.clear()
        response = admin_client.post(path, {field: payload})
        assert response.status_code in {302, 400, 404}, payload
        payloads.assert_inert(response, secret=settings.SECRET_KEY)


def test_the_importers_address(admin_client, site):
    for payload in SAMPLE:
        cache.clear()
        response = admin_client.post("/review/imports/import/", {"address": payload})
        assert response.status_code == 400, payload
        payloads.assert_inert(response, secret=settings.SECRET_KEY)
    assert Source.objects.count() == 0


@pytest.mark.parametrize(
    "family", ["xss", "template", "hostile"], ids=["xss", "template", "hostile"]
)
def test_an_imported_page_is_reviewed_escaped(admin_client, site, family):
    """A page full of payloads, uploaded to the importer: its review page and the draft's
    admin page show the text it took, escaped."""
    texts = [text for text in payloads.FAMILIES[family] if "\x00" not in text]
    body = "\n".join(f"<p>{escape(text)}</p>" for text in texts)
    page = (
        f"<html><head><title>{escape(texts[0])}</title></head><body>"
        f"<h1>Workshop {escape(texts[1])}</h1><p>12 March 2031, Kisumu</p>{body}</body></html>"
    )
    upload = ("page.html", page.encode(), "text/html")
    response = admin_client.post(
        "/review/imports/import/", {"file": SimpleUploadedFile(*upload)}, follow=True
    )
    assert response.status_code == 200
    payloads.assert_inert(response, secret=settings.SECRET_KEY)
    for source in Source.objects.all():
        inert(admin_client, f"/review/imports/{source.pk}/")
