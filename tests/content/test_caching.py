"""What the site tells browsers and caches: pages are kept by the visitor's browser only
and asked for again each time; static files under fingerprinted names are kept for good."""

import re

import pytest
from django.core.management import call_command
from django.test import Client

from crossroads.content.caching import PAGE_CACHE_CONTROL
from crossroads.engagement.surveys.services import answer_url
from tests.engagement.conftest import make_survey
from tests.factories import CityFactory, EventFactory, MembershipFactory, NetworkFactory

pytestmark = pytest.mark.django_db


def test_pages_are_private_and_asked_for_again(client):
    event = EventFactory(slug="forum")

    for url in ("/", event.get_absolute_url(), "/search/?q=forum", "/map/", "/no/such/page/"):
        response = client.get(url)
        assert response["Cache-Control"] == PAGE_CACHE_CONTROL == "private, no-cache", url


def test_a_view_that_says_otherwise_keeps_its_own_header(client):
    from crossroads.engagement.models import Invitation

    network = NetworkFactory(slug="hmln")
    city = CityFactory(slug="irbid")
    MembershipFactory(network=network, city=city, organisation=None)
    invitation = Invitation.objects.create(
        survey=make_survey(network, 2024), city=city, email="irbid@example.org"
    )

    answer = client.get(answer_url(invitation))  # never_cache: a municipality's answers
    data = client.get("/map/data.geojson")

    assert answer["Cache-Control"] == "max-age=0, no-cache, no-store, must-revalidate, private"
    assert data["Cache-Control"] == "no-cache"


def test_collected_static_files_have_fingerprinted_names_kept_for_good(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    client = Client()  # a new handler: WhiteNoise reads the collected files

    page = client.get("/").content.decode()
    (stylesheet,) = re.findall(r'href="(/static/crossroads/site\.[0-9a-f]{12}\.css)"', page)
    response = client.get(stylesheet, HTTP_ACCEPT_ENCODING="gzip")

    assert response.status_code == 200
    assert response["Cache-Control"] == "max-age=315360000, public, immutable"
    assert response["Content-Encoding"] == "gzip"
    b"".join(response.streaming_content)
    response.close()
