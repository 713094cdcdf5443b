"""The operations that change surveys: inviting member cities, saving and submitting
answers, publishing results as a library resource, copying a survey to a new year.

Views, the admin and the ``surveys`` command call these. Mail goes out after commit
(``content.mail.send``), in the invitation's language.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from crossroads.audit.services import record_created, record_update
from crossroads.content.links import absolute
from crossroads.content.mail import send
from crossroads.content.models import ItemActor, Status
from crossroads.directory.models import City
from crossroads.engagement.models import (
    Answer,
    Choice,
    Invitation,
    Question,
    Response,
    ResponseStatus,
    Section,
    Survey,
)
from crossroads.engagement.surveys import tokens
from crossroads.engagement.surveys.access import check_can_manage_surveys
from crossroads.engagement.surveys.answers import Reading, read_answers
from crossroads.library.models import Resource, ResourceType, ResourceVersion

logger = logging.getLogger(__name__)


# -- links -------------------------------------------------------------------------------
def answer_url(invitation: Invitation) -> str:
    return reverse("engagement:survey-answer", args=[tokens.make_token(invitation.pk)])


def get_invitation_by_token(token: str) -> Invitation:
    """The invitation a link names; ``tokens.BadToken`` when the link is altered or the
    invitation no longer exists."""
    pk = tokens.read_token(token)
    invitation = (
        Invitation.objects.select_related("survey__network", "city__country").filter(pk=pk).first()
    )
    if invitation is None:
        raise tokens.BadToken("no such invitation")
    return invitation


# -- invitations -------------------------------------------------------------------------
def invite(
    *, survey: Survey, city: City, email: str, language: str = "en", by=None
) -> tuple[Invitation, bool]:
    """Invite a member city of the survey's network at ``email`` (or change the address
    of its invitation). Returns the invitation and whether it is new.

    Refuses (PermissionDenied) anyone who does not manage the network's surveys, and
    (ValidationError) a city that is not a member, or a survey already closed. Sends
    nothing: ``send_invitations`` does.
    """
    if by is not None:
        check_can_manage_surveys(by, survey.network)
    if survey.is_closed():
        raise ValidationError(_("This survey is closed."))
    email = email.strip().lower()
    invitation = Invitation.objects.filter(survey=survey, city=city).first()
    created = invitation is None
    if created:
        invitation = Invitation(survey=survey, city=city)
    invitation.email, invitation.language = email, language
    invitation.full_clean(exclude=["survey"] if not created else None)
    try:
        with transaction.atomic():
            invitation.save()
    except IntegrityError:
        raise ValidationError(_("This city was invited meanwhile.")) from None
    return invitation, created


def send_invitations(*, survey: Survey, by=None, again: bool = False) -> int:
    """Mail each invited city its link: those not yet sent to (all of them with
    ``again``). Returns how many messages go out (after commit).

    Refuses a closed survey (ValidationError) and, with ``by``, anyone who does not
    manage the network's surveys (PermissionDenied). Side effects: sets ``sent_at``.
    """
    if by is not None:
        check_can_manage_surveys(by, survey.network)
    if survey.is_closed():
        raise ValidationError(_("This survey is closed: invitations are no longer sent."))
    now = timezone.now()
    with transaction.atomic():
        pending = Invitation.objects.select_for_update().filter(survey=survey)
        if not again:
            pending = pending.filter(sent_at__isnull=True)
        invitations = list(pending.select_related("city", "survey__network").order_by("pk"))
        for invitation in invitations:
            send(
                "engagement/surveys/mail/invitation",
                {
                    "invitation": invitation,
                    "survey": survey,
                    "network": survey.network,
                    "city": invitation.city,
                    "answer_url": absolute(answer_url(invitation)),
                },
                to=invitation.email,
                language=invitation.language,
            )
        Invitation.objects.filter(pk__in=[i.pk for i in invitations]).update(sent_at=now)
        for invitation in invitations:
            record_update(instances=[invitation], changes={"sent_at": (invitation.sent_at, now)})
    logger.info("Survey %s: %s invitations sent", survey.pk, len(invitations))
    return len(invitations)


# -- answering ---------------------------------------------------------------------------
def questions_of(survey: Survey) -> list[Question]:
    """The survey's questions in order, with their sections and choices (two queries)."""
    return list(
        Question.objects.filter(survey=survey)
        .select_related("section")
        .prefetch_related("choices")
        .order_by("section__order", "section_id", "order", "pk")
    )


