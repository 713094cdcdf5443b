"""What a city's profile adds to the directory (who it hosts, what it needs) and the
experience of cities and organisations by topic, which peer matching reads.

``Experience`` is derived: rebuilt from published items by ``services``, never edited.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from crossroads.directory.models import City, Network, Organisation
from crossroads.taxonomy.models import Topic


class HostedGroup(models.TextChoices):
    REFUGEES = "refugees", _("Refugees")
    INTERNALLY_DISPLACED = "internally_displaced", _("Internally displaced people")
    RETURNEES = "returnees", _("Returnees")
    LABOUR_MIGRANTS = "labour_migrants", _("Labour migrants")


class DisplacementFigure(models.Model):
    """How many people of a group a city hosts, by a named source, in a year. A figure
    left empty says the city hosts the group without a number to quote."""

    city = models.ForeignKey(
        City, verbose_name=_("city"), on_delete=models.CASCADE, related_name="displacement"
    )
    group = models.CharField(_("group"), max_length=24, choices=HostedGroup.choices)
    people = models.PositiveIntegerField(_("people"), null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("year"))
    source_name = models.CharField(_("source"), max_length=200)
    source_url = models.URLField(_("source address"), max_length=500, blank=True)

    class Meta:
        ordering = ["group", "-year"]
        verbose_name = _("displacement figure")
        verbose_name_plural = _("displacement figures")
        # Cities hosting a group: what "cities like yours" looks up.
        indexes = [models.Index(fields=["group", "city"], name="displacement_group_city")]
        constraints = [
            models.UniqueConstraint(
                fields=["city", "group", "year"], name="unique_displacement_figure"
            ),
            models.CheckConstraint(
                condition=Q(year__gte=1950, year__lte=2100),
                name="displacement_figure_year_range",
                violation_error_message=_("Give a year between 1950 and 2100."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.city} — {self.get_group_display()} ({self.year})"


class NeedSource(models.TextChoices):
    EDITOR = "editor", _("Editors")
    SURVEY = "survey", _("Survey answers")
    PLEDGE = "pledge", _("Pledge asking for support")


class CityNeed(models.Model):
    """A topic on which a city has asked for help: entered by editors, or read from its
    survey answers (``NeedReading``) or from a pledge asking for support."""

    city = models.ForeignKey(
        City, verbose_name=_("city"), on_delete=models.CASCADE, related_name="needs"
    )
    topic = models.ForeignKey(
        Topic, verbose_name=_("topic"), on_delete=models.CASCADE, related_name="city_needs"
    )
    source = models.CharField(
        _("source"), max_length=8, choices=NeedSource.choices, default=NeedSource.EDITOR
    )
    year = models.PositiveSmallIntegerField(_("year"), help_text=_("When the need was stated."))
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["topic__name"]
        verbose_name = _("need")
        verbose_name_plural = _("needs")
        constraints = [
            models.UniqueConstraint(fields=["city", "topic", "source"], name="unique_city_need"),
        ]

    def __str__(self) -> str:
        return f"{self.city} — {self.topic}"


class NeedReading(models.Model):
    """How a network's survey answer is read as a need: choosing ``choice_code`` in the
    question ``question_code`` (codes are kept across years) means a need on ``topic``."""

    network = models.ForeignKey(
        Network, verbose_name=_("network"), on_delete=models.CASCADE, related_name="need_readings"
    )
    question_code = models.SlugField(_("question code"), max_length=60)
    choice_code = models.SlugField(_("choice code"), max_length=60)
    topic = models.ForeignKey(Topic, verbose_name=_("topic"), on_delete=models.CASCADE)

    class Meta:
        ordering = ["network", "question_code", "choice_code"]
        verbose_name = _("survey answer read as a need")
        verbose_name_plural = _("survey answers read as needs")
        constraints = [
            models.UniqueConstraint(
                fields=["network", "question_code", "choice_code", "topic"],
                name="unique_need_reading",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question_code}={self.choice_code} → {self.topic}"


class Experience(models.Model):
    """What one city or organisation has done on one topic, counted from published
    items: events it hosted or organised, events its people spoke at, resources and
    stories it published, pledges it made, campaigns it signed; each with the first
    year. ``score`` weighs every one of them by its depth and its year (``scoring``):
    points as of ``scoring.REFERENCE_YEAR``, so that rows written in different years
    compare as they are; ``scoring.points_now`` gives the points as of this year.

    Derived: written by ``services`` only, never edited. A city's local government is
    counted with its city and has no rows of its own."""

    city = models.ForeignKey(City, on_delete=models.CASCADE, null=True, related_name="+")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, null=True, related_name="+"
    )
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="+")
    hosted = models.PositiveIntegerField(default=0)
    hosted_since = models.PositiveSmallIntegerField(null=True)
    spoke = models.PositiveIntegerField(default=0)
    spoke_since = models.PositiveSmallIntegerField(null=True)
    published = models.PositiveIntegerField(default=0)
    published_since = models.PositiveSmallIntegerField(null=True)
    pledged = models.PositiveIntegerField(default=0)
    pledged_since = models.PositiveSmallIntegerField(null=True)
    signed = models.PositiveIntegerField(default=0)
    signed_since = models.PositiveSmallIntegerField(null=True)
    latest_year = models.PositiveSmallIntegerField()
    score = models.FloatField()

    class Meta:
        verbose_name = _("experience")
        verbose_name_plural = _("experience")
        indexes = [models.Index(fields=["topic", "-score"], name="experience_topic_score")]
        constraints = [
            models.CheckConstraint(
                condition=(Q(city__isnull=False) & Q(organisation__isnull=True))
                | (Q(city__isnull=True) & Q(organisation__isnull=False)),
                name="experience_city_xor_organisation",
            ),
            models.UniqueConstraint(
                fields=["city", "topic"],
                condition=Q(city__isnull=False),
                name="unique_city_experience",
            ),
            models.UniqueConstraint(
                fields=["organisation", "topic"],
                condition=Q(organisation__isnull=False),
                name="unique_organisation_experience",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.city or self.organisation} — {self.topic_id}"
