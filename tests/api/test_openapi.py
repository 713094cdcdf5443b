"""The OpenAPI document: valid, and unchanged unless the change is meant.

After an intended change to the API, refresh the snapshot and review its diff:

    CROSSROADS_UPDATE_SNAPSHOT=1 .venv/bin/pytest tests/api/test_openapi.py
"""

import json
import os
from pathlib import Path

import pytest
from openapi_spec_validator import validate

SNAPSHOT = Path(__file__).with_name("openapi.snapshot.json")


@pytest.fixture
def document(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    return json.loads(response.content)


def test_the_document_is_valid_openapi(document):
    validate(document)

    assert document["openapi"].startswith("3.")
    assert document["info"]["title"] == "Crossroads API"


def test_the_document_matches_the_snapshot(document):
    text = json.dumps(document, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    if os.environ.get("CROSSROADS_UPDATE_SNAPSHOT") == "1":
        SNAPSHOT.write_text(text, encoding="utf-8")
    assert text == SNAPSHOT.read_text(encoding="utf-8"), (
        "The API changed. If this is intended, refresh the snapshot with "
        "CROSSROADS_UPDATE_SNAPSHOT=1 and commit it with the change."
    )


def test_every_operation_is_documented_with_its_errors(document):
    operations = {
        (method.upper(), path) for path, methods in document["paths"].items() for method in methods
    }
    assert operations == {
        ("GET", "/api/items/"),
        ("GET", "/api/events/"),
        ("GET", "/api/stories/"),
        ("GET", "/api/resources/"),
        ("GET", "/api/items/{slug}"),
        ("PATCH", "/api/items/{slug}"),
        ("POST", "/api/items/{slug}/status"),
        ("GET", "/api/events/{slug}"),
        ("GET", "/api/stories/{slug}"),
        ("GET", "/api/resources/{slug}"),
        ("GET", "/api/organisations/"),
        ("GET", "/api/organisations/{slug}"),
        ("GET", "/api/cities/"),
        ("GET", "/api/cities/{slug}"),
        ("GET", "/api/networks/"),
        ("GET", "/api/networks/{slug}"),
        ("GET", "/api/topics/"),
        ("GET", "/api/topics/{slug}"),
        ("GET", "/api/frameworks/"),
        ("GET", "/api/frameworks/{code}"),
        ("GET", "/api/campaigns/"),
        ("GET", "/api/campaigns/{slug}"),
        ("GET", "/api/campaigns/{slug}/signatories"),
    }
    writes = document["paths"]["/api/items/{slug}/status"]["post"]
    assert writes["security"] == [{"TokenAuth": []}]
    assert sorted(writes["responses"]) == ["200", "400", "401", "403", "404", "429"]
    assert document["components"]["securitySchemes"] == {
        "TokenAuth": {"type": "http", "scheme": "bearer"}
    }
