"""The account pages, driven as a browser would: every flow end to end, hostile input, the
mail they send, and the queries they cost."""

import datetime as dt
import json
import re
from html import unescape

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.utils import timezone

from crossroads.accounts.models import Profile
from crossroads.events.models import Registration
from tests.accounts import PASSWORD, after, html_part, link_path, make_account, subjects
from tests.content.pages import h1, html
from tests.factories import CityFactory, EventFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

User = get_user_model()

SIGNUP = {
    "email": "Amina@Example.org",
    "password1": PASSWORD,
    "password2": PASSWORD,
    "name": "Amina Odhiambo",
    "organisation": "",
    "organisation_name": "Kisumu County",
    "title": "Inclusion officer",
    "city": "",
    "country": "",
    "language": "en",
    "consent": "on",
}
BAD_LOGIN = "This email and password do not match an account. Passwords are case-sensitive."
UNCONFIRMED = (
    "This account&#x27;s address is not confirmed yet: follow the link we mailed you, "
    "or ask for a new one."
)


@pytest.fixture
def committing(django_capture_on_commit_callbacks):
    """Requests whose mail, sent after commit, lands in the outbox."""

    def run(request, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return request(*args, **kwargs)

    return run


def errors_of(response, field: str) -> list[str]:
    """The messages shown beside ``field``."""
    found = re.search(rf'<ul class="errorlist" id="id_{field}_error">(.*?)</ul>', html(response))
    return (
        [unescape(text) for text in re.findall(r"<li>(.*?)</li>", found.group(1))] if found else []
    )


def form_errors(response) -> list[str]:
    """The messages above the form (not about one field)."""
    found = re.search(r'<ul class="errorlist nonfield">(.*?)</ul>', html(response))
    return (
        [unescape(text) for text in re.findall(r"<li>(.*?)</li>", found.group(1))] if found else []
    )


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


# -- the account line on every page ------------------------------------------------------
def test_visitors_see_a_sign_in_link_back_to_the_page(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/privacy/?a=1")

    assert (
        '<p class="account wrap"><a href="/account/login/?next=/privacy/%3Fa%3D1" rel="nofollow">'
        "Sign in</a></p>"
    ) in html(response)


def test_people_signed_in_see_a_link_to_their_account(client, django_assert_num_queries):
    client.force_login(make_account())

    with django_assert_num_queries(2):  # the session and the user, nothing more
        response = client.get("/privacy/")

    assert '<p class="account wrap"><a href="/account/">Your account</a></p>' in html(response)


# -- signing up, end to end --------------------------------------------------------------
def test_signing_up_confirming_and_signing_in(client, committing):
    form = client.get("/account/signup/")
    assert form.status_code == 200
    assert h1(form) == "Create an account"

    sent = committing(client.post, "/account/signup/", SIGNUP)

    assert sent.status_code == 302
    assert sent["Location"] == "/account/signup/sent/"
    assert h1(client.get(sent["Location"])) == "Check your mail"
    assert subjects() == ["Confirm your address to open your Crossroads account"]
    assert mail.outbox[0].to == ["amina@example.org"]
    user = User.objects.get()
    assert (user.username, user.is_active) == ("amina@example.org", False)
    assert Profile.objects.get().organisation_name == "Kisumu County"

    # Not yet confirmed: the right password is not enough.
    refused = client.post(
        "/account/login/", {"username": "amina@example.org", "password": PASSWORD}
    )
    assert form_errors(refused) == [unescape(UNCONFIRMED)]
    assert not signed_in(client)

    link = link_path(mail.outbox[0], "/account/verify/")
    page = client.get(link)
    assert page.status_code == 200
    assert "Press the button to confirm amina@example.org and open your account." in html(page)
    assert User.objects.get().is_active is False  # opening the link confirms nothing

    confirmed = client.post(link)
    assert confirmed.status_code == 302
    assert confirmed["Location"] == "/account/login/"
    login_page = client.get("/account/login/")
    assert (
        html(login_page).count(
            '<li class="success">Your address is confirmed. You can sign in now.</li>'
        )
        == 1
    )

    signed = client.post("/account/login/", {"username": "AMINA@example.ORG", "password": PASSWORD})
    assert signed.status_code == 302
    assert signed["Location"] == "/account/"
    assert signed_in(client)
    assert "Signed in as amina@example.org." in html(client.get("/account/"))


def test_the_signup_form_labels_its_fields_for_browsers_and_people(client):
    page = html(client.get("/account/signup/"))

    for tag in [
        '<input type="email" name="email" autocomplete="email" maxlength="150" required '
        'aria-describedby="id_email_helptext" id="id_email">',
        '<input type="password" name="password1" autocomplete="new-password" required '
        'aria-describedby="id_password1_helptext" id="id_password1">',
        '<input type="text" name="name" autocomplete="name" maxlength="200" required id="id_name">',
        '<input type="text" name="title" autocomplete="organization-title" maxlength="200" '
        'id="id_title">',
        '<select name="country" autocomplete="country" id="id_country">',
        '<label for="id_email">Email</label>',
        '<label for="id_title">Role or title <span class="note">(optional)</span></label>',
        '<input type="checkbox" name="consent" required id="id_consent">',
        '<a href="/privacy/">Read the privacy notice</a>',
    ]:
        assert tag in page
    assert "<script" not in page


def test_the_signup_form_offers_the_directory_and_starts_in_the_page_language(client):
    CityFactory(name="Kisumu")
    OrganisationFactory(name="Kisumu County", acronym="KC")

    page = html(client.get("/account/signup/", HTTP_ACCEPT_LANGUAGE="fr", follow=True))

    assert re.search(r'<option value="\d+">Kisumu \(Kenya\)</option>', page)
    assert re.search(r'<option value="\d+">Kisumu County \(KC\)</option>', page)
    assert '<option value="KE">Kenya</option>' in page
    assert '<option value="fr" selected>Français</option>' in page


def test_the_password_rules_are_given_in_the_page_language(client):
    english = html(client.get("/account/signup/"))
    french = html(client.get("/account/signup/", HTTP_ACCEPT_LANGUAGE="fr", follow=True))

    assert "<li>Your password must contain at least 8 characters.</li>" in english
    assert "<li>Votre mot de passe doit contenir au minimum 8 caractères.</li>" in french


def test_the_signup_form_costs_one_query_per_list(client, django_assert_max_num_queries):
    CityFactory.create_batch(3)
    OrganisationFactory.create_batch(3)

    with django_assert_max_num_queries(3):
        response = client.get("/account/signup/")

    assert response.status_code == 200


def test_a_registered_address_gets_the_same_answer_as_a_new_one(client, committing):
    make_account("amina@example.org")

    taken = committing(client.post, "/account/signup/", SIGNUP)
    new = committing(client.post, "/account/signup/", {**SIGNUP, "email": "Omar@Example.org"})

    assert (taken.status_code, taken["Location"]) == (302, "/account/signup/sent/")
    assert (new.status_code, new["Location"]) == (302, "/account/signup/sent/")
    assert User.objects.count() == 2
    # The owner of the address taken is told, not the stranger.
    assert [(message.to, message.subject) for message in mail.outbox] == [
        (["amina@example.org"], "Your address already has a Crossroads account"),
        (["omar@example.org"], "Confirm your address to open your Crossroads account"),
    ]


@pytest.mark.parametrize(
    ("changes", "field", "messages"),
    [
        ({"password2": "something-else-42"}, "password2", ["The two passwords differ."]),
        (
            {"password1": "amina.example", "password2": "amina.example"},
            "password2",
            ["The password is too similar to the email address."],
        ),
        (
            {"password1": "12345678", "password2": "12345678"},
            "password2",
            ["This password is too common.", "This password is entirely numeric."],
        ),
        ({"consent": ""}, "consent", ["An account needs your agreement to the privacy notice."]),
        ({"name": ""}, "name", ["This field is required."]),
        ({"email": "amina"}, "email", ["Enter a valid email address."]),
        (
            {"language": "xx"},
            "language",
            ["Select a valid choice. xx is not one of the available choices."],
        ),
        (
            {"city": "99999"},
            "city",
            ["Select a valid choice. That choice is not one of the available choices."],
        ),
        (
            {"country": "ZZ"},
            "country",
            ["Select a valid choice. That choice is not one of the available choices."],
        ),
    ],
)
def test_signup_mistakes_are_shown_beside_their_field(client, changes, field, messages):
    response = client.post("/account/signup/", {**SIGNUP, **changes})

    assert response.status_code == 200
    assert errors_of(response, field) == messages
    assert "Please correct what is marked below." in html(response)
    assert User.objects.count() == 0


def test_ten_kilobytes_in_every_field_are_refused(client):
    long = "x" * 10_240

    response = client.post("/account/signup/", {field: long for field in SIGNUP})

    assert response.status_code == 200
    assert errors_of(response, "email") == [
        "Enter a valid email address.",
        "Ensure this value has at most 150 characters (it has 10240).",
    ]
    assert errors_of(response, "name") == [
        "Ensure this value has at most 200 characters (it has 10240)."
    ]
    assert errors_of(response, "title") == errors_of(response, "name")
    assert errors_of(response, "organisation") == [
        "Select a valid choice. That choice is not one of the available choices."
    ]
    assert User.objects.count() == 0


def test_null_characters_in_every_field_are_refused(client):
    response = client.post("/account/signup/", {field: "a\x00b" for field in SIGNUP})

    assert response.status_code == 200
    for field in ["email", "password1", "password2", "name", "organisation_name", "title"]:
        assert "Null characters are not allowed." in errors_of(response, field), field
    for field in ["organisation", "city", "country"]:
        assert errors_of(response, field) == ["Null characters are not allowed."], field
    assert errors_of(response, "language") == [
        "Select a valid choice. a\x00b is not one of the available choices."
    ]
    assert User.objects.count() == 0


def test_people_signed_in_are_sent_to_their_account_from_the_signup(client):
    client.force_login(make_account())

    response = client.get("/account/signup/")

    assert (response.status_code, response["Location"]) == (302, "/account/")


# -- the confirmation link ---------------------------------------------------------------
def sign_up_and_get_link(client, committing) -> str:
    committing(client.post, "/account/signup/", SIGNUP)
    return link_path(mail.outbox[-1], "/account/verify/")


def test_the_confirmation_page_costs_two_queries(client, committing, django_assert_max_num_queries):
    link = sign_up_and_get_link(client, committing)

    with django_assert_max_num_queries(2):
        response = client.get(link)

    assert response.status_code == 200


@pytest.mark.parametrize(
    "alter",
    [
        lambda link: link[:-2] + ("A" if link[-2] != "A" else "B") + "/",
        lambda link: "/account/verify/forged/",
        lambda link: "/account/verify/%00/",
        lambda link: "/account/verify/" + "z" * 10_000 + "/",
    ],
    ids=["tampered", "forged", "nul", "huge"],
)
def test_altered_links_say_so_and_confirm_nothing(client, committing, alter):
    link = alter(sign_up_and_get_link(client, committing))

    shown = client.get(link)
    pressed = client.post(link)

    for response in (shown, pressed):
        assert response.status_code == 400
        assert h1(response) == "This link does not work"
        assert (
            '<p role="alert">This confirmation link is not valid. '
            "Check that it was copied whole.</p>"
        ) in html(response)
    assert User.objects.get().is_active is False


def test_an_expired_link_says_so_and_offers_a_new_one(client, committing, monkeypatch):
    link = sign_up_and_get_link(client, committing)
    after(monkeypatch, dt.timedelta(days=4))

    response = client.post(link)

    assert response.status_code == 400
    assert (
        '<p role="alert">This confirmation link has expired. Ask for a new one below.</p>'
        in html(response)
    )
    assert '<form method="post" action="/account/verify/again/" class="stack">' in html(response)
    assert User.objects.get().is_active is False


def test_a_used_link_says_the_address_is_confirmed(client, committing):
    link = sign_up_and_get_link(client, committing)
    client.post(link)

    response = client.get(link)

    assert response.status_code == 400
    assert "This link was already used: your address is confirmed. You can sign in." in html(
        response
    )


def test_a_new_link_can_be_asked_for_without_learning_who_has_an_account(client, committing):
    make_account("waiting@example.org", verified=False, language="fr")
    make_account("confirmed@example.org")
    answers = []

    for email in ["WAITING@example.org", "confirmed@example.org", "nobody@example.org"]:
        response = committing(client.post, "/account/verify/again/", {"email": email})
        answers.append((response.status_code, response["Location"]))

    assert answers == [(302, "/account/signup/sent/")] * 3
    assert [message.to for message in mail.outbox] == [["waiting@example.org"]]
    assert '<html lang="fr" dir="ltr">' in html_part(mail.outbox[0])


def test_asking_for_a_new_link_with_nonsense_shows_the_mistake(client):
    for value, message in [
        ("a\x00b", "Null characters are not allowed."),
        ("x" * 10_000, "Ensure this value has at most 254 characters (it has 10000)."),
    ]:
        response = client.post("/account/verify/again/", {"email": value})
        assert response.status_code == 200
        assert message in errors_of(response, "email")
    assert mail.outbox == []


# -- signing in and out --------------------------------------------------------------------
def test_the_sign_in_page_costs_no_query(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/account/login/")

    page = html(response)
    assert (
        '<input type="text" name="username" autocomplete="username" inputmode="email" '
        'autocapitalize="none" spellcheck="false" autofocus maxlength="254" required '
        'id="id_username">'
    ) in page
    assert '<label for="id_username">Email</label>' in page


@pytest.mark.parametrize("typed", ["amina@example.org", "AMINA@EXAMPLE.ORG", " Amina@Example.org "])
def test_signing_in_by_email_in_any_case(client, typed):
    make_account("amina@example.org")

    response = client.post("/account/login/", {"username": typed, "password": PASSWORD})

    assert (response.status_code, response["Location"]) == (302, "/account/")
    assert signed_in(client)


def test_signing_in_returns_to_the_page_asked_for(client):
    make_account()

    response = client.post(
        "/account/login/?next=/events/", {"username": "amina@example.org", "password": PASSWORD}
    )

    assert response["Location"] == "/events/"


@pytest.mark.parametrize("next_url", ["https://elsewhere.example/", "/account/login/"])
def test_signing_in_never_leaves_the_site_or_loops(client, next_url):
    make_account()

    response = client.post(
        f"/account/login/?next={next_url}", {"username": "amina@example.org", "password": PASSWORD}
    )
    again = client.get(f"/account/login/?next={next_url}")

    assert response["Location"] == "/account/"
    assert (again.status_code, again["Location"]) == (302, "/account/")


@pytest.mark.parametrize(
    ("username", "password"),
    [
        ("amina@example.org", "wrong-password"),
        ("amina@example.org", PASSWORD.upper()),
        ("nobody@example.org", PASSWORD),
    ],
)
def test_a_wrong_email_or_password_signs_nobody_in(client, username, password):
    make_account("amina@example.org")

    response = client.post("/account/login/", {"username": username, "password": password})

    assert response.status_code == 200
    assert form_errors(response) == [BAD_LOGIN]
    assert not signed_in(client)


def test_a_closed_account_cannot_sign_in_and_says_no_more(client):
    user = make_account()
    User.objects.filter(pk=user.pk).update(is_active=False)

    response = client.post(
        "/account/login/", {"username": "amina@example.org", "password": PASSWORD}
    )

    assert form_errors(response) == [BAD_LOGIN]
    assert not signed_in(client)


def test_an_unconfirmed_account_is_told_so_only_with_its_password(client):
    make_account(verified=False)

    right = client.post("/account/login/", {"username": "amina@example.org", "password": PASSWORD})
    wrong = client.post("/account/login/", {"username": "amina@example.org", "password": "nope"})

    assert form_errors(right) == [unescape(UNCONFIRMED)]
    assert form_errors(wrong) == [BAD_LOGIN]
    assert not signed_in(client)


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {"username": "a\x00@example.org", "password": PASSWORD},
            "username",
            "Null characters are not allowed.",
        ),
        (
            {"username": "amina@example.org", "password": "a\x00b"},
            "password",
            "Null characters are not allowed.",
        ),
        (
            {"username": "x" * 10_240, "password": PASSWORD},
            "username",
            "Ensure this value has at most 254 characters (it has 10240).",
        ),
    ],
)
def test_sign_in_nonsense_is_refused_beside_the_field(client, data, field, message):
    make_account()

    response = client.post("/account/login/", data)

    assert response.status_code == 200
    assert errors_of(response, field) == [message]
    assert not signed_in(client)


