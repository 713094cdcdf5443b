"""The world the permission matrices are played in: organisations A and B, network N whose
member is A, a draft event (with a session) by each organisation, and one person per role.

Each test module makes its own with ``build_world()`` and adds what its pages need: for
each test (a fixture calling it), or once for the module inside ``kept_for_the_module``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.test import Client

from crossroads.accounts.models import Role
from crossroads.accounts.roles import grant_role
from crossroads.content.models import Status
from crossroads.directory.models import Network, Organisation
from tests.factories import (
    EventFactory,
    ItemActorFactory,
    MembershipFactory,
    NetworkFactory,
    OrganisationFactory,
    SessionFactory,
)

ROLES = ("visitor", "participant", "staff", "editor_a", "editor_b", "secretariat", "admin")


@dataclass
class World:
    org_a: Organisation
    org_b: Organisation
    network: Network
    users: dict
    items: dict
    admin_client: Client

    def client(self, role: str) -> Client:
        client = Client()
        if role != "visitor":
            client.force_login(self.users[role])
        return client


def make_user(name: str, **flags):
    return get_user_model().objects.create_user(
        username=name, email=f"{name}@example.org", password="x", **flags
    )


def drafted_by(organisation, factory=EventFactory, **fields):
    item = factory(status=Status.DRAFT, published_at=None, **fields)
    ItemActorFactory(item=item, organisation=organisation)
    return item


def build_world() -> World:
    org_a, org_b = OrganisationFactory(name="Org A"), OrganisationFactory(name="Org B")
    network = NetworkFactory(name="Network N")
    MembershipFactory(network=network, city=None, organisation=org_a)
    users = {
        "visitor": AnonymousUser(),
        "participant": make_user("participant"),
        "staff": make_user("staff", is_staff=True),
        "editor_a": make_user("editor_a"),
        "editor_b": make_user("editor_b"),
        "secretariat": make_user("secretariat"),
        "admin": make_user("admin", is_staff=True, is_superuser=True),
    }
    grant_role(user=users["editor_a"], role=Role.EDITOR, organisation=org_a, by=None)
    grant_role(user=users["editor_b"], role=Role.EDITOR, organisation=org_b, by=None)
    grant_role(user=users["secretariat"], role=Role.SECRETARIAT, network=network, by=None)
    event_a, event_b = drafted_by(org_a, title="Event of A"), drafted_by(org_b, title="Event of B")
    items = {
        "A": event_a,
        "B": event_b,
        "session of A": SessionFactory(event=event_a),
        "session of B": SessionFactory(event=event_b),
    }
    admin_client = Client()
    admin_client.force_login(users["admin"])
    return World(org_a, org_b, network, users, items, admin_client)


@contextmanager
def kept_for_the_module(django_db_blocker) -> Iterator[None]:
    """Rows made inside are kept for a module's tests and undone after its last one, as
    Django's ``setUpTestData`` does: each test runs in a savepoint of this transaction, so
    what one test changes is gone for the next."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield
        transaction.set_rollback(True)


#: What no refused request may change: every table but the sessions.
UNWATCHED = {"sessions.session"}


def snapshot(unwatched: frozenset[str] = frozenset()) -> dict:
    """Every row of every table (but ``UNWATCHED`` and ``unwatched``), to compare."""
    return {
        model._meta.label_lower: list(model.objects.order_by("pk").values_list())
        for model in apps.get_models()
        if model._meta.managed and model._meta.label_lower not in UNWATCHED | unwatched
    }


def changed(before: dict, unwatched: frozenset[str] = frozenset()) -> list[str]:
    """The tables whose rows differ from ``before`` (a ``snapshot()``)."""
    after = snapshot(unwatched)
    return sorted(label for label, rows in after.items() if before.get(label) != rows)
