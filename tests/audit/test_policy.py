"""Every field of every audited model has an explicit decision, and personal fields are
hidden, including everything anonymisation erases."""

import pytest
from django.apps import apps

from crossroads.audit.policy import POLICIES
from crossroads.events.services import ERASED_FIELDS


@pytest.mark.parametrize("label", sorted(POLICIES))
def test_every_stored_field_is_shown_hidden_or_skipped_once(label):
    policy = POLICIES[label]
    model = apps.get_model(label)
    stored = {field.name for field in model._meta.concrete_fields}
    decided = [*policy.shown, *policy.hidden, *policy.skipped]

    assert sorted(decided) == sorted(stored)


@pytest.mark.parametrize("label", sorted(POLICIES))
def test_every_link_is_recorded_here_or_by_its_own_audited_table(label):
    policy = POLICIES[label]
    model = apps.get_model(label)
    for field in model._meta.many_to_many:
        through = field.remote_field.through
        if through._meta.auto_created:
            assert field.name in policy.m2m
        else:
            assert field.name not in policy.m2m
            assert through._meta.label in POLICIES


def test_what_anonymisation_erases_is_never_shown():
    registration = POLICIES["events.Registration"]

    assert set(ERASED_FIELDS) <= set(registration.hidden)
    assert registration.private is True


@pytest.mark.parametrize(
    ("label", "hidden"),
    [
        ("events.Registration", {"user", "name", "email", "organisation", "title", "city"}),
        ("engagement.Signature", {"name", "title", "email"}),
        ("engagement.Invitation", {"email"}),
        ("directory.Person", {"name", "bio"}),
        ("auth.User", {"password"}),
        ("api.ApiToken", {"key_hash"}),
    ],
)
def test_personal_and_secret_fields_are_hidden(label, hidden):
    assert hidden <= set(POLICIES[label].hidden)


def test_derived_data_sessions_and_the_log_are_not_audited():
    audited_apps = {label.split(".")[0] for label in POLICIES}

    assert audited_apps.isdisjoint({"search", "matching", "sessions", "audit", "admin"})
    assert "accounts.Profile" not in POLICIES
