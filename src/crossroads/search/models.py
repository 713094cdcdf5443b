"""The search index: one entry per published item, with its facet values.

The text itself lives in the backend's own table (an FTS5 table on SQLite, a ``tsvector``
table on PostgreSQL), created by migration 0002 for the database in use.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from crossroads.content.models import Item
from crossroads.search.text import MAX_WORD


class SearchEntry(models.Model):
    item = models.OneToOneField(
        Item, on_delete=models.CASCADE, primary_key=True, related_name="search_entry"
    )
    kind = models.CharField(_("kind"), max_length=10)
    #: The day the item is about: an event's first day, otherwise its publication day.
    start_date = models.DateField(_("start"))
    #: An event's last day; the publication day for other items.
    end_date = models.DateField(_("end"))
    published_at = models.DateTimeField(_("published"))

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        indexes = [
            models.Index(fields=["start_date"]),
            models.Index(fields=["end_date"]),
            models.Index(fields=["published_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.item_id}"


class SearchFacet(models.Model):
    """One facet value of an entry: ("topic", "housing"), ("country", "KE"), …"""

    entry = models.ForeignKey(SearchEntry, on_delete=models.CASCADE, related_name="facets")
    facet = models.CharField(_("facet"), max_length=16)
    value = models.CharField(_("value"), max_length=140)

    class Meta:
        verbose_name = _("facet value")
        verbose_name_plural = _("facet values")
        indexes = [models.Index(fields=["facet", "value", "entry"])]
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "facet", "value"], name="unique_search_facet_value"
            )
        ]

    def __str__(self) -> str:
        return f"{self.facet}={self.value}"


class SearchPosting(models.Model):
    """The entries holding a term, among the ids of one block (``postings.py``): a
    serialised roaring bitmap."""

    #: The column naming what the entries hold (``postings.py`` serves both tables).
    KEY = "term"

    term = models.CharField(_("term"), max_length=MAX_WORD)
    block = models.PositiveIntegerField(_("block of ids"))
    entries = models.BinaryField(_("entries"))

    class Meta:
        verbose_name = _("term postings")
        verbose_name_plural = _("term postings")
        constraints = [
            models.UniqueConstraint(fields=["block", "term"], name="unique_search_posting")
        ]

    def __str__(self) -> str:
        return f"{self.term} ({self.block})"


class SearchPair(models.Model):
    """The entries holding two terms one after the other ("host communiti"), among the ids
    of one block: what a phrase is matched against (``postings.py``)."""

    KEY = "pair"

    pair = models.CharField(_("pair of terms"), max_length=2 * MAX_WORD + 1)
    block = models.PositiveIntegerField(_("block of ids"))
    entries = models.BinaryField(_("entries"))

    class Meta:
        verbose_name = _("pair postings")
        verbose_name_plural = _("pair postings")
        constraints = [models.UniqueConstraint(fields=["pair", "block"], name="unique_search_pair")]

    def __str__(self) -> str:
        return f"{self.pair} ({self.block})"


class SearchState(models.Model):
    """The index's version: bumped by every transaction that changes the index, with a
    new random token (so that a version number reused after a rollback is told apart)."""

    version = models.PositiveBigIntegerField(_("version"), default=0)
    token = models.CharField(_("token"), max_length=32, blank=True)

    class Meta:
        verbose_name = _("search index state")
        verbose_name_plural = _("search index states")

    def __str__(self) -> str:
        return f"v{self.version}"

    @classmethod
    def current(cls) -> SearchState:
        return cls.objects.filter(pk=1).first() or cls(pk=1)


class SearchLog(models.Model):
    """Which items a version of the index changed (``item`` empty: all of them)."""

    version = models.PositiveBigIntegerField(_("version"), db_index=True)
    token = models.CharField(_("token"), max_length=32)
    item_id = models.BigIntegerField(_("item"), null=True)

    class Meta:
        verbose_name = _("search index change")
        verbose_name_plural = _("search index changes")

    def __str__(self) -> str:
        return f"v{self.version}: {self.item_id or 'all'}"
