"""What the audit log records of each kind of change: created, changed and deleted records
with their exact fields, links, personal values hidden, transactions, bulk loading."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from crossroads.accounts.models import Role
from crossroads.accounts.roles import grant_role, withdraw_role
from crossroads.api.services import issue_token
from crossroads.audit.context import suspended
from crossroads.audit.models import HIDDEN, AuditEntry
from crossroads.content.models import Item
from crossroads.engagement.campaigns import services as campaigns
from crossroads.engagement.models import CampaignAsk
from crossroads.events import services as events
from crossroads.events.models import Event, Registration
from crossroads.taxonomy.models import Topic
from tests.audit.helpers import entries_of, log
from tests.engagement.campaigning import city, details, kenya_and_jordan
from tests.events.registering import details as registration_details
from tests.events.registering import open_event
from tests.factories import (
    CampaignFactory,
    CityFactory,
    EventDocumentFactory,
    EventFactory,
    FrameworkFactory,
    ItemActorFactory,
    ItemTranslationFactory,
    MembershipFactory,
    NetworkFactory,
    ObjectiveFactory,
    OrganisationFactory,
    ParticipantFactory,
    PersonFactory,
    PledgeFactory,
    ResourceFactory,
    ResourceVersionFactory,
    SessionFactory,
    StoryFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db


def test_a_topic_created_changed_and_deleted():
    topic = Topic.objects.create(name="Health", slug="health")
    topic.description = "Care for everyone."
    topic.save()
    pk = topic.pk
    topic.delete()

    assert log(Topic(pk=pk)) == [
        ("created", {"name": [None, "Health"], "slug": [None, "health"]}),
        ("changed", {"description": ["", "Care for everyone."]}),
        (
            "deleted",
            {
                "name": ["Health", None],
                "slug": ["health", None],
                "description": ["Care for everyone.", None],
            },
        ),
    ]
    assert [entry.object_repr for entry in entries_of(Topic(pk=pk))] == ["Health"] * 3


@pytest.mark.parametrize(
    ("make", "field", "new", "shown"),
    [
        (lambda: OrganisationFactory(acronym="IOM"), "acronym", "UNHCR", ["IOM", "UNHCR"]),
        (lambda: CityFactory(population=1000), "population", 2500, [1000, 2500]),
        (lambda: NetworkFactory(website=""), "website", "https://n.org", ["", "https://n.org"]),
        (lambda: MembershipFactory(role="member"), "role", "founder", ["member", "founder"]),
        (lambda: FrameworkFactory(short_name="GCM"), "short_name", "GCR", ["GCM", "GCR"]),
        (lambda: ObjectiveFactory(title="Data"), "title", "Data, better", ["Data", "Data, better"]),
        (lambda: TopicFactory(name="Health"), "name", "Care", ["Health", "Care"]),
        (lambda: StoryFactory(title="Old"), "title", "New", ["Old", "New"]),
        (lambda: ResourceFactory(summary=""), "summary", "Short.", ["", "Short."]),
        (
            lambda: PledgeFactory(progress="planning"),
            "progress",
            "fulfilled",
            ["planning", "fulfilled"],
        ),
        (lambda: ItemTranslationFactory(title="Titre"), "title", "Titre 2", ["Titre", "Titre 2"]),
        (lambda: ItemActorFactory(role="partner"), "role", "funder", ["partner", "funder"]),
        (lambda: SessionFactory(track="A"), "track", "B", ["A", "B"]),
        (lambda: ParticipantFactory(role="speaker"), "role", "chair", ["speaker", "chair"]),
        (lambda: EventDocumentFactory(role="agenda"), "role", "report", ["agenda", "report"]),
        (lambda: ResourceVersionFactory(pages=None), "pages", 12, [None, 12]),
        (
            lambda: CampaignAsk.objects.create(campaign=CampaignFactory(), order=0, text="Act"),
            "order",
            3,
            [0, 3],
        ),
    ],
)
def test_each_kind_of_record_logs_the_field_that_changed_and_its_deletion(make, field, new, shown):
    record = make()
    setattr(record, field, new)
    record.save()
    pk = record.pk
    record.delete()

    entries = entries_of(type(record), pk)
    assert [entry.action for entry in entries] == ["created", "changed", "deleted"]
    assert entries[1].changes == {field: shown}
    assert entries[2].changes[field] == [shown[1], None]


def test_a_save_that_changes_nothing_logs_nothing():
    topic = TopicFactory(name="Health")
    topic.save()

    assert [action for action, _changes in log(topic)] == ["created"]


def test_an_item_is_logged_as_its_kind_whichever_way_it_is_saved():
    event = EventFactory(title="Forum", venue="Hall 1")
    event.venue = "Hall 2"
    event.save()
    item = Item.objects.get(pk=event.pk)
    item.title = "Forum 2026"
    item.save()
    event.delete()

    actions = [(action, sorted(changes)) for action, changes in log(event)]
    assert actions[1:3] == [("changed", ["venue"]), ("changed", ["title"])]
    assert actions[3][0] == "deleted"
    assert len(actions) == 4
    assert not entries_of(Item)


def test_an_event_deleted_takes_its_sessions_with_it_in_the_log():
    session = SessionFactory(title="Opening")
    session.event.delete()

    assert [action for action, _changes in log(session)] == ["created", "deleted"]


def test_links_added_removed_and_cleared_from_either_side():
    event = EventFactory()
    health, housing = TopicFactory(name="Health"), TopicFactory(name="Housing")
    event.topics.add(health, housing)
    event.topics.remove(health)
    housing.items.add(Item.objects.get(pk=event.pk), EventFactory())
    event.topics.clear()
    health.items.add(event)
    health.items.clear()

    topics = [changes for action, changes in log(event) if "topics" in changes]
    assert topics == [
        {"topics": [[], ["Health", "Housing"]]},
        {"topics": [["Health", "Housing"], ["Housing"]]},
        {"topics": [["Housing"], []]},
        {"topics": [[], ["Health"]]},
        {"topics": [["Health"], []]},
    ]


def test_a_story_linked_to_an_event():
    story, event = StoryFactory(), EventFactory(title="Forum")
    story.events.set([event])

    assert log(story)[-1] == ("changed", {"events": [[], ["Forum"]]})


def test_groups_and_permissions_of_accounts_are_permission_changes():
    user = get_user_model().objects.create_user("someone", "someone@example.org", "secret")
    group = Group.objects.create(name="Reviewers")
    permission = Permission.objects.get(codename="view_topic")
    group.permissions.add(permission)
    user.groups.add(group)
    user.is_superuser = True
    user.save()

    assert log(user) == [
        (
            "created",
            {
                "is_active": [None, True],
                "is_staff": [None, False],
                "is_superuser": [None, False],
                "password": [None, HIDDEN],
            },
        ),
        ("permissions", {"groups": [[], ["Reviewers"]]}),
        ("permissions", {"is_superuser": [False, True]}),
    ]
    assert log(group)[1] == ("permissions", {"permissions": [[], [str(permission)]]})
    assert {entry.object_repr for entry in entries_of(user)} == {f"user #{user.pk}"}


def test_granting_and_withdrawing_a_role():
    user = get_user_model().objects.create_user("editor", "editor@example.org", "x")
    organisation = OrganisationFactory()
    grant = grant_role(user=user, role=Role.EDITOR, organisation=organisation, by=None)
    withdraw_role(grant=grant, by=None)

    (created, deleted) = entries_of(grant)
    assert (created.action, created.changes) == (
        "created",
        {
            "user": [None, user.pk],
            "role": [None, "editor"],
            "organisation": [None, organisation.pk],
        },
    )
    assert deleted.action == "deleted"
    assert log(user)[1:] == [
        ("permissions", {"is_staff": [False, True]}),
        ("permissions", {"is_staff": [True, False]}),
    ]


def test_an_api_token_is_logged_without_its_key():
    user = get_user_model().objects.create_user("editor", "editor@example.org", "x")
    token, key = issue_token(user=user, name="Website")

    (entry,) = entries_of(token)
    assert entry.changes == {
        "user": [None, user.pk],
        "name": [None, "Website"],
        "prefix": [None, key[:8]],
        "key_hash": [None, HIDDEN],
    }


# -- personal data ------------------------------------------------------------------------
def test_a_registration_is_logged_without_the_persons_details():
    event = open_event(title="Hub meeting")
    registration, _new = events.register(
        event=event,
        details=registration_details(
            7, organisation="Kakuma Youth", city="Kakuma", accessibility_needs="A ramp"
        ),
    )
    events.confirm_email(registration=registration)

    created, confirmed = entries_of(registration)
    assert created.object_repr == f"registration #{registration.pk}"
    assert created.changes == {
        "event": [None, event.pk],
        "name": [None, HIDDEN],
        "email": [None, HIDDEN],
        "organisation": [None, HIDDEN],
        "city": [None, HIDDEN],
        "accessibility_needs": [None, HIDDEN],
        "attendance_mode": [None, "in_person"],
        "language": [None, "en"],
        "status": [None, "pending_email"],
        "consented_at": created.changes["consented_at"],
    }
    assert sorted(confirmed.changes) == ["confirmed_at", "email_confirmed_at", "status"]
    written = json.dumps([entry.changes for entry in AuditEntry.objects.all()])
    written += " ".join(AuditEntry.objects.values_list("object_repr", flat=True))
    for personal in ("Person 7", "person7@example.org", "Kakuma", "ramp"):
        assert personal not in written


def test_a_changed_name_is_logged_as_changed_but_not_what_to():
    registration, _new = events.register(event=open_event(), details=registration_details(1))
    registration.name = "Someone Else"
    registration.save()

    assert log(registration)[-1] == ("changed", {"name": [HIDDEN, HIDDEN]})


def test_a_signature_is_logged_without_the_signers_details():
    kenya, _jordan = kenya_and_jordan()
    kisumu = city("Kisumu", kenya, "east_africa")
    campaign = CampaignFactory(title="Cities with refugees", slug="cities-with-refugees")
    signature, _new = campaigns.sign(
        campaign=campaign, details=details(1, city=kisumu, email="signer1@example.org")
    )

    (entry,) = entries_of(signature)
    assert entry.object_repr == f"signature #{signature.pk}"
    assert entry.changes["email"] == [None, HIDDEN]
    assert entry.changes["city"] == [None, kisumu.pk]
    assert "signer1@example.org" not in json.dumps(entry.changes)


def test_a_person_of_the_directory_is_named_by_number_only():
    person = PersonFactory(name="Amina Mohammed")

    (entry,) = entries_of(person)
    assert entry.object_repr == f"person #{person.pk}"
    assert entry.changes["name"] == [None, HIDDEN]


# -- transactions and bulk loading --------------------------------------------------------
def test_a_change_rolled_back_leaves_no_entry():
    topic = TopicFactory(name="Health")
    with pytest.raises(RuntimeError), transaction.atomic():
        topic.name = "Care"
        topic.save()
        TopicFactory(name="Housing")
        raise RuntimeError("undo")

    assert [action for action, _changes in log(topic)] == ["created"]
    assert AuditEntry.objects.count() == 1


def test_raw_saves_and_suspended_blocks_are_not_logged():
    Topic(name="Loaded", slug="loaded").save_base(raw=True)
    with suspended():
        topic = TopicFactory(name="Demo")
        topic.delete()
        grant_role(
            user=get_user_model().objects.create_user("u", "u@example.org", "x"),
            role=Role.EDITOR,
            organisation=OrganisationFactory(),
            by=None,
        )

    assert AuditEntry.objects.count() == 0


def test_a_save_of_unaudited_fields_costs_no_query(django_assert_num_queries):
    user = get_user_model().objects.create_user("someone", "someone@example.org", "x")
    user.first_name = "Some"
    with django_assert_num_queries(1):
        user.save(update_fields=["first_name"])

    assert len(log(user)) == 1


def queries_of(function) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        function()
    return [query["sql"] for query in queries.captured_queries]


def test_a_change_costs_two_queries_and_a_creation_one():
    topic = TopicFactory(name="Health")

    def rename(name):
        topic.name = name
        topic.save()

    with suspended():
        unaudited = queries_of(lambda: rename("Care"))
    audited = queries_of(lambda: rename("Housing"))
    assert len(audited) == len(unaudited) + 2
    assert audited[0].startswith('SELECT "taxonomy_topic"."name"')
    assert audited[-1].startswith('INSERT INTO "audit_auditentry"')

    with suspended():
        unaudited = queries_of(lambda: Topic.objects.create(name="A", slug="a"))
    audited = queries_of(lambda: Topic.objects.create(name="B", slug="b"))
    assert len(audited) == len(unaudited) + 1


def test_an_event_deleted_logs_its_registrations_deleted_too():
    registration, _new = events.register(event=open_event(), details=registration_details(2))
    Event.objects.filter(pk=registration.event_id).delete()

    assert [action for action, _changes in log(Registration(pk=registration.pk))] == [
        "created",
        "deleted",
    ]
