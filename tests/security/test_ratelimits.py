"""Rate limits on every public write: sign-in, sign-up, confirmation links, password reset,
event registration, campaign signing, survey answers and API writes. Each rule is made
small here; the 429 answer writes nothing and says nothing about accounts."""

import json
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from crossroads.api.services import issue_token
from crossroads.content import ratelimit
from crossroads.content.models import Item
from crossroads.engagement.models import Invitation, Response
from crossroads.engagement.surveys import services as surveys
from crossroads.events.models import Registration
from tests.accounts import PASSWORD, make_account
from tests.engagement.conftest import make_survey
from tests.events.registering import open_event
from tests.factories import CityFactory, CountryFactory, NetworkFactory, StoryFactory

pytestmark = pytest.mark.django_db

TOO_MANY = b"Too many attempts"


@pytest.fixture
def rule(monkeypatch):
    """Make rule ``name`` allow ``limit`` attempts."""

    def set_rule(name: str, limit: int) -> None:
        old = ratelimit.RULES[name]
        monkeypatch.setitem(ratelimit.RULES, name, ratelimit.Rule(limit, old.window, old.counts))

    return set_rule


def without_token(response) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def refused(response, window: int) -> bool:
    return (
        response.status_code == 429
        and response["Retry-After"] == str(window)
        and TOO_MANY in response.content
    )


# -- signing in -----------------------------------------------------------------------------
def test_sign_in_is_limited_per_address(client, rule):
    rule("login-address", 2)
    make_account()
    for n in range(2):
        client.post("/account/login/", {"username": f"x{n}@example.org", "password": "no"})

    blocked = client.post(
        "/account/login/", {"username": "amina@example.org", "password": PASSWORD}
    )
    elsewhere = client.post(
        "/account/login/",
        {"username": "amina@example.org", "password": PASSWORD},
        REMOTE_ADDR="198.51.100.4",
    )

    assert refused(blocked, 900)
    assert (elsewhere.status_code, elsewhere["Location"]) == (302, "/account/")


def test_a_password_storm_on_one_account_stops_whatever_the_address(client, rule):
    rule("login-email", 3)
    make_account()
    for n in range(3):
        client.post(
            "/account/login/",
            {"username": "AMINA@example.org", "password": f"guess-{n}"},
            REMOTE_ADDR=f"203.0.113.{n}",
        )

    right = client.post(
        "/account/login/",
        {"username": "amina@example.org", "password": PASSWORD},
        REMOTE_ADDR="203.0.113.99",
    )

    assert refused(right, 900)
    assert "_auth_user_id" not in client.session


def test_the_refusal_is_the_same_for_an_account_that_does_not_exist(client, rule):
    rule("login-email", 1)
    make_account()
    answers = []
    for email in ("amina@example.org", "nobody@example.org"):
        client.post("/account/login/", {"username": email, "password": "guess"})
        answers.append(client.post("/account/login/", {"username": email, "password": "guess"}))

    assert [answer.status_code for answer in answers] == [429, 429]
    assert without_token(answers[0]) == without_token(answers[1])


def test_the_sign_in_page_itself_is_not_counted(client, rule):
    rule("login-address", 1)
    for _ in range(3):
        assert client.get("/account/login/").status_code == 200


# -- signing up, confirming, resetting --------------------------------------------------------
SIGNUP = {
    "email": "amina@example.org",
    "password1": PASSWORD,
    "password2": PASSWORD,
    "name": "Amina Odhiambo",
    "organisation_name": "",
    "title": "",
    "language": "en",
    "consent": "on",
}


def test_sign_up_is_limited_per_address(client, rule, django_capture_on_commit_callbacks):
    rule("signup-address", 1)
    client.post("/account/signup/", {**SIGNUP, "email": "first@example.org"})

    response = client.post("/account/signup/", {**SIGNUP, "email": "second@example.org"})

    assert refused(response, 3600)
    assert list(get_user_model().objects.values_list("email", flat=True)) == ["first@example.org"]


