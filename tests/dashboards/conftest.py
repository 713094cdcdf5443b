import pytest

from tests.dashboards.world import build_world


@pytest.fixture(params=[3, 2024], ids=["seed-3", "seed-2024"])
def world(request, db):
    """A network of 8 items of each kind, from two seeds."""
    return build_world(seed=request.param, size=8)