def test_a_long_password_is_simply_wrong(client):
    make_account()

    response = client.post(
        "/account/login/", {"username": "amina@example.org", "password": "p" * 10_240}
    )

    assert form_errors(response) == [BAD_LOGIN]


def test_signing_out_takes_a_post(client):
    client.force_login(make_account())

    refused = client.get("/account/logout/")
    assert refused.status_code == 405
    assert signed_in(client)

    response = client.post("/account/logout/")

    assert (response.status_code, response["Location"]) == (302, "/")
    assert not signed_in(client)


# -- password reset --------------------------------------------------------------------------
def test_resetting_a_forgotten_password_end_to_end(client, committing):
    make_account("amina@example.org", language="fr")

    assert h1(client.get("/account/password/reset/")) == "Reset your password"
    asked = committing(client.post, "/account/password/reset/", {"email": "AMINA@example.org"})

    assert (asked.status_code, asked["Location"]) == (302, "/account/password/reset/sent/")
    assert h1(client.get(asked["Location"])) == "Check your mail"
    [message] = mail.outbox
    assert message.subject == "Choisissez un nouveau mot de passe pour Crossroads"
    assert message.to == ["amina@example.org"]
    assert '<html lang="fr" dir="ltr">' in html_part(message)

    link = link_path(message, "/account/password/reset/")
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    assert h1(form_page) == "Choose a new password"
    set_password = form_page.redirect_chain[-1][0]
    assert set_password.endswith("/set-password/")

    weak = client.post(set_password, {"new_password1": "amina", "new_password2": "amina"})
    assert errors_of(weak, "new_password2") != []

    new_password = "harbour-kettle-93-meadow"
    done = client.post(set_password, {"new_password1": new_password, "new_password2": new_password})
    assert (done.status_code, done["Location"]) == (302, "/account/password/reset/done/")
    assert h1(client.get(done["Location"])) == "Password saved"

    old = client.post("/account/login/", {"username": "amina@example.org", "password": PASSWORD})
    assert form_errors(old) == [BAD_LOGIN]
    new = client.post(
        "/account/login/", {"username": "amina@example.org", "password": new_password}
    )
    assert new.status_code == 302
    # The link served once.
    used = client.get(link, follow=True)
    assert (
        "This link does not work: it was already used, has expired, or was not copied whole."
        in html(used)
    )


