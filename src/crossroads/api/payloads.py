"""Models and cards as the API's JSON (see ``schemas``): what each shows is decided here,
from objects whose related rows the queries fetched already (no query per row).

Never shown: an event's online link, and anything about registrations.
"""

from __future__ import annotations

from django.urls import reverse

from crossroads.content.cards import Card
from crossroads.content.links import absolute
from crossroads.content.models import Item
from crossroads.directory.models import City, Network, Organisation
from crossroads.engagement.campaigns.queries import Signatory
from crossroads.engagement.models import Campaign
from crossroads.events.models import Event
from crossroads.library.models import Resource
from crossroads.news.models import Story


def item_api_url(request, kind: str, slug: str) -> str:
    """An API address, on the host the API was called by (as ``next`` is)."""
    return request.build_absolute_uri(reverse(f"api:{kind}", args=[slug]))


def card(request, card: Card) -> dict:
    event = None
    if card.kind == "event":
        event = {
            "start_date": card.start_date,
            "end_date": card.end_date,
            "date_precision": card.precision,
            "attendance_mode": card.attendance_mode,
            "venue": card.venue,
            "city": card.city,
            "country": card.country,
        }
    return {
        "kind": card.kind,
        "slug": card.slug,
        "type": card.type,
        "title": card.title,
        "summary": card.summary,
        "language": card.language,
        "published_at": card.published_at,
        "organisations": card.leads,
        "event": event,
        "url": absolute(card.get_absolute_url()),
        "api_url": item_api_url(request, card.kind, card.slug),
    }


def item_ref(request, item: Item) -> dict:
    return {
        "kind": item.kind,
        "slug": item.slug,
        "title": item.display_title,
        "url": absolute(item.get_absolute_url()),
    }


def organisation_ref(organisation: Organisation | None) -> dict | None:
    if organisation is None:
        return None
    return {"slug": organisation.slug, "name": organisation.name, "acronym": organisation.acronym}


def city_ref(city: City | None) -> dict | None:
    if city is None:
        return None
    return {"slug": city.slug, "name": city.name, "country": city.country_id}


def network_ref(network: Network) -> dict:
    return {"slug": network.slug, "name": network.name, "acronym": network.acronym}


def version(request, version) -> dict:
    return {
        "language": version.language,
        "title": version.title,
        "format": version.format,
        "size": version.size,
        "pages": version.pages,
        "url": absolute(version.href),
    }


def _item(request, item: Item) -> dict:
    """What every kind shows, in its own language, with all its translations (prefetched
    into ``api_translations``)."""
    return {
        "kind": item.kind,
        "slug": item.slug,
        "type": getattr(item, item.type_field),
        "title": item.title,
        "summary": item.summary,
        "body": item.body,
        "language": item.language,
        "status": item.status,
        "published_at": item.published_at,
        "updated_at": item.updated_at,
        "url": absolute(item.get_absolute_url()),
        "translations": [
            {"language": t.language, "title": t.title, "summary": t.summary, "body": t.body}
            for t in item.api_translations
        ],
        "topics": [{"slug": topic.slug, "name": topic.name} for topic in item.topics.all()],
        "frameworks": [
            {"code": f.code, "short_name": f.short_name, "name": f.name}
            for f in item.frameworks.all()
        ],
        "framework_objectives": [
            {"framework": o.framework.code, "number": o.number, "title": o.title}
            for o in item.framework_objectives.all()
        ],
        "cities": [city_ref(city) for city in item.cities.all()],
        "countries": [{"code": c.code, "name": c.name} for c in item.countries.all()],
        "organisations": [
            {**organisation_ref(actor.organisation), "role": actor.role}
            for actor in item.actor_list
        ],
    }


def _participant(participant) -> dict:
    return {
        "role": participant.role,
        "name": participant.name,
        "affiliation": participant.affiliation,
        "person": participant.person.slug if participant.person_id else None,
        "organisation": participant.organisation.slug if participant.organisation_id else None,
    }


