"""Property-based tests of the whole API: schemathesis generates requests from
/api/openapi.json (reads anonymously, writes with an editor's token) and checks every
answer against it. Offline: requests go straight to the WSGI application, over data made
first, with a bounded number of examples per operation.

The fast suite runs 20 examples per operation; for a deeper run set
``CROSSROADS_SCHEMATHESIS_EXAMPLES``, e.g.
``CROSSROADS_SCHEMATHESIS_EXAMPLES=500 pytest tests/api/test_schemathesis.py``.
"""

import datetime as dt
import os

import pytest
import schemathesis
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from crossroads.accounts.models import Role
from crossroads.accounts.roles import grant_role
from crossroads.api.services import issue_token
from crossroads.search.bitmaps import current_index
from crossroads.wsgi import application
from tests.content.builders import build_world, full_event, full_resource, full_story
from tests.factories import (
    ItemActorFactory,
    MembershipFactory,
    OrganisationFactory,
    StoryFactory,
)

EXAMPLES = int(os.environ.get("CROSSROADS_SCHEMATHESIS_EXAMPLES", "20"))

CHECKS = (
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
)


@pytest.fixture
def connection_kept():
    """Requests go to the WSGI application, which closes the database connection after
    each (the test's transaction with it); keep it open, as Django's test client does."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def content(db, connection_kept):
    world = build_world()
    event = full_event(
        world, title="Water forum", slug="water-forum", start_date=dt.date(2031, 5, 6)
    )
    full_event(world, title="Child event", parent=event)
    full_story(world, title="Water for all").events.add(event)
    full_resource(world, title="Water guide")
    MembershipFactory(city=world.city)
    current_index()


# Loaded when the tests are collected: the document is built without the database.
schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)


@pytest.mark.django_db
@schema.include(method="GET").parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_reads_keep_to_the_schema(case, content):
    # The WSGI transport does not decompress: ask for the body as it is.
    case.call_and_validate(checks=CHECKS, headers={"Accept-Encoding": "identity"})


@pytest.fixture
def editor_key(content):
    """An editor's token; the editor's organisation publishes the story "editable"."""
    cache.clear()
    ours = OrganisationFactory(slug="ours")
    ItemActorFactory(item=StoryFactory(slug="editable"), organisation=ours, role="publisher")
    user = get_user_model().objects.create_user("e@example.org", "e@example.org", "x")
    grant_role(user=user, role=Role.EDITOR, organisation=ours, by=None)
    yield issue_token(user=user, name="Schemathesis")[1]
    cache.clear()


@pytest.mark.django_db
@schema.exclude(method="GET").parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_writes_keep_to_the_schema(case, editor_key):
    """Every write, with the editor's token, on the item it may edit (the reads try other
    addresses); the rate limit of writes is lifted between examples."""
    cache.clear()
    case.path_parameters = {**(case.path_parameters or {}), "slug": "editable"}
    case.call_and_validate(
        checks=CHECKS,
        headers={"Accept-Encoding": "identity", "Authorization": f"Bearer {editor_key}"},
    )
