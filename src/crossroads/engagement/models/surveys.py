"""A network's yearly survey of its member municipalities.

A ``Survey`` (one per network and year) has sections and questions; a question's
``code`` is shared by the questions asking the same thing in other years, so that
answers can be compared year by year. Each invited city (``Invitation``, one per survey
and city) answers through a signed link; its ``Response`` (one per survey and city) holds
one ``Answer`` per question answered, as a draft until submitted.

Once any response exists the survey's structure (sections, questions, choices) is locked:
changing it would change the meaning of answers already given.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from crossroads.directory.models import City, Network

#: The longest answers kept, in characters.
SHORT_TEXT_MAX = 200
LONG_TEXT_MAX = 5000
#: Numbers are kept with two decimals and at most this many digits in all.
NUMBER_DIGITS = 14

LOCKED_MESSAGE = _(
    "This survey has responses: its sections, questions and choices can no longer change. "
    "Correct wording or dates on the survey itself, or copy it to a new year."
)


class Survey(models.Model):
    network = models.ForeignKey(
        Network, verbose_name=_("network"), on_delete=models.CASCADE, related_name="surveys"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=200)
    introduction = models.TextField(_("introduction"), blank=True)
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes"))
    results_public = models.BooleanField(
        _("results are public"),
        default=False,
        help_text=_("Unticked, only the network's secretariat sees the results."),
    )
    results_resource = models.ForeignKey(
        "library.Resource",
        verbose_name=_("results published as"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["network", "-year"]
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        constraints = [
            models.UniqueConstraint(fields=["network", "year"], name="unique_survey_year"),
            models.CheckConstraint(
                condition=Q(closes_at__gt=F("opens_at")),
                name="survey_closes_after_opening",
                violation_error_message=_("A survey closes after it opens."),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100),
                name="survey_year_range",
                violation_error_message=_("The year lies between 2000 and 2100."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.year})"

    def get_absolute_url(self) -> str:
        from crossroads.content.links import url_for

        return url_for("engagement:survey-results", self.network.slug, self.year)

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.opens_at <= now < self.closes_at

    def is_closed(self, now=None) -> bool:
        return (now or timezone.now()) >= self.closes_at

    @property
    def is_locked(self) -> bool:
        """Whether responses exist, so that the structure may no longer change."""
        return self.pk is not None and self.responses.exists()

    def check_structure_editable(self) -> None:
        if self.is_locked:
            raise ValidationError(LOCKED_MESSAGE)


class _SurveyPart(models.Model):
    """Sections, questions and choices: refused once the survey has responses."""

    class Meta:
        abstract = True

    def owning_survey(self) -> Survey | None:
        raise NotImplementedError

    def clean(self) -> None:
        survey = self.owning_survey()
        if survey is not None:
            survey.check_structure_editable()


class Section(_SurveyPart):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="sections")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self) -> str:
        return self.title

    def owning_survey(self) -> Survey | None:
        return self.survey if self.survey_id else None


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    SCALE = "scale", _("Scale")
    NUMBER = "number", _("Number")
    SHORT_TEXT = "short_text", _("Short text")
    LONG_TEXT = "long_text", _("Long text")


CHOICE_KINDS = (QuestionKind.SINGLE, QuestionKind.MULTIPLE)
TEXT_KINDS = (QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT)


class Question(_SurveyPart):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    section = models.ForeignKey(
        Section,
        verbose_name=_("section"),
        on_delete=models.CASCADE,
        related_name="questions",
    )
    code = models.SlugField(
        _("code"),
        max_length=60,
        help_text=_(
            "The same code in every year's survey for the same question, so that answers "
            "are compared year by year (e.g. main_constraint)."
        ),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.CharField(_("question"), max_length=500)
    help_text = models.CharField(_("help text"), max_length=500, blank=True)
    kind = models.CharField(_("kind"), max_length=12, choices=QuestionKind.choices)
    required = models.BooleanField(_("required"), default=False)
    scale_min = models.SmallIntegerField(_("scale from"), null=True, blank=True)
    scale_max = models.SmallIntegerField(_("scale to"), null=True, blank=True)
    scale_min_label = models.CharField(_("label of the lowest"), max_length=60, blank=True)
    scale_max_label = models.CharField(_("label of the highest"), max_length=60, blank=True)
    number_min = models.DecimalField(
        _("smallest number"), max_digits=NUMBER_DIGITS, decimal_places=2, null=True, blank=True
    )
    number_max = models.DecimalField(
        _("largest number"), max_digits=NUMBER_DIGITS, decimal_places=2, null=True, blank=True
    )

    class Meta:
        ordering = ["section__order", "section_id", "order", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [
            models.UniqueConstraint(fields=["survey", "code"], name="unique_question_code"),
            models.CheckConstraint(
                condition=~Q(kind="scale")
                | (
                    Q(scale_min__isnull=False)
                    & Q(scale_max__isnull=False)
                    & Q(scale_max__gt=F("scale_min"))
                ),
                name="question_scale_bounds",
                violation_error_message=_(
                    "A scale needs its lowest and highest values, the highest above the lowest."
                ),
            ),
            models.CheckConstraint(
                condition=Q(number_min__isnull=True)
                | Q(number_max__isnull=True)
                | Q(number_max__gte=F("number_min")),
                name="question_number_bounds",
                violation_error_message=_("The largest number cannot be below the smallest."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.text}"

    def owning_survey(self) -> Survey | None:
        return self.survey if self.survey_id else None

    def clean(self) -> None:
        super().clean()
        if self.section_id and self.survey_id and self.section.survey_id != self.survey_id:
            raise ValidationError({"section": _("Choose a section of this survey.")})
        if (
            self.kind == QuestionKind.SCALE
            and self.scale_min is not None
            and self.scale_max is not None
            and self.scale_max - self.scale_min > 20
        ):
            raise ValidationError({"scale_max": _("A scale has at most 21 steps.")})

    @property
    def is_choice(self) -> bool:
        return self.kind in CHOICE_KINDS

    @property
    def is_text(self) -> bool:
        return self.kind in TEXT_KINDS

    @property
    def max_length(self) -> int:
        return SHORT_TEXT_MAX if self.kind == QuestionKind.SHORT_TEXT else LONG_TEXT_MAX

    @property
    def scale_values(self) -> list[int]:
        if self.scale_min is None or self.scale_max is None:
            return []
        return list(range(self.scale_min, self.scale_max + 1))


class Choice(_SurveyPart):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    code = models.SlugField(
        _("code"),
        max_length=60,
        help_text=_("Stable across years: the same code for the same answer."),
    )
    label = models.CharField(_("label"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("choice")
        verbose_name_plural = _("choices")
        constraints = [
            models.UniqueConstraint(fields=["question", "code"], name="unique_choice_code"),
        ]

    def __str__(self) -> str:
        return self.label

    def owning_survey(self) -> Survey | None:
        return self.question.survey if self.question_id else None


class Invitation(models.Model):
    """A member city asked to answer, at an address; the link sent names this row."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="invitations")
    city = models.ForeignKey(
        City, verbose_name=_("city"), on_delete=models.CASCADE, related_name="survey_invitations"
    )
    email = models.EmailField(_("email"))
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="en"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["city__name"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint(fields=["survey", "city"], name="unique_invitation_city"),
        ]

    def __str__(self) -> str:
        return f"{self.city} — {self.survey}"

    def clean(self) -> None:
        if (
            self.survey_id
            and self.city_id
            and not self.survey.network.memberships.filter(city_id=self.city_id).exists()
        ):
            raise ValidationError({"city": _("Only the network's member cities are invited.")})


class ResponseStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")


class Response(models.Model):
    """A city's answers to a survey: one per survey and city."""

    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="responses")
    city = models.ForeignKey(
        City, verbose_name=_("city"), on_delete=models.CASCADE, related_name="survey_responses"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ResponseStatus.choices, default=ResponseStatus.DRAFT
    )
    created_at = models.DateTimeField(_("started"), default=timezone.now)
    updated_at = models.DateTimeField(_("last saved"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)

    class Meta:
        ordering = ["survey", "city__name"]
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        constraints = [
            models.UniqueConstraint(fields=["survey", "city"], name="unique_response_city"),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(submitted_at__isnull=False),
                name="response_submitted_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.city} — {self.survey}"

    @property
    def is_submitted(self) -> bool:
        return self.status == ResponseStatus.SUBMITTED


class Answer(models.Model):
    """One question's answer: choice codes, a number (scales too) or a text."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    choices = models.JSONField(_("choice codes"), default=list, blank=True)
    number = models.DecimalField(
        _("number"), max_digits=NUMBER_DIGITS, decimal_places=2, null=True, blank=True
    )
    text = models.TextField(_("text"), blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="unique_answer"),
        ]

    def __str__(self) -> str:
        return f"{self.question.code} ({self.response_id})"
