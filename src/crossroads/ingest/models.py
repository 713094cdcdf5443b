"""Where imported drafts came from, and what the editors decided about them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from crossroads.content.models import Item
from crossroads.ingest.pages import Page
from crossroads.ingest.records import Extraction, PlaceMatch, Span
from crossroads.library.models import Resource


class ReviewStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for review")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")


class Relation(models.TextChoices):
    """What the import did to its item."""

    CREATED = "created", _("Created the item")
    SOURCE = "source", _("Another source of the item")
    TRANSLATION = "translation", _("Added a translation")


class Source(models.Model):
    """One imported page: where it was read (``location``, the page's own source: a file
    or feed holding several pages gives each its own, ``file.ics#2`` or an entry's link),
    the bytes it was read from, what was read in them, and the draft item (or
    translation) it became.

    Everything the extractor said is kept (the record, per-field confidence and
    evidence, what names resolved to, the text), so that the review page can show it and
    ``services.split`` can make a draft again from it alone.

    A rejected import is remembered by keeping its row: its item is deleted (or, for a
    linked source, left alone) and ``item`` is set to NULL, while ``content_hash`` and
    ``text`` stay, so that importing the same bytes again is reported as rejected before
    rather than made into a draft again. Only rejected rows have no item.

    The same page from the same bytes is imported once: ``ingest_source_unique_page``
    makes the database refuse a second row that is not rejected, even when two imports
    run at the same moment.
    """

    item = models.ForeignKey(
        Item,
        verbose_name=_("item"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="sources",
    )
    relation = models.CharField(_("relation"), max_length=12, choices=Relation.choices)
    location = models.CharField(_("read from"), max_length=1000, db_index=True)
    canonical = models.CharField(
        _("its own address"),
        max_length=1000,
        blank=True,
        db_index=True,
        help_text=_("The address the page states as its own (a canonical link), if any."),
    )
    fetched_at = models.DateTimeField(_("read at"))
    content_hash = models.CharField(
        _("content hash"), max_length=64, db_index=True, help_text=_("SHA-256 of the bytes read.")
    )
    content_type = models.CharField(_("content type"), max_length=100, blank=True)
    language = models.CharField(_("language"), max_length=8)
    text = models.TextField(_("text read"))
    record = models.JSONField(_("record"))
    confidence = models.JSONField(_("confidence"), default=dict, blank=True)
    evidence = models.JSONField(
        _("evidence"),
        default=dict,
        blank=True,
        help_text=_("Field → [[start, end], …] in the text."),
    )
    organisations = models.JSONField(
        _("organisations named"),
        default=dict,
        blank=True,
        help_text=_("Name → organisation id, or null for one the directory lacks."),
    )
    places = models.JSONField(
        _("places named"),
        default=dict,
        blank=True,
        help_text=_("Name → {country, city_id, geonameid}."),
    )
    summary = models.TextField(_("summary read"), blank=True)
    body = models.TextField(_("body read"), blank=True)
    timezone = models.CharField(_("time zone stated"), max_length=64, blank=True)
    resources = models.ManyToManyField(
        Resource,
        verbose_name=_("documents created"),
        blank=True,
        related_name="+",
        help_text=_("Drafts made for its documents, deleted if it is rejected."),
    )
    status = models.CharField(
        _("review"), max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.PENDING
    )
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("imported at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("imported page")
        verbose_name_plural = _("imported pages")
        indexes = [models.Index(fields=["status", "-created_at"], name="ingest_source_queue")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status=ReviewStatus.REJECTED, item__isnull=True)
                | (~Q(status=ReviewStatus.REJECTED) & Q(item__isnull=False)),
                name="ingest_source_item_unless_rejected",
                violation_error_message=_("Only a rejected import has no item."),
            ),
            models.CheckConstraint(
                condition=Q(status=ReviewStatus.PENDING, reviewed_at__isnull=True)
                | (~Q(status=ReviewStatus.PENDING) & Q(reviewed_at__isnull=False)),
                name="ingest_source_reviewed_when_decided",
                violation_error_message=_("A decided import has its review date."),
            ),
            models.UniqueConstraint(
                fields=["content_hash", "location"],
                condition=~Q(status=ReviewStatus.REJECTED),
                name="ingest_source_unique_page",
                violation_error_message=_("This page was imported from these bytes before."),
            ),
        ]

    def __str__(self) -> str:
        return self.title or self.location

    @property
    def title(self) -> str:
        return self.record.get("title") or ""

    @property
    def kind(self) -> str:
        return self.record.get("kind") or ""

    def extraction(self) -> Extraction:
        """The extraction this import was made from, as the extractor gave it."""
        return Extraction(
            page=Page(
                source=self.location,
                text=self.text,
                language=self.language,
                facts={"url": self.canonical} if self.canonical else {},
            ),
            record=self.record,
            language=self.language,
            confidence=dict(self.confidence),
            evidence={
                field: [Span(start, end) for start, end in spans]
                for field, spans in self.evidence.items()
            },
            organisations=dict(self.organisations),
            places={name: PlaceMatch(name=name, **match) for name, match in self.places.items()},
            summary=self.summary,
            body=self.body,
            timezone=self.timezone or None,
        )
