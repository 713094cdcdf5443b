"""The survey's pages: answering through an invitation's link, and the results (page,
printable report, CSV), with the secretariat's "publish as a resource"."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from crossroads.content import ratelimit
from crossroads.content.charts import bar_chart, year_colour
from crossroads.content.spreadsheets import neutralised
from crossroads.directory.models import Network
from crossroads.engagement.models import Question, Survey
from crossroads.engagement.surveys import services, tokens
from crossroads.engagement.surveys.access import can_manage_surveys
from crossroads.engagement.surveys.answers import Reading, Value, field_name
from crossroads.engagement.surveys.results import (
    SIZE_CLASSES,
    Filters,
    QuestionResult,
    survey_results,
)


# -- answering -------------------------------------------------------------------------
@dataclass
class Field:
    question: Question
    name: str
    error: str = ""
    chosen: set[str] = field(default_factory=set)
    value: str = ""
    options: list = field(default_factory=list)

    @property
    def chosen_labels(self) -> list[str]:
        """The labels of the choices ticked, in the questionnaire's order."""
        return [choice.label for choice in self.options if choice.code in self.chosen]


def _fields(questions: list[Question], answers: dict[int, Value], reading: Reading | None):
    """The form's sections, each with its questions' fields filled in."""
    sections: list[tuple] = []
    for question in questions:
        name = field_name(question)
        entry = Field(question, name)
        if reading is not None and name in reading.errors:
            entry.error = reading.errors[name]
            raw = reading.raw.get(name, [])
            entry.chosen, entry.value = set(raw), raw[0] if raw else ""
        else:
            value = (reading.values if reading is not None else answers).get(question.pk)
            if value is not None:
                entry.chosen = set(value.choices)
                if value.number is not None:
                    number = value.number.normalize()
                    entry.value = f"{number:f}"
                else:
                    entry.value = value.text
        if question.is_choice:
            entry.options = list(question.choices.all())
        elif question.scale_values:
            entry.options = [str(v) for v in question.scale_values]
        if not sections or sections[-1][0].pk != question.section_id:
            sections.append((question.section, []))
        sections[-1][1].append(entry)
    return sections


