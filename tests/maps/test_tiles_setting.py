"""The map's tiles are configured: ``CROSSROADS_MAP_TILES`` (OpenStreetMap's by default)
and ``CROSSROADS_MAP_ATTRIBUTION``."""

import pytest

from crossroads import config
from crossroads.config import ConfigError


@pytest.fixture
def environ(tmp_path):
    return {"CROSSROADS_DATA_DIR": str(tmp_path / "data")}


def test_openstreetmap_by_default(environ):
    values = config.load(environ)

    assert values["MAP_TILES"] == "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    assert values["MAP_ATTRIBUTION"] == "© OpenStreetMap contributors"


@pytest.mark.parametrize(
    "url",
    [
        "https://{s}.tiles.example.org/{z}/{x}/{y}{r}.png",
        "http://127.0.0.1:8080/tiles/{z}/{x}/{y}.png",
        "/tiles/{z}/{x}/{y}.png",
    ],
)
def test_a_tile_server_of_ones_own(environ, url):
    values = config.load(
        {**environ, "CROSSROADS_MAP_TILES": url, "CROSSROADS_MAP_ATTRIBUTION": "© Us"}
    )

    assert (values["MAP_TILES"], values["MAP_ATTRIBUTION"]) == (url, "© Us")


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        (
            "javascript:alert(1)//{z}/{x}/{y}",
            "expected an address starting with https://, http:// or /",
        ),
        ("tiles/{z}/{x}/{y}.png", "expected an address starting with https://, http:// or /"),
        ("https://tiles.example.org/{z}/{x}.png", "the address must hold {y}"),
        ("https://tiles.example.org/tile.png", "the address must hold {z}, {x}, {y}"),
    ],
)
def test_an_address_without_its_place_holders_is_refused_naming_the_variable(environ, url, reason):
    with pytest.raises(ConfigError) as error:
        config.load({**environ, "CROSSROADS_MAP_TILES": url})

    assert str(error.value) == f"CROSSROADS_MAP_TILES={url!r} is not valid: {reason}."
