"""Items with everything their pages and cards show, for page and query-count tests.

Each builder states what it adds; none adds anything a test did not ask for elsewhere.
"""

from __future__ import annotations

from dataclasses import dataclass

from crossroads.directory.models import City, Office, Organisation, Person
from crossroads.events.models import Event
from crossroads.library.models import Resource
from crossroads.news.models import Story
from crossroads.taxonomy.models import Framework, Objective, Topic
from tests.factories import (
    CityFactory,
    EventDocumentFactory,
    EventFactory,
    FrameworkFactory,
    ItemActorFactory,
    ItemTranslationFactory,
    ObjectiveFactory,
    OfficeFactory,
    OrganisationFactory,
    ParticipantFactory,
    PersonFactory,
    ResourceFactory,
    ResourceVersionFactory,
    SessionFactory,
    StoryFactory,
    TopicFactory,
)


@dataclass
class World:
    """What the items of a test share: a city, two organisations, a tag of each kind, a person."""

    city: City
    organiser: Organisation
    partner: Organisation
    topic: Topic
    framework: Framework
    objective: Objective
    person: Person
    office: Office


def build_world() -> World:
    city = CityFactory(name="Kisumu", slug="kisumu")
    framework = FrameworkFactory()
    return World(
        city=city,
        organiser=OrganisationFactory(name="Cities Alliance", slug="cities-alliance"),
        partner=OrganisationFactory(name="UN-Habitat", slug="un-habitat"),
        topic=TopicFactory(name="Inclusion", slug="inclusion"),
        framework=framework,
        objective=ObjectiveFactory(framework=framework, number=15, title="Access to services"),
        person=PersonFactory(name="Amina Njoroge", slug="amina-njoroge"),
        office=OfficeFactory(title="Deputy Governor", city=city),
    )


def tag(item, world: World) -> None:
    """Organiser and partner, the topic, the framework and its objective, the city, and a
    French translation titled "<title> (fr)"."""
    ItemActorFactory(item=item, organisation=world.organiser, role="organiser")
    ItemActorFactory(item=item, organisation=world.partner, role="partner")
    item.topics.add(world.topic)
    item.frameworks.add(world.framework)
    item.framework_objectives.add(world.objective)
    item.cities.add(world.city)
    ItemTranslationFactory(item=item, language="fr", title=f"{item.title} (fr)")


def full_resource(world: World, **fields) -> Resource:
    """A tagged resource with a link version in English and one in French."""
    resource = ResourceFactory(**fields)
    tag(resource, world)
    for language in ("en", "fr"):
        ResourceVersionFactory(resource=resource, language=language)
    return resource


def full_event(world: World, **fields) -> Event:
    """A tagged event in the world's city with two parallel sessions (tracks A and B), each
    with a chair (person, office and organisation) and a speaker (an organisation), and an
    agenda (a full resource)."""
    event = EventFactory(city=world.city, **fields)
    tag(event, world)
    for track in ("A", "B"):
        session = SessionFactory(event=event, track=track)
        ParticipantFactory(
            session=session,
            role="chair",
            person=world.person,
            office=world.office,
            organisation=world.organiser,
        )
        ParticipantFactory(session=session, role="speaker", organisation=world.partner)
    agenda = full_resource(world, title=f"Agenda of {event.title}", resource_type="agenda")
    EventDocumentFactory(event=event, resource=agenda, role="agenda")
    return event


def full_story(world: World, **fields) -> Story:
    """A tagged story."""
    story = StoryFactory(**fields)
    tag(story, world)
    return story