def save_answers(
    *,
    invitation: Invitation,
    data,
    submit: bool,
    questions: list[Question] | None = None,
    now: dt.datetime | None = None,
) -> tuple[Response | None, Reading]:
    """Save the answers a municipality sent through its link, as a draft or submitted.

    Returns the response (None when nothing was saved) and the reading of the form,
    whose ``errors`` say what was wrong: nothing is saved then. A submitted response stays
    submitted: saving it again is amending it, checked as a submission. Refuses
    (ValidationError) a survey not yet open or already closed.

    Side effects: under the invitation's lock (so that two submissions at once make one
    response), creates the city's response if needed and replaces its answers.
    """
    now = now or timezone.now()
    survey = invitation.survey
    if now < survey.opens_at:
        raise ValidationError(_("This survey is not open yet."))
    if survey.is_closed(now):
        raise ValidationError(_("This survey is closed: answers can no longer change."))
    questions = questions if questions is not None else questions_of(survey)
    with transaction.atomic():
        Invitation.objects.select_for_update().filter(pk=invitation.pk).values("pk").first()
        response = Response.objects.filter(survey=survey, city_id=invitation.city_id).first()
        final = submit or (response is not None and response.is_submitted)
        reading = read_answers(questions, data, final=final)
        if not reading.valid:
            return response, reading
        if response is None:
            response = Response.objects.create(
                survey=survey, city_id=invitation.city_id, created_at=now, updated_at=now
            )
        response.updated_at = now
        if final:
            response.status = ResponseStatus.SUBMITTED
            response.submitted_at = response.submitted_at or now
        response.save(update_fields=["status", "updated_at", "submitted_at"])
        Answer.objects.filter(response=response).delete()
        Answer.objects.bulk_create(
            Answer(
                response=response,
                question_id=pk,
                choices=list(value.choices),
                number=value.number,
                text=value.text,
            )
            for pk, value in reading.values.items()
        )
    logger.info("Survey response %s saved (%s)", response.pk, response.status)
    return response, reading


def response_of(invitation: Invitation) -> Response | None:
    return (
        Response.objects.filter(survey_id=invitation.survey_id, city_id=invitation.city_id)
        .prefetch_related("answers")
        .first()
    )


# -- results as a resource ---------------------------------------------------------------
def publish_results_as_resource(*, survey: Survey, by=None) -> Resource:
    """A draft library resource (a report) whose English version links to the survey's
    results page, by the network's secretariat; made once per survey (asking again gives
    the same resource back).

    Side effects: creates the resource, its version and its publisher; remembers it on the
    survey. Publishing it stays an editor's step (the item workflow).
    """
    if by is not None:
        check_can_manage_surveys(by, survey.network)
    with transaction.atomic():
        survey = Survey.objects.select_for_update().select_related("network").get(pk=survey.pk)
        if survey.results_resource_id and (
            existing := Resource.objects.filter(pk=survey.results_resource_id).first()
        ):
            return existing
        network = survey.network
        base = slugify(f"{network.acronym or network.slug}-survey-{survey.year}-results")[:100]
        slug, n = base, 1
        while Resource.objects.filter(slug=slug).exists():
            n += 1
            slug = f"{base}-{n}"
        # Written in the site's language, whatever the publishing editor reads it in.
        with translation.override(settings.LANGUAGE_CODE):
            title = _("%(title)s: results") % {"title": survey.title}
            summary = _(
                "The answers of %(network)s's member municipalities to its %(year)s survey."
            ) % {"network": network.name, "year": survey.year}
        resource = Resource(
            title=title,
            slug=slug,
            summary=summary,
            language=settings.LANGUAGE_CODE,
            status=Status.DRAFT,
            resource_type=ResourceType.REPORT,
        )
        resource.full_clean()
        resource.save()
        version = ResourceVersion(
            resource=resource,
            language=settings.LANGUAGE_CODE,
            url=absolute(survey.get_absolute_url()),
            format="html",
        )
        version.full_clean()
        version.save()
        if network.secretariat_id:
            ItemActor.objects.create(
                item=resource, organisation_id=network.secretariat_id, role="publisher"
            )
        survey.results_resource = resource
        survey.save(update_fields=["results_resource"])
    logger.info("Survey %s results published as draft resource %s", survey.pk, resource.pk)
    return resource


# -- copying to a new year ---------------------------------------------------------------
def copy_survey(
    *, survey: Survey, year: int, opens_at: dt.datetime, closes_at: dt.datetime, by=None
) -> Survey:
    """A new year's survey with the same sections, questions (same codes) and choices,
    closed results, no invitations. Refuses (ValidationError) a year the network has."""
    if by is not None:
        check_can_manage_surveys(by, survey.network)
    with transaction.atomic():
        new = Survey(
            network=survey.network,
            year=year,
            title=survey.title.replace(str(survey.year), str(year)),
            introduction=survey.introduction,
            opens_at=opens_at,
            closes_at=closes_at,
        )
        new.full_clean()
        new.save()
        sections = {}
        for section in survey.sections.all():
            sections[section.pk] = Section.objects.create(
                survey=new,
                title=section.title,
                description=section.description,
                order=section.order,
            )
        for question in questions_of(survey):
            choices = list(question.choices.all())
            old_section = question.section_id
            question.pk, question.survey, question.section = None, new, sections[old_section]
            question.save()
            record_created(
                instances=Choice.objects.bulk_create(
                    Choice(question=question, code=c.code, label=c.label, order=c.order)
                    for c in choices
                )
            )
    return new
