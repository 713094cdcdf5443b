"""Property-based tests of the read operations: schemathesis generates requests from
/api/openapi.json and checks every answer against it. Offline: requests go straight to
the WSGI application, over data made first, with a bounded number of examples."""

import datetime as dt

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from crossroads.search.bitmaps import current_index
from crossroads.wsgi import application
from tests.content.builders import build_world, full_event, full_resource, full_story
from tests.factories import MembershipFactory

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
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_reads_keep_to_the_schema(case, content):
    # The WSGI transport does not decompress: ask for the body as it is.
    case.call_and_validate(checks=CHECKS, headers={"Accept-Encoding": "identity"})