@pytest.mark.parametrize("email", ["nobody@example.org", "waiting@example.org"])
def test_no_reset_mail_goes_to_unknown_or_unconfirmed_addresses(client, committing, email):
    make_account("waiting@example.org", verified=False)

    response = committing(client.post, "/account/password/reset/", {"email": email})

    assert (response.status_code, response["Location"]) == (302, "/account/password/reset/sent/")
    assert mail.outbox == []


@pytest.mark.parametrize(
    "path",
    ["/account/password/reset/MQ/forged-token/", "/account/password/reset/%00/x/"],
)
def test_a_forged_reset_link_says_so(client, path):
    make_account()

    response = client.get(path)

    assert response.status_code == 200
    assert (
        '<p role="alert">This link does not work: it was already used, has expired, or was not '
        "copied whole.</p>"
    ) in html(response)


def test_reset_nonsense_is_refused_beside_the_field(client):
    response = client.post("/account/password/reset/", {"email": "a\x00b@example.org"})

    assert errors_of(response, "email") == [
        "Enter a valid email address.",
        "Null characters are not allowed.",
    ]
    assert mail.outbox == []


def test_the_reset_pages_cost_no_query(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        for path in ["/account/password/reset/", "/account/password/reset/sent/"]:
            assert client.get(path).status_code == 200


# -- the profile ---------------------------------------------------------------------------
def test_the_profile_asks_visitors_to_sign_in(client):
    response = client.get("/account/")

    assert (response.status_code, response["Location"]) == (302, "/account/login/?next=/account/")


def test_editing_the_profile(client):
    user = make_account(title="Officer")
    gulu = CityFactory(name="Gulu")
    client.force_login(user)

    response = client.post(
        "/account/",
        {
            "name": "Amina O.",
            "organisation": "",
            "organisation_name": "Gulu City Council",
            "title": "Head of inclusion",
            "city": gulu.pk,
            "country": "KE",
            "language": "ar",
        },
    )

    assert (response.status_code, response["Location"]) == (302, "/account/")
    profile = Profile.objects.get(user=user)
    assert (
        profile.name,
        profile.organisation_name,
        profile.title,
        profile.city,
        profile.country_id,
        profile.language,
    ) == ("Amina O.", "Gulu City Council", "Head of inclusion", gulu, "KE", "ar")
    assert '<li class="success">Your profile is saved.</li>' in html(client.get("/account/"))


def test_profile_nonsense_changes_nothing(client):
    user = make_account(title="Officer")
    client.force_login(user)

    response = client.post(
        "/account/",
        {"name": "x" * 10_240, "title": "a\x00b", "language": "en", "country": "\x00"},
    )

    assert response.status_code == 200
    assert errors_of(response, "name") == [
        "Ensure this value has at most 200 characters (it has 10240)."
    ]
    assert errors_of(response, "title") == ["Null characters are not allowed."]
    assert errors_of(response, "country") == ["Null characters are not allowed."]
    profile = Profile.objects.get(user=user)
    assert (profile.name, profile.title) == ("Amina Odhiambo", "Officer")


def test_an_account_without_a_profile_can_make_one(client, django_user_model):
    admin = django_user_model.objects.create_superuser("admin", "admin@example.org", "x")
    client.force_login(admin)

    page = client.get("/account/")
    saved = client.post("/account/", {"name": "Site administrator", "language": "fr"})

    assert page.status_code == 200
    assert 'value="admin"' in html(page)
    assert saved.status_code == 302
    assert Profile.objects.get(user=admin).name == "Site administrator"


def test_the_profile_page_costs_a_bounded_number_of_queries(client, django_assert_max_num_queries):
    client.force_login(make_account())
    CityFactory.create_batch(3)

    # The session and the user, the profile, then one query per list offered.
    with django_assert_max_num_queries(6):
        response = client.get("/account/")

    assert response.status_code == 200


# -- the person's data -------------------------------------------------------------------------
def test_downloading_ones_data(client):
    user = make_account()
    event = EventFactory(title="Peer learning", slug="peer-learning")
    Registration.objects.create(
        event=event,
        user=user,
        name="Amina Odhiambo",
        email="amina@example.org",
        consented_at=timezone.now(),
    )
    client.force_login(user)

    response = client.get("/account/data/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="crossroads-account-{timezone.localdate().isoformat()}.json"'
    )
    assert "no-store" in response["Cache-Control"]
    data = json.loads(response.content)
    assert data["account"]["email"] == "amina@example.org"
    assert data["profile"]["name"] == "Amina Odhiambo"
    assert [r["event"]["title"] for r in data["registrations"]] == ["Peer learning"]


def test_the_data_download_asks_visitors_to_sign_in(client):
    response = client.get("/account/data/")

    assert response["Location"] == "/account/login/?next=/account/data/"


# -- closing the account ----------------------------------------------------------------------
def test_closing_the_account_with_a_wrong_password_changes_nothing(client):
    user = make_account()
    client.force_login(user)

    for password, message in [
        ("wrong", "This password is not correct."),
        ("a\x00b", "Null characters are not allowed."),
        ("p" * 10_240, "This password is not correct."),
    ]:
        response = client.post("/account/delete/", {"password": password})
        assert response.status_code == 200
        assert errors_of(response, "password") == [message]

    assert User.objects.filter(pk=user.pk).exists()
    assert signed_in(client)


def test_closing_the_account(client, committing):
    user = make_account()
    registration = Registration.objects.create(
        event=EventFactory(),
        user=user,
        name="Amina Odhiambo",
        email="amina@example.org",
        status="confirmed",
        consented_at=timezone.now(),
    )
    client.force_login(user)
    assert h1(client.get("/account/delete/")) == "Close your account"

    response = committing(client.post, "/account/delete/", {"password": PASSWORD})

    assert (response.status_code, response["Location"]) == (302, "/account/deleted/")
    assert not signed_in(client)
    assert (User.objects.count(), Profile.objects.count()) == (0, 0)
    registration.refresh_from_db()
    assert (registration.user, registration.name, registration.email) == (None, "", "")
    assert h1(client.get("/account/deleted/")) == "Your account is closed"
    failed = client.post("/account/login/", {"username": "amina@example.org", "password": PASSWORD})
    assert form_errors(failed) == [BAD_LOGIN]


def test_an_administrator_is_told_why_their_account_stays(client, django_user_model):
    admin = django_user_model.objects.create_superuser("admin", "admin@example.org", PASSWORD)
    client.force_login(admin)

    response = client.post("/account/delete/", {"password": PASSWORD})

    assert form_errors(response) == [
        "A site administrator's account is closed by another administrator."
    ]
    assert django_user_model.objects.filter(pk=admin.pk).exists()


# -- the privacy notice ------------------------------------------------------------------------
def test_the_privacy_notice_states_the_retention_period(
    client, settings, django_assert_num_queries
):
    settings.REGISTRATION_RETENTION_DAYS = 45

    with django_assert_num_queries(0):
        response = client.get("/privacy/")

    assert response.status_code == 200
    page = html(response)
    assert h1(response) == "Privacy notice"
    assert "45 days after the event ends, we erase your name, email address" in page
    assert "the editors of the event" in page
    assert "the secretariat of the network" in page
    assert '<a href="/account/data/">Download your data</a>' in page
    assert '<a href="/account/delete/">Close your account</a>' in page


def test_the_public_account_pages_cost_no_query(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        for path in ["/account/signup/sent/", "/account/verify/again/", "/account/deleted/"]:
            assert client.get(path).status_code == 200
