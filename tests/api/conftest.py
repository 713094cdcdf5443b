import pytest


@pytest.fixture(autouse=True)
def _public_address(settings):
    """Pages are linked by their public address, API addresses by the host called."""
    settings.SITE_URL = "https://crossroads.example"
