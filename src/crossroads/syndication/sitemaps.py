"""The sitemap: every published item (with its last change) and every page of the directory
and the vocabularies, with Django's sitemaps framework.

``/sitemap.xml`` is always an index of sections (``/sitemap-items.xml``…); a section of
more than 50,000 addresses is split into pages (``?p=2``), each listed in the index.
Addresses are on the host the sitemap is read from, as the sitemap protocol requires.
Each page of a section costs two queries (its count and its rows) whatever its size.
"""

from __future__ import annotations

from functools import partial

from django.contrib.sitemaps import Sitemap
from django.db.models import Max

from crossroads.content.links import url_for
from crossroads.content.models import Item
from crossroads.directory.models import City, Network, Organisation
from crossroads.taxonomy.models import Framework, Topic


class ItemSitemap(Sitemap):
    """Published items (not drafts, nor those scheduled for later)."""

    def items(self):
        return Item.objects.published().order_by("pk").only("pk", "kind", "slug", "updated_at")

    def lastmod(self, item: Item):
        return item.updated_at

    def get_latest_lastmod(self):
        # Django's default reads every item; the database finds the latest at once.
        return Item.objects.published().aggregate(latest=Max("updated_at"))["latest"]


class ModelSitemap(Sitemap):
    """Every row of a directory or vocabulary table (all are public), by its address."""

    def __init__(self, model, *fields: str):
        super().__init__()
        self.model, self.fields = model, fields

    def items(self):
        return self.model.objects.order_by("pk").only("pk", *self.fields)


class ListSitemap(Sitemap):
    """The site's lists: where each kind of item and each part of the directory starts."""

    PAGES = (
        "home",
        "events:list",
        "news:list",
        "library:list",
        "directory:organisations",
        "directory:cities",
        "directory:networks",
        "taxonomy:topics",
        "taxonomy:frameworks",
    )

    def items(self):
        return list(self.PAGES)

    def location(self, name: str) -> str:
        return url_for(name)


#: The sections, each made anew for each request (Django's views call them).
SITEMAPS = {
    "pages": ListSitemap,
    "items": ItemSitemap,
    "organisations": partial(ModelSitemap, Organisation, "slug"),
    "cities": partial(ModelSitemap, City, "slug"),
    "networks": partial(ModelSitemap, Network, "slug"),
    "topics": partial(ModelSitemap, Topic, "slug"),
    "frameworks": partial(ModelSitemap, Framework, "code"),
}
