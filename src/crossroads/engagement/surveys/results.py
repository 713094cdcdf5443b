"""A survey's results: the response rate, and each question's answers counted, compared
with the network's earlier surveys asking the same question (the same code).

Only submitted responses count. Everything is read in a fixed number of queries whatever
the number of questions, years and responses, and counted in Python. Free-text answers
are only read when the reader may see them (``with_texts``).
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from crossroads.directory.models import Region
from crossroads.engagement.models import (
    Answer,
    Invitation,
    Question,
    QuestionKind,
    Response,
    ResponseStatus,
    Survey,
)
from crossroads.engagement.models.surveys import TEXT_KINDS

#: City size classes by population: value, label, from (included), to (excluded).
SIZE_CLASSES = (
    ("small", _("Under 100,000 inhabitants"), 0, 100_000),
    ("medium", _("100,000 to 500,000"), 100_000, 500_000),
    ("large", _("500,000 to 1 million"), 500_000, 1_000_000),
    ("metropolis", _("Over 1 million"), 1_000_000, None),
)
#: How many earlier years a question is compared with.
EARLIER_YEARS = 4


@dataclass(frozen=True)
class Filters:
    """The respondents' criteria; values not among the choices are ignored."""

    region: str = ""
    country: str = ""
    size: str = ""

    @classmethod
    def from_query(cls, query) -> Filters:
        def one(name: str) -> str:
            value = query.get(name, "")
            return value if isinstance(value, str) and len(value) <= 40 else ""

        region = one("region")
        country = one("country").upper()
        size = one("size")
        return cls(
            region=region if region in Region.values else "",
            country=country if len(country) == 2 and country.isalpha() else "",
            size=size if size in {value for value, *_rest in SIZE_CLASSES} else "",
        )

    def as_query(self) -> dict[str, str]:
        return {name: value for name, value in vars(self).items() if value}

    def cities(self, prefix: str) -> Q:
        """The condition on the city reached by ``prefix`` (e.g. ``response__city``)."""
        condition = Q()
        if self.region:
            condition &= Q(**{f"{prefix}__region": self.region})
        if self.country:
            condition &= Q(**{f"{prefix}__country_id": self.country})
        if self.size:
            _value, _label, low, high = next(c for c in SIZE_CLASSES if c[0] == self.size)
            condition &= Q(**{f"{prefix}__population__gte": low})
            if high is not None:
                condition &= Q(**{f"{prefix}__population__lt": high})
        return condition


@dataclass
class Bar:
    code: str
    label: str
    count: int
    percent: float


@dataclass
class YearResult:
    """One year's answers to one question."""

    year: int
    answered: int = 0
    bars: list[Bar] = field(default_factory=list)
    mean: Decimal | None = None
    median: Decimal | None = None
    minimum: Decimal | None = None
    maximum: Decimal | None = None


@dataclass
class QuestionResult:
    question: Question
    years: list[YearResult]
    #: (city name, text) of the survey's year: for the secretariat only.
    texts: list[tuple[str, str]] = field(default_factory=list)

    @property
    def current(self) -> YearResult:
        return self.years[-1]

    @property
    def compared(self) -> bool:
        return len(self.years) > 1


@dataclass
class Rate:
    year: int
    invited: int
    submitted: int

    @property
    def percent(self) -> float:
        return round(100 * self.submitted / self.invited, 1) if self.invited else 0.0


@dataclass
class Results:
    survey: Survey
    filters: Filters
    rates: list[Rate]
    questions: list[QuestionResult]
    regions: list[tuple[str, str]]
    countries: list[tuple[str, str]]
    with_texts: bool

    @property
    def rate(self) -> Rate:
        return self.rates[-1]

    @property
    def years(self) -> list[int]:
        return [rate.year for rate in self.rates]


def _percent(count: int, of: int) -> float:
    return round(100 * count / of, 1) if of else 0.0


def _two(value) -> Decimal:
    return Decimal(value).quantize(Decimal("0.01"))


