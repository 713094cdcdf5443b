"""Account services: signing up, confirming the address, the profile, the person's data and
closing the account."""

import datetime as dt
import json

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from crossroads.accounts import services
from crossroads.accounts.models import Grant, Profile
from crossroads.events.models import Registration
from tests.accounts import PASSWORD, after, html_part, link_path, make_account, subjects
from tests.factories import (
    CityFactory,
    CountryFactory,
    EventFactory,
    NetworkFactory,
    OrganisationFactory,
)

pytestmark = pytest.mark.django_db

User = get_user_model()


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run the callbacks (mail) that wait for the transaction to commit."""

    def run(function, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(**kwargs)

    return run


def sign_up(**fields):
    return services.create_account(
        **{
            "email": "amina@example.org",
            "password": PASSWORD,
            "name": "Amina Odhiambo",
            "language": "en",
            **fields,
        }
    )


def token_in(message) -> str:
    return link_path(message, "/account/verify/").split("/")[3]


# -- create_account --------------------------------------------------------------------
def test_signing_up_opens_an_inactive_account_and_mails_the_link(commit):
    kisumu = CityFactory(name="Kisumu")
    county = OrganisationFactory(name="Kisumu County")

    user = commit(
        sign_up,
        email="  Amina.Odhiambo@Example.ORG ",
        organisation=county,
        organisation_name="",
        title="Inclusion officer",
        city=kisumu,
        country=kisumu.country,
    )

    user.refresh_from_db()
    assert (user.username, user.email, user.is_active) == (
        "amina.odhiambo@example.org",
        "amina.odhiambo@example.org",
        False,
    )
    assert user.check_password(PASSWORD) is True
    profile = Profile.objects.get(user=user)
    assert (
        profile.name,
        profile.organisation,
        profile.title,
        profile.city,
        profile.country.code,
        profile.language,
        profile.email_verified_at,
    ) == ("Amina Odhiambo", county, "Inclusion officer", kisumu, "KE", "en", None)
    assert profile.privacy_accepted_at is not None
    assert subjects() == ["Confirm your address to open your Crossroads account"]
    assert mail.outbox[0].to == ["amina.odhiambo@example.org"]
    assert "Hello Amina Odhiambo," in mail.outbox[0].body
    assert "The link works for 3 days." in mail.outbox[0].body
    assert services.check_verification_token(token=token_in(mail.outbox[0])) == user


@pytest.mark.parametrize(
    ("language", "opening"),
    [("fr", '<html lang="fr" dir="ltr">'), ("ar", '<html lang="ar" dir="rtl">')],
)
def test_the_link_is_mailed_in_the_chosen_language(commit, language, opening):
    commit(sign_up, language=language)

    [message] = mail.outbox
    assert opening in html_part(message)
    assert translation.get_language() == "en"


TAKEN = "Your address already has a Crossroads account"


def test_an_address_in_use_makes_nothing_and_tells_its_owner_whatever_its_case(commit):
    owner = make_account("amina@example.org", name="Amina Odhiambo", language="fr")

    result = commit(sign_up, email="AMINA@example.ORG", name="Someone Else")

    assert result is None
    assert list(User.objects.values_list("pk", flat=True)) == [owner.pk]
    [message] = mail.outbox
    assert message.to == ["amina@example.org"]
    assert '<html lang="fr" dir="ltr">' in html_part(message)
    assert "Amina Odhiambo" in message.body and "Someone Else" not in message.body
    assert [link_path(message, marker) for marker in ("/login/", "/reset/", "/again/")] == [
        "/account/login/",
        "/account/password/reset/",
        "/account/verify/again/",
    ]


def test_the_owner_is_told_in_english_too(commit):
    make_account("amina@example.org")

    commit(sign_up)

    assert subjects() == [TAKEN]
    assert "tried to open a Crossroads account with this address" in mail.outbox[0].body


def test_an_address_used_by_an_account_with_another_username_is_kept(django_user_model, commit):
    admin = django_user_model.objects.create_superuser("admin", "Amina@Example.org", "x")

    assert commit(sign_up) is None

    assert list(User.objects.values_list("pk", flat=True)) == [admin.pk]
    assert [message.to for message in mail.outbox] == [["Amina@example.org"]]


def test_an_unconfirmed_account_is_kept_while_its_link_works(commit):
    waiting = make_account(verified=False)
    User.objects.filter(pk=waiting.pk).update(date_joined=timezone.now() - dt.timedelta(days=2))

    assert commit(sign_up, name="Someone Else") is None

    assert list(User.objects.values_list("pk", flat=True)) == [waiting.pk]
    assert subjects() == [TAKEN]


def test_an_account_never_confirmed_whose_links_expired_gives_way(commit):
    stale = make_account(verified=False, name="Typo")
    User.objects.filter(pk=stale.pk).update(date_joined=timezone.now() - dt.timedelta(days=4))

    user = commit(sign_up)

    assert list(User.objects.values_list("pk", flat=True)) == [user.pk]
    assert Profile.objects.get().name == "Amina Odhiambo"
    assert subjects() == ["Confirm your address to open your Crossroads account"]


def test_a_confirmed_account_never_gives_way():
    confirmed = make_account()
    User.objects.filter(pk=confirmed.pk).update(date_joined=timezone.now() - dt.timedelta(days=400))

    assert sign_up() is None

    assert list(User.objects.values_list("pk", flat=True)) == [confirmed.pk]


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short", "This password is too short. It must contain at least 8 characters."),
        ("password123", "This password is too common."),
        ("48213957106", "This password is entirely numeric."),
        ("amina.odhiambo", "The password is too similar to the email address."),
        ("wanjiru1978", "The password is too similar to the first name."),
    ],
)
def test_weak_passwords_are_refused(password, message):
    with pytest.raises(ValidationError) as raised:
        sign_up(email="amina.odhiambo@example.org", name="Wanjiru", password=password)

    assert message in raised.value.message_dict["password"]
    assert User.objects.count() == 0


@pytest.mark.parametrize(
    "field", ["email", "password", "name", "language", "organisation_name", "title"]
)
def test_null_characters_are_refused_in_every_field(field):
    values = {
        "email": "amina@example.org",
        "password": PASSWORD,
        "name": "Amina",
        "language": "en",
        "organisation_name": "",
        "title": "",
    }
    values[field] = "a\x00b"

    with pytest.raises(ValidationError) as raised:
        services.create_account(**values)

    assert raised.value.message_dict == {field: ["Null characters are not allowed."]}
    assert (User.objects.count(), Profile.objects.count()) == (0, 0)


def test_values_too_long_or_unknown_are_refused_by_field():
    with pytest.raises(ValidationError) as raised:
        sign_up(
            email="a" * 140 + "@example.org",
            name="n" * 10_000,
            title="t" * 201,
            language="xx",
        )

    assert raised.value.message_dict == {
        "email": ["Use an address of at most 150 characters."],
        "name": ["Ensure this value has at most 200 characters (it has 10000)."],
        "title": ["Ensure this value has at most 200 characters (it has 201)."],
        "language": ["Value 'xx' is not a valid choice."],
    }
    assert User.objects.count() == 0


def test_a_name_is_required():
    with pytest.raises(ValidationError) as raised:
        sign_up(name="   ")

    assert raised.value.message_dict == {"name": ["This field cannot be blank."]}


def test_an_invalid_address_is_refused():
    with pytest.raises(ValidationError) as raised:
        sign_up(email="not an address")

    assert raised.value.message_dict == {"email": ["Enter a valid email address."]}


# -- verify_email ------------------------------------------------------------------------
def test_following_the_link_activates_the_account(commit):
    user = commit(sign_up)
    token = token_in(mail.outbox[0])

    verified = services.verify_email(token=token)

    user.refresh_from_db()
    assert verified == user
    assert user.is_active is True
    assert Profile.objects.get(user=user).email_verified_at is not None


def test_a_link_works_once(commit):
    commit(sign_up)
    token = token_in(mail.outbox[0])
    services.verify_email(token=token)
    confirmed_at = Profile.objects.get().email_verified_at

    with pytest.raises(ValidationError) as raised:
        services.verify_email(token=token)

    assert raised.value.messages == [
        "This link was already used: your address is confirmed. You can sign in."
    ]
    assert Profile.objects.get().email_verified_at == confirmed_at


def test_a_link_expires_after_three_days(commit, monkeypatch):
    commit(sign_up)
    token = token_in(mail.outbox[0])
    after(monkeypatch, dt.timedelta(days=3, seconds=1))

    with pytest.raises(ValidationError) as raised:
        services.verify_email(token=token)

    assert raised.value.messages == ["This confirmation link has expired. Ask for a new one below."]
    assert User.objects.get().is_active is False


def test_a_link_still_works_just_before_three_days(commit, monkeypatch):
    commit(sign_up)
    token = token_in(mail.outbox[0])
    after(monkeypatch, dt.timedelta(days=2, hours=23))

    assert services.verify_email(token=token).is_active is True


INVALID = "This confirmation link is not valid. Check that it was copied whole."


@pytest.mark.parametrize(
    "alter",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),
        lambda token: "x" + token,
        lambda token: token.split(":")[0],
        lambda token: "",
        lambda token: "\x00" * 50,
        lambda token: "z" * 10_000,
    ],
    ids=["tampered", "prefixed", "unsigned", "empty", "nul", "huge"],
)
def test_altered_links_confirm_nothing(commit, alter):
    commit(sign_up)
    token = token_in(mail.outbox[0])

    with pytest.raises(ValidationError) as raised:
        services.verify_email(token=alter(token))

    assert raised.value.messages == [INVALID]
    assert User.objects.get().is_active is False


def test_a_link_signed_for_another_purpose_confirms_nothing(commit):
    from crossroads.events import tokens

    user = commit(sign_up)

    with pytest.raises(ValidationError) as raised:
        services.verify_email(token=tokens.make_token(user.pk, tokens.CONFIRM))

    assert raised.value.messages == [INVALID]


def test_a_link_to_an_address_since_changed_confirms_nothing(commit):
    user = commit(sign_up)
    User.objects.filter(pk=user.pk).update(email="other@example.org")

    with pytest.raises(ValidationError) as raised:
        services.verify_email(token=token_in(mail.outbox[0]))

    assert raised.value.messages == [INVALID]


def test_a_link_to_a_deleted_account_confirms_nothing(commit):
    user = commit(sign_up)
    user.delete()

    with pytest.raises(ValidationError) as raised:
        services.verify_email(token=token_in(mail.outbox[0]))

    assert raised.value.messages == [INVALID]


# -- resend_verification -------------------------------------------------------------------
def test_a_new_link_goes_to_an_account_awaiting_confirmation(commit):
    waiting = make_account(verified=False, language="fr")

    result = commit(services.resend_verification, email=" AMINA@example.org")

    assert result is None
    assert [message.to for message in mail.outbox] == [["amina@example.org"]]
    assert '<html lang="fr" dir="ltr">' in html_part(mail.outbox[0])
    assert services.verify_email(token=token_in(mail.outbox[0])) == waiting


@pytest.mark.parametrize("email", ["amina@example.org", "nobody@example.org", "\x00", "x" * 10_000])
def test_no_link_goes_elsewhere_and_the_answer_is_the_same(commit, email):
    make_account("amina@example.org", verified=True)

    result = commit(services.resend_verification, email=email)

    assert result is None
    assert mail.outbox == []


# -- update_profile ----------------------------------------------------------------------
def test_the_profile_changes_as_asked():
    user = make_account(title="Officer")
    city = CityFactory(name="Gulu", country=CountryFactory(code="UG", name="Uganda"))

    profile = services.update_profile(
        user=user,
        name=" Amina O. ",
        organisation_name="Gulu City Council",
        city=city,
        country=city.country,
        language="ar",
    )

    profile.refresh_from_db()
    assert (
        profile.name,
        profile.organisation_name,
        profile.title,
        profile.city,
        profile.country_id,
        profile.language,
    ) == ("Amina O.", "Gulu City Council", "Officer", city, "UG", "ar")


def test_bad_profile_values_change_nothing():
    user = make_account(title="Officer")

    with pytest.raises(ValidationError) as raised:
        services.update_profile(user=user, name="Amina", title="x\x00y")
    with pytest.raises(ValidationError) as too_long:
        services.update_profile(user=user, name="", title="t" * 10_000)

    assert raised.value.message_dict == {"title": ["Null characters are not allowed."]}
    assert too_long.value.message_dict == {
        "name": ["This field cannot be blank."],
        "title": ["Ensure this value has at most 200 characters (it has 10000)."],
    }
    profile = Profile.objects.get(user=user)
    assert (profile.name, profile.title) == ("Amina Odhiambo", "Officer")


def test_only_profile_fields_can_be_updated():
    user = make_account()

    with pytest.raises(TypeError):
        services.update_profile(user=user, email="else@example.org")

    assert User.objects.get().email == "amina@example.org"


def test_an_account_without_a_profile_gets_one(django_user_model):
    admin = django_user_model.objects.create_superuser("admin", "admin@example.org", "x")

    services.update_profile(user=admin, title="Site administrator")

    profile = Profile.objects.get(user=admin)
    assert (profile.name, profile.title, profile.language) == ("admin", "Site administrator", "en")


# -- the person's data -------------------------------------------------------------------
def registration(event, user, **fields):
    return Registration.objects.create(
        event=event,
        user=user,
        **{
            "name": "Amina Odhiambo",
            "email": "amina@example.org",
            "organisation": "Kisumu County",
            "organisation_kind": "local_government",
            "title": "Inclusion officer",
            "city": "Kisumu",
            "country": CountryFactory(),
            "attendance_mode": "in_person",
            "language": "en",
            "accessibility_needs": "Step-free access",
            "status": "confirmed",
            "consented_at": timezone.now(),
            "confirmed_at": timezone.now(),
            **fields,
        },
    )


def test_the_data_download_holds_the_account_profile_roles_and_registrations():
    county = OrganisationFactory(name="Kisumu County")
    user = make_account(organisation=county, title="Inclusion officer", language="fr")
    network = NetworkFactory(name="Intermediary cities")
    Grant.objects.create(user=user, role="secretariat", network=network)
    event = EventFactory(
        title="Peer learning in Kakuma",
        slug="peer-learning",
        start_date=dt.date(2031, 3, 4),
        end_date=dt.date(2031, 3, 5),
    )
    mine = registration(event, user)
    registration(EventFactory(), None, email="else@example.org", name="Someone else")
    user.refresh_from_db()
    mine.refresh_from_db()
    profile = Profile.objects.get(user=user)

    data = services.export_account_data(user=user)

    assert json.loads(json.dumps(data)) == data
    assert data == {
        "account": {
            "email": "amina@example.org",
            "username": "amina@example.org",
            "joined": user.date_joined.isoformat(),
            "last_sign_in": None,
        },
        "profile": {
            "name": "Amina Odhiambo",
            "organisation": "Kisumu County",
            "organisation_name": "",
            "title": "Inclusion officer",
            "city": None,
            "country": None,
            "language": "fr",
            "email_verified": profile.email_verified_at.isoformat(),
        },
        "roles": [
            {
                "role": "secretariat",
                "organisation": None,
                "network": "Intermediary cities",
                "granted": Grant.objects.get().granted_at.isoformat(),
            }
        ],
        "registrations": [
            {
                "event": {
                    "title": "Peer learning in Kakuma",
                    "dates": "4–5 March 2031",
                    "address": "http://127.0.0.1:8000/events/peer-learning/",
                    "start_date": "2031-03-04",
                    "end_date": "2031-03-05",
                },
                "name": "Amina Odhiambo",
                "email": "amina@example.org",
                "organisation": "Kisumu County",
                "organisation_kind": "local_government",
                "title": "Inclusion officer",
                "city": "Kisumu",
                "country": "Kenya",
                "attendance_mode": "in_person",
                "language": "en",
                "accessibility_needs": "Step-free access",
                "status": "confirmed",
                "registered": mine.created_at.isoformat(),
                "privacy_notice_accepted": mine.consented_at.isoformat(),
                "email_confirmed": None,
                "confirmed": mine.confirmed_at.isoformat(),
                "waitlisted": None,
                "cancelled": None,
                "attended": None,
            }
        ],
    }


def test_an_account_without_profile_or_registrations_downloads_little(django_user_model):
    admin = django_user_model.objects.create_superuser("admin", "admin@example.org", "x")

    data = services.export_account_data(user=admin)

    assert (data["account"]["username"], data["profile"], data["roles"], data["registrations"]) == (
        "admin",
        None,
        [],
        [],
    )


# -- delete_account ------------------------------------------------------------------------
def test_a_wrong_password_closes_nothing():
    user = make_account()
    kept = registration(EventFactory(), user)

    for password in ["wrong", "", "\x00", PASSWORD.upper(), "p" * 10_000]:
        with pytest.raises(ValidationError) as raised:
            services.delete_account(user=user, password=password)
        assert raised.value.message_dict == {"password": ["This password is not correct."]}

    assert User.objects.filter(pk=user.pk).exists()
    assert Profile.objects.filter(user=user).exists()
    kept.refresh_from_db()
    assert (kept.user, kept.name, kept.anonymised_at) == (user, "Amina Odhiambo", None)


def test_closing_the_account_erases_the_person_everywhere(commit):
    user = make_account()
    Grant.objects.create(user=user, role="editor", organisation=OrganisationFactory())
    today = timezone.localdate()
    coming = registration(EventFactory(title="Coming"), user)
    past = registration(
        EventFactory(
            title="Past",
            start_date=today - dt.timedelta(days=10),
            end_date=today - dt.timedelta(days=10),
        ),
        user,
        status="attended",
    )
    someone_else = registration(EventFactory(), None, name="Kept", email="kept@example.org")

    commit(services.delete_account, user=user, password=PASSWORD)

    assert (User.objects.count(), Profile.objects.count(), Grant.objects.count()) == (0, 0, 0)
    for erased, status in [(coming, "cancelled"), (past, "attended")]:
        erased.refresh_from_db()
        assert (
            erased.user,
            erased.name,
            erased.email,
            erased.organisation,
            erased.title,
            erased.city,
            erased.accessibility_needs,
            erased.status,
        ) == (None, "", "", "", "", "", "", status)
        assert erased.anonymised_at is not None
        assert (erased.country_id, erased.organisation_kind) == ("KE", "local_government")
    someone_else.refresh_from_db()
    assert (someone_else.name, someone_else.anonymised_at) == ("Kept", None)
    # The place given up is announced to its holder before the details go.
    assert [message.to for message in mail.outbox] == [["amina@example.org"]]


def test_an_administrator_cannot_close_their_own_account(django_user_model):
    admin = django_user_model.objects.create_superuser("admin", "admin@example.org", PASSWORD)

    with pytest.raises(ValidationError) as raised:
        services.delete_account(user=admin, password=PASSWORD)

    assert raised.value.messages == [
        "A site administrator's account is closed by another administrator."
    ]
    assert django_user_model.objects.filter(pk=admin.pk).exists()


# -- password reset mail -------------------------------------------------------------------
def test_the_password_reset_link_is_mailed_in_the_account_language(commit):
    user = make_account(language="ar")

    commit(services.send_password_reset, user=user, uid="MQ", token="abc-123")

    [message] = mail.outbox
    assert message.subject == "اختر كلمة مرور جديدة لـ Crossroads"
    assert message.to == ["amina@example.org"]
    assert "http://127.0.0.1:8000/account/password/reset/MQ/abc-123/" in message.body
    assert "يعمل الرابط مدة 24 ساعة، ولمرة واحدة فقط." in message.body
    assert '<html lang="ar" dir="rtl">' in html_part(message)
