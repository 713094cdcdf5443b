import pytest


@pytest.fixture(autouse=True)
def _site_url(settings):
    """Feeds and calendars give addresses on the site's public address."""
    settings.SITE_URL = "https://crossroads.example"
