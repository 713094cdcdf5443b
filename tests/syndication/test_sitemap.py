"""/sitemap.xml (an index of sections: published items with their last change, the lists,
the directory and the vocabularies) and /robots.txt."""

import xml.etree.ElementTree as ET

import pytest

from crossroads.syndication.sitemaps import ItemSitemap
from tests.factories import (
    CityFactory,
    EventFactory,
    FrameworkFactory,
    NetworkFactory,
    OrganisationFactory,
    ResourceFactory,
    StoryFactory,
    TopicFactory,
)
from tests.syndication.builders import at

pytestmark = pytest.mark.django_db

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
HOST = "http://testserver"
SECTIONS = ["pages", "items", "organisations", "cities", "networks", "topics", "frameworks"]


def xml(response) -> ET.Element:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    return ET.fromstring(response.content)


def entries(root: ET.Element) -> list[tuple[str, str | None]]:
    found = []
    for entry in root:
        lastmod = entry.find("s:lastmod", NS)
        found.append((entry.find("s:loc", NS).text, lastmod.text if lastmod is not None else None))
    return found


def test_the_index_lists_every_section(client):
    story = StoryFactory()
    StoryFactory(status="draft", published_at=None)
    story.refresh_from_db()

    index = entries(xml(client.get("/sitemap.xml")))

    assert [loc for loc, _ in index] == [f"{HOST}/sitemap-{section}.xml" for section in SECTIONS]
    assert dict(index)[f"{HOST}/sitemap-items.xml"] == story.updated_at.isoformat()
    assert dict(index)[f"{HOST}/sitemap-topics.xml"] is None


def test_items_are_the_published_ones_with_their_last_change(client):
    event = EventFactory(slug="forum", published_at=at(2024, 1, 1))
    story = StoryFactory(slug="news-item")
    resource = ResourceFactory(slug="report")
    StoryFactory(slug="draft", status="draft", published_at=None)
    StoryFactory(slug="archived", status="archived")
    StoryFactory(slug="scheduled", published_at=at(2999, 1, 1))

    found = entries(xml(client.get("/sitemap-items.xml")))

    assert found == [
        (f"{HOST}/events/forum/", event.updated_at.date().isoformat()),
        (f"{HOST}/news/news-item/", story.updated_at.date().isoformat()),
        (f"{HOST}/resources/report/", resource.updated_at.date().isoformat()),
    ]


def test_directory_and_vocabularies_are_listed(client):
    OrganisationFactory(slug="unhcr")
    CityFactory(slug="kisumu")
    NetworkFactory(slug="igad-network")
    TopicFactory(slug="inclusion")
    FrameworkFactory(code="GCM")

    def locations(section):
        return [loc for loc, _ in entries(xml(client.get(f"/sitemap-{section}.xml")))]

    assert locations("organisations") == [f"{HOST}/organizations/unhcr/"]
    assert locations("cities") == [f"{HOST}/cities/kisumu/"]
    assert locations("networks") == [f"{HOST}/networks/igad-network/"]
    assert locations("topics") == [f"{HOST}/topics/inclusion/"]
    assert locations("frameworks") == [f"{HOST}/frameworks/GCM/"]
    assert locations("pages") == [
        f"{HOST}{path}"
        for path in (
            "/",
            "/events/",
            "/news/",
            "/resources/",
            "/organizations/",
            "/cities/",
            "/networks/",
            "/topics/",
            "/frameworks/",
        )
    ]


def test_a_large_section_is_split_into_pages_of_the_index(client, monkeypatch):
    monkeypatch.setattr(ItemSitemap, "limit", 2)
    for number in range(5):
        StoryFactory(slug=f"story-{number}")

    index = [loc for loc, _ in entries(xml(client.get("/sitemap.xml")))]

    assert [loc for loc in index if "items" in loc] == [
        f"{HOST}/sitemap-items.xml",
        f"{HOST}/sitemap-items.xml?p=2",
        f"{HOST}/sitemap-items.xml?p=3",
    ]
    third = entries(xml(client.get("/sitemap-items.xml", {"p": "3"})))
    assert [loc for loc, _ in third] == [f"{HOST}/news/story-4/"]


@pytest.mark.parametrize(
    "url", ["/sitemap-unknown.xml", "/sitemap-items.xml?p=9", "/sitemap-items.xml?p=x\x00"]
)
def test_unknown_sections_and_pages_are_not_found(client, url):
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("size", [2, 30])
def test_sitemap_queries_are_bounded(client, django_assert_max_num_queries, size):
    for _ in range(size):
        StoryFactory()
        EventFactory()
        NetworkFactory()

    with django_assert_max_num_queries(8):
        client.get("/sitemap.xml")
    with django_assert_max_num_queries(2):
        found = entries(xml(client.get("/sitemap-items.xml")))
    assert len(found) == 2 * size


def test_robots_txt(client):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    rules = [line for line in response.content.decode().splitlines() if not line.startswith("#")]
    assert rules == [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /i18n/",
        "Disallow: /api/",
        "Allow: /api/docs",
        *[
            rule
            for prefix in ("", "/fr", "/ar")
            for rule in (
                f"Disallow: {prefix}/account/",
                f"Disallow: {prefix}/search/",
                f"Disallow: {prefix}/events/registrations/",
                f"Disallow: {prefix}/events/*/register/",
                f"Disallow: {prefix}/events/*/registrations",
            )
        ],
        "Allow: /",
        "",
        f"Sitemap: {HOST}/sitemap.xml",
    ]
