"""Item: anything published. Events, stories, resources, campaigns and pledges extend it
one-to-one."""

from __future__ import annotations

from functools import cache

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from crossroads.content.links import url_for
from crossroads.content.text import validate_no_control_characters
from crossroads.directory.models import City, Country, Organisation
from crossroads.taxonomy.models import Framework, Objective, Topic


class Kind(models.TextChoices):
    EVENT = "event", _("Event")
    STORY = "story", _("News")
    RESOURCE = "resource", _("Resource")
    CAMPAIGN = "campaign", _("Campaign")
    PLEDGE = "pledge", _("Pledge")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REVIEW = "review", _("In review")
    PUBLISHED = "published", _("Published")
    ARCHIVED = "archived", _("Archived")


class ActorRole(models.TextChoices):
    ORGANISER = "organiser", _("Organiser")
    HOST = "host", _("Host")
    PARTNER = "partner", _("Partner")
    FUNDER = "funder", _("Funder")
    PUBLISHER = "publisher", _("Publisher")


#: The roles of the organisations an item is "by".
LEAD_ROLES = (ActorRole.ORGANISER, ActorRole.HOST, ActorRole.PUBLISHER)

CONTENT_LANGUAGES = [(code, name) for code, name in settings.LANGUAGES]

#: Item addresses: lowercase letters and digits, single hyphens between words.
SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
SLUG_MESSAGE = _("Use lowercase letters and digits, with single hyphens between words.")


class ItemQuerySet(models.QuerySet):
    def published(self) -> ItemQuerySet:
        """What the public may see: published, and not scheduled for later."""
        return self.filter(status=Status.PUBLISHED, published_at__lte=timezone.now())


