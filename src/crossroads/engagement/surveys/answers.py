"""Reading a municipality's answers from a form, checked per kind of question.

Each question's field is named ``q-<code>``; a multiple choice sends one value per choice
ticked. What a municipality may send is checked here, on the server, whatever its
browser allowed: choice codes must be the question's own, scales and numbers in range,
texts within their length. Required questions are only required on submission: a draft
may be saved half done.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from crossroads.engagement.models import Answer, Question, QuestionKind
from crossroads.engagement.models.surveys import NUMBER_DIGITS

#: A number field longer than this is refused before being read.
_NUMBER_CHARS = 30
_NUMBER_LIMIT = Decimal(10) ** (NUMBER_DIGITS - 2)


@dataclass(frozen=True)
class Value:
    """One question's answer, cleaned: what an ``Answer`` row holds."""

    choices: tuple[str, ...] = ()
    number: Decimal | None = None
    text: str = ""

    @property
    def empty(self) -> bool:
        return not self.choices and self.number is None and not self.text

    @classmethod
    def of(cls, answer: Answer) -> Value:
        return cls(tuple(answer.choices or ()), answer.number, answer.text)


@dataclass
class Reading:
    """What a form said: the cleaned values (empty ones left out), the raw text of the
    fields that were wrong (to show them back) and one message per wrong field."""

    values: dict[int, Value] = field(default_factory=dict)
    raw: dict[str, list[str]] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def valid(self) -> bool:
        return not self.errors


def field_name(question: Question) -> str:
    return f"q-{question.code}"


def _getlist(data, name: str) -> list[str]:
    if hasattr(data, "getlist"):
        return data.getlist(name)
    value = data.get(name, [])
    return list(value) if isinstance(value, list | tuple) else [value]


class Invalid(Exception):
    pass


def _clean_text(raw: str, limit: int) -> str:
    text = raw.replace("\r\n", "\n").strip()
    if "\x00" in text:
        raise Invalid(_("The text holds a character that cannot be kept."))
    if len(text) > limit:
        raise Invalid(
            _("Keep it under %(limit)s characters (this one has %(length)s).")
            % {"limit": limit, "length": len(text)}
        )
    return text


def _clean_number(raw: str, question: Question) -> Decimal | None:
    raw = raw.strip().replace(",", ".") if len(raw) <= _NUMBER_CHARS else None
    if raw == "":
        return None
    try:
        number = Decimal(raw) if raw is not None else None
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite() or abs(number) >= _NUMBER_LIMIT:
        raise Invalid(_("Enter a number."))
    if question.kind == QuestionKind.SCALE:
        if number != number.to_integral_value() or not (
            question.scale_min <= number <= question.scale_max
        ):
            raise Invalid(
                _("Choose a whole number from %(min)s to %(max)s.")
                % {"min": question.scale_min, "max": question.scale_max}
            )
        return number.quantize(Decimal(1))
    if question.number_min is not None and number < question.number_min:
        raise Invalid(_("Enter at least %(min)s.") % {"min": question.number_min.normalize()})
    if question.number_max is not None and number > question.number_max:
        raise Invalid(_("Enter at most %(max)s.") % {"max": question.number_max.normalize()})
    return number.quantize(Decimal("0.01"))


def clean_value(question: Question, raw: list[str]) -> Value:
    """The answer to ``question`` from the values its field sent; raises Invalid."""
    raw = [value for value in raw if isinstance(value, str)]
    if question.is_choice:
        codes = {choice.code for choice in question.choices.all()}
        given = [value for value in dict.fromkeys(raw) if value != ""]
        if any(value not in codes for value in given):
            raise Invalid(_("Choose among the answers offered."))
        if question.kind == QuestionKind.SINGLE and len(given) > 1:
            raise Invalid(_("Choose one answer."))
        order = [choice.code for choice in question.choices.all()]
        return Value(choices=tuple(code for code in order if code in given))
    if len(raw) > 1:
        raise Invalid(_("Give one answer."))
    text = raw[0] if raw else ""
    if question.kind in (QuestionKind.SCALE, QuestionKind.NUMBER):
        return Value(number=_clean_number(text, question))
    return Value(text=_clean_text(text, question.max_length))


def read_answers(questions: list[Question], data, *, final: bool) -> Reading:
    """Every question's answer from ``data`` (a QueryDict, or a dict of lists); on a
    ``final`` reading (submission) required questions must be answered."""
    reading = Reading()
    for question in questions:
        name = field_name(question)
        raw = _getlist(data, name)
        try:
            value = clean_value(question, raw)
        except Invalid as error:
            reading.errors[name] = str(error)
            reading.raw[name] = [value[:6000] for value in raw[:50] if isinstance(value, str)]
            continue
        if value.empty:
            if final and question.required:
                reading.errors[name] = _("This question needs an answer.")
            continue
        reading.values[question.pk] = value
    return reading