def distribution(question: Question, labels: dict[str, str], answers: list[dict]) -> YearResult:
    """``answers`` (rows of one question in one year) counted."""
    result = YearResult(year=question.survey.year, answered=len(answers))
    if question.is_choice:
        counts: dict[str, int] = defaultdict(int)
        for answer in answers:
            for code in answer["choices"] or ():
                counts[code] += 1
        result.bars = [
            Bar(code, label, counts.get(code, 0), _percent(counts.get(code, 0), len(answers)))
            for code, label in labels.items()
        ]
    elif question.kind in (QuestionKind.SCALE, QuestionKind.NUMBER):
        numbers = sorted(answer["number"] for answer in answers if answer["number"] is not None)
        if numbers:
            result.mean = _two(sum(numbers) / len(numbers))
            result.median = _two(statistics.median(numbers))
            result.minimum, result.maximum = numbers[0], numbers[-1]
        if question.kind == QuestionKind.SCALE:
            counts = defaultdict(int)
            for number in numbers:
                counts[int(number)] += 1
            result.bars = [
                Bar(str(value), str(value), counts[value], _percent(counts[value], len(numbers)))
                for value in question.scale_values
            ]
    return result


def survey_results(survey: Survey, filters: Filters, *, with_texts: bool) -> Results:
    """Everything the results page, the report and the CSV show (about nine queries)."""
    earlier = list(
        Survey.objects.filter(network_id=survey.network_id, year__lt=survey.year)
        .order_by("-year")
        .values_list("pk", flat=True)[:EARLIER_YEARS]
    )
    survey_ids = [*earlier, survey.pk]
    current = list(
        Question.objects.filter(survey=survey)
        .select_related("section")
        .order_by("section__order", "section_id", "order", "pk")
    )
    codes = [question.code for question in current]
    questions = list(
        Question.objects.filter(survey_id__in=survey_ids, code__in=codes)
        .select_related("survey")
        .prefetch_related("choices")
    )
    by_code: dict[str, list[Question]] = defaultdict(list)
    for question in sorted(questions, key=lambda q: q.survey.year):
        by_code[question.code].append(question)

    answers = Answer.objects.filter(
        question__survey_id__in=survey_ids,
        response__status=ResponseStatus.SUBMITTED,
    ).filter(filters.cities("response__city"))
    if not with_texts:
        answers = answers.exclude(question__kind__in=TEXT_KINDS)
    rows: dict[int, list] = defaultdict(list)
    for row in answers.values("question_id", "choices", "number", "text", "response__city__name"):
        rows[row["question_id"]].append(row)

    results = []
    for question in current:
        asked = by_code[question.code]
        labels: dict[str, str] = {}
        for version in reversed(asked):  # the latest wording of each answer
            for choice in version.choices.all():
                labels.setdefault(choice.code, choice.label)
        order = {
            c.code: c.order for c in next(q for q in asked if q.pk == question.pk).choices.all()
        }
        labels = dict(sorted(labels.items(), key=lambda pair: order.get(pair[0], 10_000)))
        years = [
            distribution(version, labels, rows.get(version.pk, []))
            for version in asked
            if version.pk == question.pk or (version.kind == question.kind and not version.is_text)
        ]
        texts = []
        if question.is_text and with_texts:
            texts = sorted(
                (row["response__city__name"], row["text"]) for row in rows.get(question.pk, [])
            )
        results.append(QuestionResult(question=question, years=years, texts=texts))

    return Results(
        survey=survey,
        filters=filters,
        rates=_rates(survey_ids, filters),
        questions=results,
        **_filter_choices(survey),
        with_texts=with_texts,
    )


def _rates(survey_ids: list[int], filters: Filters) -> list[Rate]:
    invited = dict(
        Invitation.objects.filter(survey_id__in=survey_ids)
        .filter(filters.cities("city"))
        .values_list("survey_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    submitted = dict(
        Response.objects.filter(survey_id__in=survey_ids, status=ResponseStatus.SUBMITTED)
        .filter(filters.cities("city"))
        .values_list("survey_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    years = dict(Survey.objects.filter(pk__in=survey_ids).values_list("pk", "year"))
    return sorted(
        (Rate(years[pk], invited.get(pk, 0), submitted.get(pk, 0)) for pk in survey_ids),
        key=lambda rate: rate.year,
    )


def _filter_choices(survey: Survey) -> dict:
    """The regions and countries of the cities invited (the filters' choices)."""
    cities = (
        Invitation.objects.filter(survey=survey)
        .values_list("city__region", "city__country_id", "city__country__name")
        .distinct()
    )
    regions, countries = set(), set()
    for region, code, name in cities:
        if region:
            regions.add(region)
        countries.add((code, name))
    labels = dict(Region.choices)
    return {
        "regions": sorted(((r, str(labels[r])) for r in regions), key=lambda pair: pair[1]),
        "countries": sorted(countries, key=lambda pair: pair[1]),
    }
