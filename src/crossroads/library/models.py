"""Resources and the files or links of each language version."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from crossroads.content import uploads
from crossroads.content.models import CONTENT_LANGUAGES, Item, ItemQuerySet, Kind


class ResourceType(models.TextChoices):
    REPORT = "report", _("Report")
    POLICY_BRIEF = "policy_brief", _("Policy brief")
    GUIDANCE = "guidance", _("Guidance")
    TOOLKIT = "toolkit", _("Toolkit")
    STUDY = "study", _("Study")
    DECLARATION = "declaration", _("Declaration")
    CONCEPT_NOTE = "concept_note", _("Concept note")
    AGENDA = "agenda", _("Agenda")
    FLYER = "flyer", _("Flyer")
    PRESENTATION = "presentation", _("Presentation")


class Resource(Item):
    item_kind = Kind.RESOURCE
    type_field = "resource_type"

    resource_type = models.CharField(_("type"), max_length=14, choices=ResourceType.choices)

    objects = ItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("resource")
        verbose_name_plural = _("resources")


FILE_FORMATS = list(uploads.DOCUMENT_FORMATS)


def version_upload_to(instance: ResourceVersion, filename: str) -> str:
    """A generated name, with the extension of the format read from the file's content
    (``read_file_facts``): the uploaded name is never used."""
    if not instance.format:
        # ``version.file.save(name, content)`` stores the file before the version can
        # read it: assign the file and save the version instead.
        raise ValueError("A version's file is stored once its format is read from it.")
    return uploads.generated_name("resources", instance.format)


class ResourceVersion(models.Model):
    """One language version of a resource: an uploaded file or a link."""

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="versions")
    language = models.CharField(_("language"), max_length=8, choices=CONTENT_LANGUAGES)
    title = models.CharField(
        _("title in this language"),
        max_length=300,
        blank=True,
        help_text=_("Left empty, the resource's title is used."),
    )
    file = models.FileField(
        _("file"),
        upload_to=version_upload_to,
        blank=True,
        max_length=300,
        validators=[uploads.validate_document],
    )
    url = models.URLField(_("link"), max_length=500, blank=True)
    format = models.CharField(_("format"), max_length=10, blank=True, help_text=_("e.g. pdf"))
    size = models.PositiveBigIntegerField(_("size in bytes"), null=True, blank=True)
    pages = models.PositiveIntegerField(_("pages"), null=True, blank=True)

    class Meta:
        ordering = ["language", "pk"]
        verbose_name = _("language version")
        verbose_name_plural = _("language versions")
        constraints = [
            models.CheckConstraint(
                condition=(Q(file="") & ~Q(url="")) | (~Q(file="") & Q(url="")),
                name="version_file_xor_url",
                violation_error_message=_("Upload a file or give a link, not both."),
            ),
            models.UniqueConstraint(
                fields=["resource", "language", "format"], name="unique_version_language_format"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.resource} [{self.language}]"

    def save(self, *args, **kwargs) -> None:
        self.read_file_facts()
        super().save(*args, **kwargs)

    @property
    def href(self) -> str:
        return self.file.url if self.file else self.url

    def clean(self) -> None:
        try:
            self.read_file_facts()
        except ValidationError:
            return  # not a document: the file field's own validator says so, once
        # An upload's format is only known here, after the form's own uniqueness checks.
        if (
            self.resource_id
            and ResourceVersion.objects.filter(
                resource_id=self.resource_id, language=self.language, format=self.format
            )
            .exclude(pk=self.pk)
            .exists()
        ):
            raise ValidationError(
                {"language": _("This resource already has a version in this language and format.")}
            )

    def read_file_facts(self) -> None:
        """A file sets the version's size and format: a new upload's format is read from
        its content, a stored file's from the name it was given then. Raises
        ValidationError for an upload that is not a document (see ``validate_document``)."""
        if not self.file:
            return
        if self.file._committed:
            self.format = self.file.name.rsplit(".", 1)[-1].lower()
        else:
            uploads.validate_document(self.file)
            self.format = uploads.detect_format(self.file)
        self.size = self.file.size
