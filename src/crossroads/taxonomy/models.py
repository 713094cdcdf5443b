"""The curated vocabularies items are tagged with."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from crossroads.content.links import url_for


class Topic(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return url_for("taxonomy:topic", self.slug)


class Framework(models.Model):
    """A global instrument: the GCM, the GCR, the SDGs, the New Urban Agenda…"""

    code = models.CharField(
        _("code"),
        max_length=12,
        unique=True,
        help_text=_("Short stable code used in addresses and imports, e.g. GCM."),
    )
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=60)
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    url = models.URLField(_("official page"), blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("framework")
        verbose_name_plural = _("frameworks")
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^[A-Z0-9]+$"),
                name="framework_code_upper_alnum",
                violation_error_message=_(
                    "A framework code is capital letters and digits, such as GCM or SDG."
                ),
            )
        ]

    def __str__(self) -> str:
        return self.short_name or self.name

    def get_absolute_url(self) -> str:
        return url_for("taxonomy:framework", self.code)


class Objective(models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="objectives")
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=300)

    class Meta:
        ordering = ["framework__code", "number"]
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")
        constraints = [
            models.UniqueConstraint(fields=["framework", "number"], name="unique_objective_number")
        ]

    def __str__(self) -> str:
        return f"{self.framework.code} {self.number}: {self.title}"

    @property
    def reference(self) -> str:
        return f"{self.framework.code}:{self.number}"
