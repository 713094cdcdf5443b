"""Every public page of the demo stays under 60 KB transferred: HTML, CSS and JavaScript,
compressed as they are sent (uploaded images excluded)."""

import gzip
import re

import pytest
from django.contrib.staticfiles import finders

from crossroads.demo.queries import public_urls
from crossroads.demo.services import load_demo

BUDGET = 60 * 1024
ASSET = re.compile(r'<(?:link[^>]+href|script[^>]+src)="(/static/[^"]+)"')


def transferred_size(client, url: str, cache: dict[str, int]) -> int:
    response = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200, url
    assert response["Content-Encoding"] == "gzip", url
    html = gzip.decompress(response.content).decode()
    size = len(response.content)
    for asset in ASSET.findall(html):
        if asset not in cache:
            path = finders.find(asset.removeprefix("/static/"))
            assert path, f"{asset} linked from {url} does not exist"
            with open(path, "rb") as handle:
                cache[asset] = len(gzip.compress(handle.read()))
        size += cache[asset]
    return size


@pytest.mark.django_db
def test_every_demo_page_is_under_60_kb(client):
    load_demo()
    assets: dict[str, int] = {}
    sizes = {url: transferred_size(client, url, assets) for url in public_urls()}
    assert len(sizes) > 200, "the demo's pages are all measured"
    heavy = {url: size for url, size in sizes.items() if size > BUDGET}
    assert heavy == {}, f"pages over {BUDGET} bytes: {heavy}"
