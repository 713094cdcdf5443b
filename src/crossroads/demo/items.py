"""Loading the items: resources with their language versions, events with their
programmes, and stories."""

from __future__ import annotations

import pycountry
from django.core.files.base import ContentFile

from crossroads.content.dates import period_end
from crossroads.content.models import Item, ItemActor, ItemTranslation, Status
from crossroads.demo.dataset import parse_time
from crossroads.demo.loader import Loader, keep_only, save, set_parent, upsert
from crossroads.demo.pdf import is_printable, render_pdf
from crossroads.events.models import Event, EventDocument, Participant, Session
from crossroads.library.models import Resource, ResourceVersion
from crossroads.news.models import Story

#: Formats given as a file of their own; the others are links to a demo address.
FILE_FORMATS = {"pdf"}
DEMO_LINK = "https://example.org/demo/{slug}-{language}.{format}"


def save_item(loader: Loader, model: type[Item], data: dict, refs: str, **values) -> Item:
    """Create or update an item with what every kind shares; ``refs`` names the
    field that lists its framework objectives ("GCM:16")."""
    item = upsert(
        model,
        slug=data["slug"],
        defaults={
            "title": data["title"],
            "summary": data["summary"] or "",
            "body": data["body"] or "",
            "language": data["language"],
            "status": data.get("status") or Status.PUBLISHED,
            "featured": data.get("featured") or False,
            **values,
        },
    )
    item.topics.set([loader.get(loader.topics, slug, "topic") for slug in data["topics"]])
    item.frameworks.set(
        [loader.get(loader.frameworks, code, "framework") for code in data["frameworks"]]
    )
    item.framework_objectives.set(
        [loader.get(loader.objectives, ref, "framework objective") for ref in data[refs]]
    )
    item.cities.set([loader.city(ref) for ref in data["cities"]])
    item.countries.set([loader.country(code) for code in data["countries"]])
    actors = [
        upsert(
            ItemActor,
            item=item,
            organisation=loader.organisation(actor["organisation"]),
            role=actor["role"],
            defaults={"order": order},
        )
        for order, actor in enumerate(data["actors"])
    ]
    keep_only(item.actors.all(), actors)
    translations = [
        upsert(
            ItemTranslation,
            item=item,
            language=translation["language"],
            defaults={
                "title": translation["title"],
                "summary": translation["summary"] or "",
                "body": translation["body"] or "",
            },
        )
        for translation in data["translations"]
    ]
    keep_only(item.translations.all(), translations)
    return item


def load_resources(loader: Loader) -> None:
    for data in loader.read("resources.json", "slug"):
        with loader.record("resources.json", data.get("slug")):
            resource = save_item(
                loader,
                Resource,
                data,
                "objectives",
                resource_type=data["resource_type"],
                published_at=loader.calendar.published_at(data["published_at"]),
            )
            titles = {t["language"]: t["title"] for t in data["translations"]}
            versions = [
                save_version(loader, resource, version, titles.get(version["language"], ""))
                for version in data["versions"]
            ]
            keep_only(resource.versions.all(), versions)
            loader.resources[resource.slug] = resource
            loader.report.versions += len(versions)
    loader.report.resources = len(loader.resources)


def save_version(loader: Loader, resource: Resource, data: dict, title: str) -> ResourceVersion:
    language, file_format = data["language"], data["format"]
    version = ResourceVersion.objects.filter(
        resource=resource, language=language, format=file_format
    ).first() or ResourceVersion(resource=resource, language=language, format=file_format)
    version.title = title
    version.pages = data["pages"]
    if file_format == "pdf":  # the demo makes PDFs only; other formats are links
        version.url = ""
        attach_pdf(loader, version)
    else:
        version.file = ""
        version.size = None
        version.url = DEMO_LINK.format(slug=resource.slug, language=language, format=file_format)
    return save(version)