def test_sign_up_is_limited_per_email_so_an_owner_is_not_flooded(
    client, rule, django_capture_on_commit_callbacks
):
    rule("signup-email", 2)
    make_account()
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(3):
            last = client.post("/account/signup/", SIGNUP, REMOTE_ADDR=f"203.0.113.{n}")

    assert refused(last, 3600)
    assert len(mail.outbox) == 2


@pytest.mark.parametrize(
    ("path", "address_rule", "email_rule"),
    [
        ("/account/verify/again/", "resend-address", "resend-email"),
        ("/account/password/reset/", "reset-address", "reset-email"),
    ],
)
def test_links_by_mail_are_limited_per_address_and_per_email(
    client, rule, path, address_rule, email_rule, django_capture_on_commit_callbacks
):
    rule(address_rule, 2)
    rule(email_rule, 1)
    make_account(verified=path.startswith("/account/password"))

    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(path, {"email": "amina@example.org"})
        same_email = client.post(path, {"email": "Amina@example.org"}, REMOTE_ADDR="198.51.100.1")
        other = client.post(path, {"email": "omar@example.org"})
        third = client.post(path, {"email": "lina@example.org"})

    assert first.status_code == 302
    assert refused(same_email, 3600)
    assert other.status_code == 302
    assert refused(third, 3600)
    assert [message.to for message in mail.outbox] == [["amina@example.org"]]


# -- registering, signing, answering ------------------------------------------------------------
def registration(n: int) -> dict:
    return {
        "name": f"Person {n}",
        "email": f"person{n}@example.org",
        "organisation": "",
        "organisation_kind": "",
        "title": "",
        "city": "",
        "country": "KE",
        "attendance_mode": "in_person",
        "language": "en",
        "accessibility_needs": "",
        "consent": "on",
    }


def test_event_registration_is_limited_per_address_and_per_email(client, rule):
    CountryFactory(code="KE", name="Kenya")
    event = open_event(slug="hub")
    rule("register-address", 2)
    rule("register-email", 1)
    url = "/events/hub/register/"

    assert client.post(url, registration(1)).status_code == 302
    again = client.post(url, registration(1), REMOTE_ADDR="198.51.100.1")
    assert client.post(url, registration(2)).status_code == 302
    third = client.post(url, registration(3))

    assert refused(again, 3600) and refused(third, 3600)
    assert sorted(Registration.objects.filter(event=event).values_list("email", flat=True)) == [
        "person1@example.org",
        "person2@example.org",
    ]


def test_survey_answers_are_limited_per_address(client, rule):
    rule("survey-answer-address", 1)
    survey = make_survey(NetworkFactory(), 2024)
    invitation = Invitation.objects.create(survey=survey, city=CityFactory(), email="a@x.org")
    path = surveys.answer_url(invitation)

    assert client.post(path, {"q-staff": "7", "action": "save"}).status_code == 302
    response = client.post(path, {"q-staff": "8", "action": "save"})

    assert refused(response, 3600)
    assert client.get(path).status_code == 200
    [saved] = Response.objects.all()
    assert [answer.number for answer in saved.answers.all()] == [7]


# -- the API -------------------------------------------------------------------------------------
def test_api_writes_are_limited_per_token_with_a_json_429(client, rule, django_user_model):
    rule("api-write-token", 2)
    admin = django_user_model.objects.create_superuser("root", "root@example.org", "x")
    key = issue_token(user=admin, name="Script")[1]
    other = issue_token(user=admin, name="Other")[1]
    StoryFactory(slug="water", title="Water")

    def patch(title, token):
        return client.patch(
            "/api/items/water",
            json.dumps({"title": title}),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {token}",
        )

    answers = [patch(f"Water {n}", key).status_code for n in range(2)]
    over = patch("Water 3", key)
    with_another_token = patch("Water 4", other)

    assert answers == [200, 200]
    assert over.status_code == 429
    assert over["Retry-After"] == "60"
    assert json.loads(over.content) == {
        "detail": "Too many changes with this token: try again later."
    }
    assert with_another_token.status_code == 200
    assert Item.objects.get(slug="water").title == "Water 4"