@never_cache
@require_http_methods(["GET", "POST"])
@ratelimit.limited("survey-answer-address")
def answer(request, token: str):
    """The municipality's questionnaire: save a draft, submit, amend until the survey
    closes; afterwards (or once submitted and closed) the answers read-only."""
    try:
        invitation = services.get_invitation_by_token(token)
    except tokens.BadToken:
        return render(request, "engagement/surveys/bad_link.html", status=404)
    survey = invitation.survey
    questions = services.questions_of(survey)
    reading = None
    status = 200
    if request.method == "POST":
        submit = request.POST.get("action") == "submit"
        try:
            response, reading = services.save_answers(
                invitation=invitation, data=request.POST, submit=submit, questions=questions
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(request.path)
        if reading.valid:
            if response.is_submitted:
                messages.success(request, _("Your answers are submitted. Thank you."))
            else:
                messages.success(
                    request,
                    _("Your draft is saved. Open the same link to continue where you left off."),
                )
            return redirect(request.path)
        messages.error(request, _("Some answers need correcting: see the messages below."))
        status = 400
    response = services.response_of(invitation)
    answers = {a.question_id: Value.of(a) for a in response.answers.all()} if response else {}
    return render(
        request,
        "engagement/surveys/answer.html",
        {
            "invitation": invitation,
            "survey": survey,
            "response": response,
            "sections": _fields(questions, answers, reading),
            "is_open": survey.is_open(),
            "not_yet": not survey.is_open() and not survey.is_closed(),
        },
        status=status,
    )


# -- results -----------------------------------------------------------------------------
@require_GET
def network_surveys(request, network: str):
    """A network's surveys, newest first: those whose results are public, and every one
    for the people managing them."""
    found = get_object_or_404(Network.objects.only("pk", "name", "slug"), slug=network[:120])
    manages = can_manage_surveys(request.user, found)
    surveys = found.surveys.order_by("-year")
    if not manages:
        surveys = surveys.filter(results_public=True)
    response = render(
        request,
        "engagement/surveys/network.html",
        {"network": found, "surveys": list(surveys), "manages": manages},
    )
    if manages:
        response["Cache-Control"] = "private, no-store"
    return response


def _survey_for(request, network: str, year: int) -> tuple[Survey, bool]:
    """The survey at this address and whether the reader manages it; 404 for a survey
    the reader may not see, signed in or not, so that the address of private results
    does not tell that they exist (their managers sign in first)."""
    if not 2000 <= year <= 2100 or len(network) > 120:
        raise Http404
    survey = Survey.objects.select_related("network").filter(network__slug=network, year=year)
    survey = survey.first()
    if survey is None:
        raise Http404
    manages = can_manage_surveys(request.user, survey.network)
    if not (survey.results_public or manages):
        raise Http404
    return survey, manages


def _charted(result: QuestionResult) -> dict:
    """A question's chart and the rows of its table."""
    years = result.years
    if result.question.is_text:
        return {"result": result}
    if result.question.kind == "number":
        top = max((float(y.median or 0) for y in years), default=0)
        rows = [(str(y.year), [(float(y.median or 0), f"{y.median or '–'}")]) for y in years]
        chart = bar_chart(rows, scale_to=top)
        return {"result": result, "chart": chart}
    codes = list(dict.fromkeys(bar.code for y in years for bar in y.bars))
    per_year = [{bar.code: bar for bar in y.bars} for y in years]
    lines = []
    for code in codes:
        label = next(by[code].label for by in reversed(per_year) if code in by)
        cells = [by.get(code) for by in per_year]
        lines.append((label, cells))
    rows = [
        (
            label,
            [(c.percent if c else 0, f"{c.percent:g}% ({c.count})" if c else "–") for c in cells],
        )
        for label, cells in lines
    ]
    return {"result": result, "chart": bar_chart(rows, scale_to=100), "lines": lines}


def _context(request, survey: Survey, manages: bool) -> dict:
    filters = Filters.from_query(request.GET)
    results = survey_results(survey, filters, with_texts=manages)
    query = urlencode(filters.as_query())
    return {
        "survey": survey,
        "network": survey.network,
        "results": results,
        "questions": [_charted(result) for result in results.questions],
        "legend": [
            (year, year_colour(len(results.years) - 1 - i)) for i, year in enumerate(results.years)
        ],
        "size_classes": [(value, label) for value, label, *_rest in SIZE_CLASSES],
        "manages": manages,
        "query": f"?{query}" if query else "",
    }


@require_GET
def results(request, network: str, year: int):
    survey, manages = _survey_for(request, network, year)
    response = render(
        request, "engagement/surveys/results.html", _context(request, survey, manages)
    )
    if manages:
        response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def report(request, network: str, year: int):
    """The same results on a page made for printing."""
    survey, manages = _survey_for(request, network, year)
    response = render(request, "engagement/surveys/report.html", _context(request, survey, manages))
    if manages:
        response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def results_csv(request, network: str, year: int):
    """The distributions, one line per question, year and answer (or figure); free
    text is never part of it."""
    survey, _manages = _survey_for(request, network, year)
    results_ = survey_results(survey, Filters.from_query(request.GET), with_texts=False)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [_("Question code"), _("Question"), _("Year"), _("Answered"), _("Answer"),
         _("Count"), _("Percent")]
    )  # fmt: skip
    for result in results_.questions:
        question = result.question
        if question.is_text:
            continue
        for year_result in result.years:
            head = [question.code, question.text, year_result.year, year_result.answered]
            for bar in year_result.bars:
                writer.writerow(
                    [neutralised(v) for v in [*head, bar.label, bar.count, bar.percent]]
                )
            if question.kind in ("number", "scale"):
                for name, value in (
                    (_("mean"), year_result.mean),
                    (_("median"), year_result.median),
                    (_("minimum"), year_result.minimum),
                    (_("maximum"), year_result.maximum),
                ):
                    shown = "" if value is None else value
                    writer.writerow([neutralised(v) for v in [*head, name, shown, ""]])
    response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
    filename = f"{survey.network.slug}-survey-{survey.year}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_POST
def publish(request, network: str, year: int):
    """The secretariat makes the results a draft library resource."""
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("engagement:survey-results", args=[network, year]))
    survey, manages = _survey_for(request, network, year)
    if not manages:
        raise Http404
    resource = services.publish_results_as_resource(survey=survey, by=request.user)
    messages.success(
        request,
        _("The draft resource “%(title)s” links to these results; publish it from the admin.")
        % {"title": resource.title},
    )
    return redirect(reverse("admin:library_resource_change", args=[resource.pk]))
