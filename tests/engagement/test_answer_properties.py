"""Properties of survey answers (hypothesis): valid answers, sent as the form sends them,
are stored exactly (as cleaned); an answer that breaks one rule is refused with a message
for its question and nothing is written. Each example runs in a transaction rolled back
at its end; ``world`` (tests/engagement/conftest.py) is made once per test."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crossroads.engagement.models import Answer, Response
from crossroads.engagement.models.surveys import LONG_TEXT_MAX, SHORT_TEXT_MAX
from crossroads.engagement.surveys import services
from tests.properties import CHARACTERS, EXAMPLES, rolled_back

pytestmark = pytest.mark.django_db


def stored(invitation) -> dict:
    """The answers kept for the invitation's city, by question code."""
    return {
        answer.question.code: (list(answer.choices or []), answer.number, answer.text)
        for answer in Answer.objects.filter(response__city=invitation.city).select_related(
            "question"
        )
    }


VALID = st.fixed_dictionaries(
    {
        "main_constraint": st.sampled_from(["housing", "services", "financing"]),
        "support_needed": st.lists(st.sampled_from(["funding", "training"]), unique=True),
        "pressure": st.integers(1, 5),
        "staff": st.decimals(0, 500, places=2),
        "practice": st.text(CHARACTERS, max_size=SHORT_TEXT_MAX),
        "comments": st.text(CHARACTERS, max_size=LONG_TEXT_MAX // 20),
    }
)


@EXAMPLES
@given(answers=VALID, submit=st.booleans())
def test_valid_answers_are_stored_exactly(world, answers, submit):
    invitation = world.invitations[0]
    data = {
        "q-main_constraint": [answers["main_constraint"]],
        "q-support_needed": answers["support_needed"],
        "q-pressure": [str(answers["pressure"])],
        "q-staff": [str(answers["staff"])],
        "q-practice": [answers["practice"]],
        "q-comments": [answers["comments"]],
    }
    with rolled_back():
        response, reading = services.save_answers(invitation=invitation, data=data, submit=submit)

        assert reading.errors == {}
        assert response.status == ("submitted" if submit else "draft")
        expected = {
            "main_constraint": ([answers["main_constraint"]], None, ""),
            "pressure": ([], Decimal(answers["pressure"]), ""),
            "staff": ([], answers["staff"], ""),
        }
        if answers["support_needed"]:
            order = [code for code in ["funding", "training"] if code in answers["support_needed"]]
            expected["support_needed"] = (order, None, "")
        for code in ("practice", "comments"):
            text = answers[code].replace("\r\n", "\n").strip()
            if text:
                expected[code] = ([], None, text)
        assert stored(invitation) == expected


#: One answer breaking a rule, by field: the other fields are valid.
INVALID = st.one_of(
    st.tuples(
        st.just("q-main_constraint"),
        st.lists(st.text(max_size=12), min_size=1).filter(
            lambda codes: (
                any(code not in {"housing", "services", "financing", ""} for code in codes)
                or len([code for code in codes if code]) > 1
            )
        ),
    ),
    st.tuples(
        st.just("q-support_needed"),
        st.lists(st.text(max_size=12), min_size=1).filter(
            lambda codes: any(code not in {"funding", "training", ""} for code in codes)
        ),
    ),
    st.tuples(
        st.just("q-pressure"),
        st.one_of(st.integers(-10, 0), st.integers(6, 10**6)).map(lambda n: [str(n)])
        | st.sampled_from([["2.5"], ["three"], ["1e3"], ["NaN"], ["inf"], ["3", "4"]]),
    ),
    st.tuples(
        st.just("q-staff"),
        st.one_of(
            st.decimals(-(10**6), Decimal("-0.01"), places=2),
            st.decimals(Decimal("500.01"), 10**6, places=2),
        ).map(lambda n: [str(n)])
        | st.sampled_from([["twelve"], ["1" * 40], ["NaN"], ["-inf"], ["1e999"]]),
    ),
    st.tuples(
        st.just("q-practice"),
        st.sampled_from([["a\x00b"], ["x" * (SHORT_TEXT_MAX + 1)], ["one", "two"]]),
    ),
    st.tuples(st.just("q-comments"), st.just(["y" * (LONG_TEXT_MAX + 1)])),
)


@EXAMPLES
@given(invalid=INVALID, submit=st.booleans())
def test_an_invalid_answer_writes_nothing(world, invalid, submit):
    invitation = world.invitations[0]
    name, values = invalid
    data = {
        "q-main_constraint": ["housing"],
        "q-support_needed": ["funding"],
        "q-pressure": ["3"],
        "q-staff": ["12"],
        "q-practice": ["A one-stop shop"],
        "q-comments": ["None"],
        name: values,
    }
    with rolled_back():
        response, reading = services.save_answers(invitation=invitation, data=data, submit=submit)

        assert list(reading.errors) == [name]
        assert response is None
        assert Response.objects.count() == 0
        assert stored(invitation) == {}
