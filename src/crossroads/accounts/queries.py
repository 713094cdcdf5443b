"""Reads about one account, with their joins decided once."""

from __future__ import annotations

from django.db.models import QuerySet

from crossroads.accounts.models import Grant, Profile
from crossroads.events.models import Registration


def profile_of(user) -> Profile | None:
    """The account's profile with the places and organisation it names (None for an
    account made without one, such as by ``createsuperuser``)."""
    return (
        Profile.objects.select_related("organisation", "city__country", "country")
        .filter(user=user)
        .first()
    )


def registrations_of(user) -> QuerySet:
    """The registrations made with this account, with their events, oldest first."""
    return Registration.objects.select_related("event", "country").filter(user=user)


def grants_of(user) -> QuerySet:
    """The roles granted to this account, with what each is for."""
    return Grant.objects.select_related("organisation", "network").filter(user=user)
