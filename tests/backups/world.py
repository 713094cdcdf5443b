"""A small world holding a row of nearly every kind, real uploaded files, and what compares
two databases: every row of every backed-up model, the derived rows, the media files."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import tarfile
from pathlib import Path

from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.auth.models import Group, Permission, User
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from crossroads.accounts.models import Role
from crossroads.accounts.roles import grant_role
from crossroads.api.services import issue_token
from crossroads.backups.archive import NATURAL
from crossroads.backups.services import backed_up_models
from crossroads.engagement.models import (
    Invitation,
    Pledger,
    PledgeUpdate,
    Signature,
)
from crossroads.engagement.surveys.services import save_answers
from crossroads.events.models import Registration
from crossroads.ingest.models import Source
from crossroads.matching.models import (
    CityNeed,
    DisplacementFigure,
    Experience,
    NeedReading,
    NeedSource,
)
from tests.content.builders import build_world, full_event, full_resource, full_story
from tests.engagement.conftest import make_survey
from tests.factories import (
    CampaignFactory,
    MembershipFactory,
    NetworkFactory,
    PledgeFactory,
    ResourceVersionFactory,
    StoryFactory,
)

PDF = b"%PDF-1.4\n" + bytes(range(256)) * 40


def build_rich_world() -> dict[str, int]:
    """Items of every kind with their parts, registrations, a campaign with signatures, a
    pledge with pledgers and an update, a survey answered, a draft and an imported story,
    users with groups, permissions, a role and an API token, admin history, and three media
    files (two uploaded documents, one file nothing names). Returns what tests check."""
    world = build_world()
    event = full_event(world, title="Peer learning in Kisumu")
    full_story(world, title="Mayors meet in Kisumu")
    report = full_resource(world, title="Housing report")
    ResourceVersionFactory(
        resource=report, language="ar", url="", file=SimpleUploadedFile("report.pdf", PDF)
    )
    ResourceVersionFactory(
        resource=report,
        language="es",
        url="",
        file=SimpleUploadedFile("rapport été.pdf", PDF + b"version francaise"),
    )
    default_storage.save("branding/logo.svg", ContentFile(b"<svg/>"))
    draft = StoryFactory(title="Unpublished draft", status="draft", published_at=None)
    source = Source.objects.create(
        item=draft,
        relation="created",
        location="https://example.org/news/1",
        fetched_at=timezone.now(),
        content_hash="ab" * 32,
        language="en",
        text="Unpublished draft. Read from a partner's page.",
        record={"title": "Unpublished draft", "score": 0.75, "nested": {"b": 1, "a": [1.5]}},
    )
    source.resources.add(report)
    for n, status in enumerate(["confirmed", "waitlisted", "cancelled"]):
        Registration.objects.create(
            event=event,
            name=f"Person {n}",
            email=f"person{n}@example.org",
            attendance_mode="in_person",
            status=status,
            consented_at=timezone.now() - dt.timedelta(microseconds=123457 * n),
        )
    campaign = CampaignFactory(title="Solidarity with host cities")
    campaign.topics.add(world.topic)
    Signature.objects.create(
        campaign=campaign,
        city=world.city,
        name="A mayor",
        title="Mayor",
        email="mayor@example.org",
        status="confirmed",
        confirmed_at=timezone.now(),
    )
    pledge = PledgeFactory(title="Housing for 500 families", pledge_type="need")
    pledge.topics.add(world.topic)
    Pledger.objects.create(pledge=pledge, city=world.city)
    PledgeUpdate.objects.create(
        pledge=pledge, date=dt.date(2025, 3, 1), text="Land found.", progress="in_progress"
    )
    network = NetworkFactory(slug="hmln")
    MembershipFactory(network=network, city=world.city)
    NeedReading.objects.create(
        network=network, question_code="main_constraint", choice_code="housing", topic=world.topic
    )
    invitation = Invitation.objects.create(
        survey=make_survey(network, 2025), city=world.city, email="kisumu@example.org"
    )
    save_answers(invitation=invitation, data={"q-main_constraint": ["housing"]}, submit=True)
    CityNeed.objects.create(city=world.city, topic=world.topic, year=2024, note="Said at a forum.")
    DisplacementFigure.objects.create(
        city=world.city, group="refugees", people=52000, year=2024, source_name="UNHCR"
    )
    admin = User.objects.create_superuser("admin", "admin@example.org", "a long passphrase")
    editor = User.objects.create_user("editor", "editor@example.org", "another passphrase")
    reviewers = Group.objects.create(name="Reviewers")
    reviewers.permissions.add(Permission.objects.get(codename="change_item"))
    editor.groups.add(reviewers)
    editor.user_permissions.add(Permission.objects.get(codename="view_registration"))
    grant_role(user=editor, role=Role.EDITOR, organisation=world.organiser, by=admin)
    issue_token(user=editor, name="Website")
    LogEntry.objects.create(
        user=admin,
        content_type=ContentType.objects.get_for_model(type(event)),
        object_id=str(event.pk),
        object_repr=event.title,
        action_flag=ADDITION,
        change_message=json.dumps([{"added": {}}]),
    )
    StoryFactory(title="Budget of €1.5\u00a0million", summary="Ārabic عربي", body="")
    return {"registrations": 3, "media": 3, "event": event.pk}


def _natural(model) -> dict[str, type]:
    return {
        field.attname: field.related_model
        for field in model._meta.concrete_fields
        if field.is_relation and field.related_model in NATURAL
    }


def _named(model, pk):
    return None if pk is None else model._base_manager.get(pk=pk).natural_key()


def snapshot() -> dict[str, list[dict]]:
    """Every row of every backed-up model, all fields (link tables included), by primary
    key; content types and permissions named by their natural keys. Needs read from surveys
    and pledges are left to ``derived``."""
    rows = {}
    for model in backed_up_models():
        natural = _natural(model)
        query = model._base_manager.order_by("pk")
        if model is CityNeed:
            query = query.filter(source=NeedSource.EDITOR)  # the others: ``derived``
        found = list(query.values())
        for row in found:
            for name, related in natural.items():
                row[name] = _named(related, row[name])
        rows[model._meta.label_lower] = found
    return rows


def derived() -> dict[str, list[tuple]]:
    """Peer matching's rows read from the content, without their ids (rebuilt afresh)."""
    return {
        "experience": sorted(
            Experience.objects.values_list(
                *(f.attname for f in Experience._meta.concrete_fields if not f.primary_key)
            ),
            key=repr,
        ),
        "needs": sorted(
            CityNeed.objects.exclude(source=NeedSource.EDITOR).values_list(
                "city_id", "topic_id", "source", "year", "note"
            )
        ),
    }


def media_files(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def archive_contents(path: Path) -> tuple[dict, dict[str, object]]:
    """An archive's manifest, and each member's rows (parsed) or bytes' SHA-256."""
    contents: dict[str, object] = {}
    manifest = {}
    with tarfile.open(path) as tar:
        for member in tar:
            data = tar.extractfile(member).read()
            if member.name == "manifest.json":
                manifest = json.loads(data)
            elif member.name.startswith("data/"):
                contents[member.name] = [json.loads(line) for line in data.splitlines()]
            else:
                contents[member.name] = hashlib.sha256(data).hexdigest()
    return manifest, contents