def attach_pdf(loader: Loader, version: ResourceVersion) -> None:
    """Give ``version`` its demo PDF, rewriting the file only when it changed."""
    resource, language = version.resource, version.language
    titles = [version.title, resource.title, *resource.translations.values_list("title", flat=True)]
    content = render_pdf(
        title=next((t for t in titles if t and is_printable(t)), resource.slug),
        lines=[
            f"Language: {_language_name(language)} ({language})",
            "A Crossroads demo document: it stands in for the real publication.",
        ],
    )
    storage, current = version.file.storage, version.file.name
    if current and storage.exists(current):
        if _read(storage, current) == content:
            return
        storage.delete(current)
    version.file.save(f"{resource.slug}-{language}.pdf", ContentFile(content), save=False)
    loader.written.append(version.file.name)


def load_events(loader: Loader) -> None:
    records = loader.read("events.json", "slug")
    for data in records:
        with loader.record("events.json", data.get("slug")):
            loader.events[data["slug"]] = save_event(loader, data)
    for data in records:
        with loader.record("events.json", data["slug"]):
            event = loader.events[data["slug"]]
            set_parent(event, loader.event(data["parent"]))
    loader.report.events = len(loader.events)
    loader.report.programmes = sum(1 for data in records if data["sessions"])
    loader.report.sessions = sum(len(data["sessions"]) for data in records)


def save_event(loader: Loader, data: dict) -> Event:
    start, precision, relative = loader.calendar.parse(data["start"])
    end, end_precision, _ = loader.calendar.parse(data["end"] or data["start"])
    if end_precision != precision:
        raise ValueError(
            f"the start {data['start']!r} and end {data['end']!r} are not known to the "
            "same precision (day, month or year)"
        )
    registration = data["registration"]
    event = save_item(
        loader,
        Event,
        data,
        "objectives_refs",
        published_at=(
            loader.calendar.announced_at()
            if relative
            else loader.calendar.published_at(data["published_at"])
        ),
        event_type=data["event_type"],
        start_date=start,
        end_date=period_end(end, precision),
        date_precision=precision,
        start_time=parse_time(data["start_time"]),
        end_time=parse_time(data["end_time"]),
        timezone=data["timezone"] or "",
        attendance_mode=data["attendance"],
        venue=data["venue"] or "",
        city=loader.city(data["city"]),
        online_url=data["online_url"] or "",
        program_status=data["program_status"],
        objectives=data["objectives"] or "",
        registration_mode=registration["mode"],
        registration_url=registration["url"] or "",
        capacity_in_person=registration.get("capacity_in_person"),
        capacity_online=registration.get("capacity_online"),
        approval_required=registration.get("approval_required", False),
    )
    documents = [
        upsert(
            EventDocument,
            event=event,
            resource=loader.get(loader.resources, document["resource"], "resource"),
            defaults={"role": document["role"], "order": order},
        )
        for order, document in enumerate(data["documents"])
    ]
    keep_only(event.documents.all(), documents)
    event.sessions.all().delete()
    for order, session in enumerate(data["sessions"]):
        save_session(loader, event, session, order)
    return event


def save_session(loader: Loader, event: Event, data: dict, order: int) -> None:
    session = Session(
        event=event,
        day=loader.calendar.day_within(data["day"], event.date_precision),
        start_time=parse_time(data["start"]),
        end_time=parse_time(data["end"]),
        title=data["title"],
        description=data["description"] or "",
        kind=data["kind"],
        track=data["track"] or "",
        order=order,
    )
    save(session)
    for position, participant in enumerate(data["participants"]):
        save(
            Participant(
                session=session,
                role=participant["role"],
                person=loader.person(participant["person"]),
                organisation=loader.organisation(participant["organisation"]),
                office=loader.office(participant["office"]),
                order=position,
            )
        )


def load_stories(loader: Loader) -> None:
    records = loader.read("stories.json", "slug")
    for data in records:
        with loader.record("stories.json", data.get("slug")):
            story = save_item(
                loader,
                Story,
                data,
                "objectives_refs",
                news_type=data["news_type"],
                published_at=loader.calendar.published_at(data["published_at"]),
            )
            story.events.set([loader.event(slug) for slug in data["events"]])
    loader.report.stories = len(records)


def _read(storage, name: str) -> bytes:
    with storage.open(name, "rb") as file:
        return file.read()


def _language_name(code: str) -> str:
    language = pycountry.languages.get(alpha_2=code)
    return language.name if language else code
