"""Rate limits counted in the cache: per action and client, atomically, per window."""

from unittest import mock

import pytest
from django.core.cache import cache
from django.test import RequestFactory

from crossroads.content import ratelimit


def test_a_client_is_refused_once_over_the_limit_and_stays_refused():
    results = [ratelimit.hit("sign", "203.0.113.9", limit=3, window=60) for _ in range(5)]

    assert results == [True, True, True, False, False]


def test_actions_and_clients_are_counted_apart():
    for _ in range(2):
        ratelimit.hit("sign", "a@example.org", limit=2, window=60)

    assert ratelimit.hit("sign", "a@example.org", limit=2, window=60) is False
    assert ratelimit.hit("sign", "b@example.org", limit=2, window=60) is True
    assert ratelimit.hit("register", "a@example.org", limit=2, window=60) is True
    # Emails are one client whatever their case or spaces.
    assert ratelimit.hit("sign", " A@Example.org ", limit=2, window=60) is False


def test_a_new_window_starts_when_the_key_expires():
    ratelimit.hit("sign", "c", limit=1, window=60)
    assert ratelimit.hit("sign", "c", limit=1, window=60) is False

    ratelimit.reset("sign", "c", window=60)

    assert ratelimit.hit("sign", "c", limit=1, window=60) is True


def test_a_key_expiring_between_add_and_incr_starts_a_new_window():
    calls = []
    real_incr = cache.incr

    def incr(key, delta=1):
        if not calls:
            calls.append(key)
            cache.delete(key)  # the window ends right after ``add``
        return real_incr(key, delta)

    with mock.patch.object(cache, "incr", side_effect=incr):
        assert ratelimit.hit("sign", "d", limit=1, window=60) is True


def test_clients_are_not_written_into_the_cache_keys():
    key = ratelimit._key("sign", "person@example.org", 60)

    assert "person" not in key and "example" not in key


# -- the rules ----------------------------------------------------------------------------
def test_every_rule_counts_a_known_kind_of_client_in_a_positive_window():
    kinds = {ratelimit.ADDRESS, ratelimit.EMAIL, ratelimit.TOKEN}

    for name, rule in ratelimit.RULES.items():
        assert rule.counts in kinds, name
        assert rule.limit > 0 and rule.window > 0, name


def test_enforce_raises_once_over_the_rule_and_says_when_to_retry(monkeypatch):
    monkeypatch.setitem(ratelimit.RULES, "login-email", ratelimit.Rule(2, 900, ratelimit.EMAIL))
    ratelimit.enforce("login-email", "a@example.org")
    ratelimit.enforce("login-email", "A@example.org")

    with pytest.raises(ratelimit.Exceeded) as raised:
        ratelimit.enforce("login-email", "a@example.org ")

    assert (raised.value.rule, raised.value.retry_after) == ("login-email", 900)


def test_only_address_rules_may_decorate_a_view():
    with pytest.raises(ValueError):
        ratelimit.limited("login-email")


# -- the client's address -----------------------------------------------------------------
@pytest.mark.parametrize(
    ("proxies", "header", "expected"),
    [
        (0, "198.51.100.7", "10.0.0.1"),  # no proxy: the header is anyone's to write
        (1, "198.51.100.7", "198.51.100.7"),
        (1, "6.6.6.6, 198.51.100.7", "198.51.100.7"),  # the client wrote the first
        (2, "6.6.6.6, 198.51.100.7, 10.0.0.9", "198.51.100.7"),
        (1, " 2001:db8::1 ", "2001:db8::1"),
        (2, "198.51.100.7", "10.0.0.1"),  # fewer entries than proxies
        (1, "", "10.0.0.1"),
        (1, "not-an-address", "10.0.0.1"),
        (1, "198.51.100.7, ", "10.0.0.1"),
        (2, "198.51.100.7, <script>", "10.0.0.1"),
    ],
)
def test_the_address_is_read_that_many_places_from_the_end(settings, proxies, header, expected):
    settings.PROXY_COUNT = proxies
    request = RequestFactory().post("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=header)

    assert ratelimit.client_address(request) == expected


def test_without_the_header_the_address_is_the_servers(settings):
    settings.PROXY_COUNT = 1

    assert ratelimit.client_address(RequestFactory().get("/", REMOTE_ADDR="10.0.0.1")) == (
        "10.0.0.1"
    )
