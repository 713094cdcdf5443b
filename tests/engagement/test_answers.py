"""Answers checked per kind of question, drafts and submission, amending until closing."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from crossroads.engagement.models import Answer, Response
from crossroads.engagement.surveys import services
from crossroads.engagement.surveys.answers import Invalid, clean_value

COMPLETE = {"q-main_constraint": ["housing"]}


def question(world, code):
    return next(q for q in services.questions_of(world.survey) if q.code == code)


@pytest.mark.parametrize(
    ("code", "raw", "expected"),
    [
        ("main_constraint", ["services"], {"choices": ("services",)}),
        ("main_constraint", [""], {}),
        (
            "support_needed",
            ["training", "funding", "funding"],
            {"choices": ("funding", "training")},
        ),
        ("pressure", ["4"], {"number": Decimal(4)}),
        ("staff", [" 12,5 "], {"number": Decimal("12.50")}),
        ("staff", ["0"], {"number": Decimal("0.00")}),
        ("practice", ["  A desk  "], {"text": "A desk"}),
        ("comments", ["line\r\nline"], {"text": "line\nline"}),
    ],
)
def test_valid_values(world, code, raw, expected):
    value = clean_value(question(world, code), raw)
    assert (value.choices, value.number, value.text) == (
        expected.get("choices", ()),
        expected.get("number"),
        expected.get("text", ""),
    )


@pytest.mark.parametrize(
    ("code", "raw"),
    [
        ("main_constraint", ["nope"]),
        ("main_constraint", ["housing", "services"]),
        ("support_needed", ["funding", "<script>"]),
        ("pressure", ["0"]),
        ("pressure", ["6"]),
        ("pressure", ["2.5"]),
        ("pressure", ["many"]),
        ("staff", ["-1"]),
        ("staff", ["501"]),
        ("staff", ["NaN"]),
        ("staff", ["Infinity"]),
        ("staff", ["1e400"]),
        ("staff", ["9" * 5000]),
        ("staff", ["1", "2"]),
        ("practice", ["x" * 201]),
        ("comments", ["x" * 5001]),
        ("comments", ["nul\x00char"]),
    ],
)
def test_invalid_values(world, code, raw):
    with pytest.raises(Invalid):
        clean_value(question(world, code), raw)


def test_a_draft_needs_no_required_answer_and_resumes(world):
    invitation = world.invitations[0]
    response, reading = services.save_answers(
        invitation=invitation, data={"q-staff": ["7"]}, submit=False
    )
    assert reading.valid and response.status == "draft"
    again = services.response_of(invitation)
    assert [(a.question.code, a.number) for a in again.answers.all()] == [
        ("staff", Decimal("7.00"))
    ]
    # Resumed: the draft is completed and submitted.
    response, reading = services.save_answers(
        invitation=invitation, data={**COMPLETE, "q-staff": ["8"]}, submit=True
    )
    assert reading.valid and response.status == "submitted" and response.submitted_at
    assert Answer.objects.filter(response=response).count() == 2


def test_submission_requires_required_questions_and_saves_nothing_when_wrong(world):
    invitation = world.invitations[0]
    response, reading = services.save_answers(
        invitation=invitation, data={"q-staff": ["7"]}, submit=True
    )
    assert response is None
    assert reading.errors == {"q-main_constraint": "This question needs an answer."}
    assert not Response.objects.exists()
    _, reading = services.save_answers(
        invitation=invitation, data={**COMPLETE, "q-pressure": ["9"]}, submit=False
    )
    assert list(reading.errors) == ["q-pressure"]
    assert not Response.objects.exists()


def test_amending_until_closing_then_refused(world):
    invitation = world.invitations[0]
    services.save_answers(invitation=invitation, data=COMPLETE, submit=True)
    response, reading = services.save_answers(
        invitation=invitation, data={"q-main_constraint": ["financing"]}, submit=False
    )
    # A submitted response stays submitted; amending is checked as a submission.
    assert response.status == "submitted"
    assert Answer.objects.get(response=response).choices == ["financing"]
    _, reading = services.save_answers(invitation=invitation, data={}, submit=False)
    assert list(reading.errors) == ["q-main_constraint"]

    later = world.survey.closes_at + dt.timedelta(seconds=1)
    with pytest.raises(ValidationError):
        services.save_answers(invitation=invitation, data=COMPLETE, submit=True, now=later)
    before = world.survey.opens_at - dt.timedelta(seconds=1)
    with pytest.raises(ValidationError):
        services.save_answers(invitation=invitation, data=COMPLETE, submit=True, now=before)


def test_one_response_per_city_and_year(world):
    invitation = world.invitations[0]
    for _ in range(3):
        services.save_answers(invitation=invitation, data=COMPLETE, submit=True)
    assert Response.objects.filter(city=invitation.city).count() == 1
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Response.objects.create(survey=world.survey, city=invitation.city)


def test_the_structure_is_locked_once_a_response_exists(world):
    q = question(world, "staff")
    q.full_clean()
    services.save_answers(invitation=world.invitations[0], data={}, submit=False)
    world.survey.refresh_from_db()
    assert world.survey.is_locked
    with pytest.raises(ValidationError):
        question(world, "staff").full_clean()


def test_invitations_are_mailed_once_after_commit(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_invitations(survey=world.survey) == 4
    assert len(mailoutbox) == 4
    message = mailoutbox[0]
    assert "/surveys/answer/" in message.body and message.to[0].endswith("@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_invitations(survey=world.survey) == 0
    assert len(mailoutbox) == 4


def test_only_member_cities_are_invited(world):
    from tests.factories import CityFactory

    stranger = CityFactory(slug="stranger")
    with pytest.raises(ValidationError):
        services.invite(survey=world.survey, city=stranger, email="a@example.org")
    invitation, created = services.invite(
        survey=world.survey, city=world.cities[0], email="New@Example.org"
    )
    assert not created and invitation.email == "new@example.org"


def test_copying_a_survey_keeps_the_codes(world):
    now = timezone.now()
    copy = services.copy_survey(
        survey=world.survey, year=2025, opens_at=now, closes_at=now + dt.timedelta(days=9)
    )
    assert [q.code for q in services.questions_of(copy)] == [
        q.code for q in services.questions_of(world.survey)
    ]
    assert copy.title == "Host municipalities survey 2025"