class Item(models.Model):
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, editable=False)
    title = models.CharField(
        _("title"), max_length=300, validators=[validate_no_control_characters]
    )
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        unique=True,
        validators=[RegexValidator(SLUG_PATTERN, SLUG_MESSAGE)],
        help_text=_("The item's address: lowercase letters, digits and hyphens."),
    )
    summary = models.TextField(
        _("summary"), max_length=600, blank=True, validators=[validate_no_control_characters]
    )
    body = models.TextField(
        _("body"),
        blank=True,
        help_text=_("Markdown."),
        validators=[validate_no_control_characters],
    )
    language = models.CharField(
        _("language"), max_length=8, choices=CONTENT_LANGUAGES, default="en"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    published_at = models.DateTimeField(_("publication date"), null=True, blank=True)
    featured = models.BooleanField(_("featured"), default=False)
    topics = models.ManyToManyField(
        Topic, verbose_name=_("topics"), blank=True, related_name="items"
    )
    frameworks = models.ManyToManyField(
        Framework, verbose_name=_("frameworks"), blank=True, related_name="items"
    )
    framework_objectives = models.ManyToManyField(
        Objective, verbose_name=_("framework objectives"), blank=True, related_name="items"
    )
    cities = models.ManyToManyField(
        City, verbose_name=_("cities"), blank=True, related_name="items"
    )
    countries = models.ManyToManyField(
        Country, verbose_name=_("countries"), blank=True, related_name="items"
    )
    organisations = models.ManyToManyField(
        Organisation, through="ItemActor", related_name="items", blank=True
    )
    source_url = models.URLField(
        _("source address"), max_length=500, blank=True, help_text=_("Where it was imported from.")
    )
    source_name = models.CharField(_("source"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ItemQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("item")
        verbose_name_plural = _("items")
        indexes = [models.Index(fields=["kind", "status", "published_at"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=Status.PUBLISHED) | Q(published_at__isnull=False),
                name="item_published_has_date",
                violation_error_message=_("A published item needs a publication date."),
            ),
            models.CheckConstraint(
                condition=Q(slug__regex=SLUG_PATTERN),
                name="item_slug_format",
                violation_error_message=SLUG_MESSAGE,
            ),
        ]

    #: Set by each kind (Event, Story, Resource); the base table records it in ``kind``.
    item_kind: str = ""
    #: Set by each kind: its field naming its type (``type_label``).
    type_field: str = ""

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        self.kind = type(self).item_kind or self.kind
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return url_for(f"{URL_NAMESPACES[self.kind]}:detail", self.slug)

    @property
    def is_public(self) -> bool:
        return (
            self.status == Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @property
    def type_label(self) -> str:
        """The name of the type of this Event, Story or Resource. (``get_FOO_display``
        translates every choice to find one: a list of cards paid for that.)"""
        value = getattr(self, self.type_field)
        return str(_choices(type(self), self.type_field).get(value, value))

    @property
    def specific(self) -> Item:
        """The Event, Story or Resource this item is (selected together in lists)."""
        if type(self).item_kind:
            return self
        return getattr(self, SPECIFIC_ACCESSORS[self.kind])

    # Organisations by role. Pages prefetch them into ``prefetched_actors``
    # (see ``queries.actors_prefetch``).
    @property
    def actor_list(self) -> list[ItemActor]:
        prefetched = getattr(self, "prefetched_actors", None)
        if prefetched is not None:
            return prefetched
        return list(self.actors.select_related("organisation"))

    def organisations_in(self, *roles: str) -> list[Organisation]:
        return [actor.organisation for actor in self.actor_list if actor.role in roles]

    @property
    def lead_organisations(self) -> list[Organisation]:
        """Who the item is "by": its organisers, hosts or publishers."""
        return self.organisations_in(*LEAD_ROLES)

    @property
    def partner_organisations(self) -> list[Organisation]:
        return self.organisations_in(ActorRole.PARTNER)

    @property
    def funder_organisations(self) -> list[Organisation]:
        return self.organisations_in(ActorRole.FUNDER)

    # Translations. Lists prefetch the active language's translation into
    # ``prefetched_translations`` (see ``queries.with_translation``); without it, the
    # original text is shown rather than a query being made per item.
    @property
    def translation(self) -> ItemTranslation | None:
        prefetched = getattr(self, "prefetched_translations", None)
        if prefetched:
            return prefetched[0]
        return None

    @property
    def display_title(self) -> str:
        return self.translation.title if self.translation else self.title

    @property
    def display_summary(self) -> str:
        translation = self.translation
        return translation.summary if translation and translation.summary else self.summary

    @property
    def display_body(self) -> str:
        translation = self.translation
        return translation.body if translation and translation.body else self.body

    @property
    def display_language(self) -> str:
        """The language of the text shown, for the ``lang`` attribute."""
        return self.translation.language if self.translation else self.language

    @property
    def is_shown_in_original(self) -> bool:
        return self.translation is None and self.language != (get_language() or "en")[:2]


URL_NAMESPACES = {
    Kind.EVENT: "events",
    Kind.STORY: "news",
    Kind.RESOURCE: "library",
    Kind.CAMPAIGN: "campaigns",
    Kind.PLEDGE: "pledges",
}


@cache
def _choices(model: type[models.Model], field: str) -> dict:
    """A field's choices by value (their labels translated when shown)."""
    return dict(model._meta.get_field(field).choices)


@cache
def type_names(kind: str, language: str) -> dict[str, str]:
    """The types of a kind of item by value ("workshop": "Workshop"), named in
    ``language``, the active one: every card names its type, and a lazy label looks its
    translation up each time."""
    model = Item._meta.get_field(SPECIFIC_ACCESSORS[kind]).related_model
    return {value: str(label) for value, label in _choices(model, model.type_field).items()}


SPECIFIC_ACCESSORS = {
    Kind.EVENT: "event",
    Kind.STORY: "story",
    Kind.RESOURCE: "resource",
    Kind.CAMPAIGN: "campaign",
    Kind.PLEDGE: "pledge",
}


class ItemTranslation(models.Model):
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(_("language"), max_length=8, choices=CONTENT_LANGUAGES)
    title = models.CharField(
        _("title"), max_length=300, validators=[validate_no_control_characters]
    )
    summary = models.TextField(
        _("summary"), max_length=600, blank=True, validators=[validate_no_control_characters]
    )
    body = models.TextField(
        _("body"),
        blank=True,
        help_text=_("Markdown."),
        validators=[validate_no_control_characters],
    )

    class Meta:
        verbose_name = _("translation")
        verbose_name_plural = _("translations")
        constraints = [
            models.UniqueConstraint(fields=["item", "language"], name="unique_item_translation")
        ]

    def __str__(self) -> str:
        return f"{self.title} [{self.language}]"

    def clean(self) -> None:
        # The item may be unsaved still (an inline on the admin's add page) but known.
        item_known = self.item_id or ItemTranslation.item.is_cached(self)
        if item_known and self.language == self.item.language:
            raise ValidationError(
                {"language": _("This is the item's own language; edit the item instead.")}
            )


class ItemActor(models.Model):
    """An organisation's part in an item: organiser, host, partner, funder, publisher."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="actors")
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="actor_roles",
    )
    role = models.CharField(_("role"), max_length=12, choices=ActorRole.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("organisation and role")
        verbose_name_plural = _("organisations and roles")
        constraints = [
            models.UniqueConstraint(
                fields=["item", "organisation", "role"], name="unique_item_actor_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.get_role_display()})"
