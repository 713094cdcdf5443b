"""Stories and the events they report on."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from crossroads.content.models import Item, ItemQuerySet, Kind
from crossroads.events.models import Event


class NewsType(models.TextChoices):
    NEWS = "news", _("News")
    PRESS_RELEASE = "press_release", _("Press release")
    BLOG = "blog", _("Blog post")
    FEATURE = "feature", _("Feature")
    INTERVIEW = "interview", _("Interview")
    STATEMENT = "statement", _("Statement")


class Story(Item):
    item_kind = Kind.STORY
    type_field = "news_type"

    news_type = models.CharField(_("news type"), max_length=14, choices=NewsType.choices)
    events = models.ManyToManyField(
        Event, verbose_name=_("events it reports on"), blank=True, related_name="stories"
    )

    objects = ItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("story")
        verbose_name_plural = _("stories")