def event(request, event: Event) -> dict:
    parent = event.parent if event.parent_id and event.parent.is_public else None
    return {
        **_item(request, event),
        "start_date": event.start_date,
        "end_date": event.end_date,
        "date_precision": event.date_precision,
        "start_time": event.start_time,
        "end_time": event.end_time,
        "timezone": str(event.tz),
        "attendance_mode": event.attendance_mode,
        "venue": event.venue,
        "city": city_ref(event.city),
        "parent": item_ref(request, parent) if parent else None,
        "program_status": event.program_status,
        "objectives": event.objectives,
        "sessions": [
            {
                "day": session.day,
                "start_time": session.start_time,
                "end_time": session.end_time,
                "title": session.title,
                "description": session.description,
                "kind": session.kind,
                "track": session.track,
                "participants": [_participant(p) for p in session.participants.all()],
            }
            for session in event.sessions.all()
        ],
        "documents": [
            {
                "role": document.role,
                "slug": document.resource.slug,
                "title": document.resource.display_title,
                "url": absolute(document.resource.get_absolute_url()),
                "versions": [version(request, v) for v in document.resource.versions.all()],
            }
            for document in event.documents.all()
        ],
    }


def resource(request, resource: Resource) -> dict:
    return {
        **_item(request, resource),
        "versions": [version(request, v) for v in resource.versions.all()],
        "events": [
            {**item_ref(request, link.event), "role": link.role}
            for link in resource.event_links.all()
        ],
    }


def story(request, story: Story) -> dict:
    return {
        **_item(request, story),
        "events": [item_ref(request, event) for event in story.events.all()],
    }


def campaign(request, campaign: Campaign, *, signatory_count: int) -> dict:
    signatories = None
    if campaign.signatories_public and campaign.is_public:
        path = reverse("api:campaign-signatories", args=[campaign.slug])
        signatories = request.build_absolute_uri(path)
    return {
        **_item(request, campaign),
        "asks": [
            {"language": ask.language, "order": ask.order, "text": ask.text}
            for ask in sorted(campaign.asks.all(), key=lambda a: (a.language, a.order, a.pk))
        ],
        "opens_on": campaign.opens_on,
        "closes_on": campaign.closes_on,
        "is_open": campaign.is_open(),
        "approval_required": campaign.approval_required,
        "signatories_public": campaign.signatories_public,
        "signatory_count": signatory_count,
        "signatories_url": signatories,
    }


def campaign_summary(request, campaign: Campaign) -> dict:
    """A campaign in the list (``signatory_count`` annotated by the query)."""
    return {
        "slug": campaign.slug,
        "type": campaign.campaign_type,
        "title": campaign.title,
        "summary": campaign.summary,
        "language": campaign.language,
        "published_at": campaign.published_at,
        "opens_on": campaign.opens_on,
        "closes_on": campaign.closes_on,
        "is_open": campaign.is_open(),
        "signatory_count": campaign.signatory_count,
        "url": absolute(campaign.get_absolute_url()),
        "api_url": item_api_url(request, "campaign", campaign.slug),
    }


def signatory(entry: Signatory) -> dict:
    return {
        "kind": entry.kind,
        "name": entry.name,
        "slug": entry.slug,
        "country": {"code": entry.country_code, "name": entry.country}
        if entry.country_code
        else None,
        "region": entry.region,
        "latitude": entry.latitude,
        "longitude": entry.longitude,
        "signed_on": entry.signed_on,
    }


def item_state(request, item: Item) -> dict:
    return {
        "kind": item.kind,
        "slug": item.slug,
        "title": item.title,
        "summary": item.summary,
        "body": item.body,
        "status": item.status,
        "published_at": item.published_at,
        "updated_at": item.updated_at,
        "api_url": item_api_url(request, item.kind, item.slug),
    }
