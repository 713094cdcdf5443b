"""Rate limits counted in the cache: per action and client, atomically, per window."""

from unittest import mock

import pytest
from django.core.cache import cache

from crossroads.content import ratelimit


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


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
