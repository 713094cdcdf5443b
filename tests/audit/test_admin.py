"""The audit log in the admin: read by secretariats and administrators, changed by nobody,
its list in a bounded number of queries."""

import html
import re

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from crossroads.accounts.models import Role
from crossroads.accounts.roles import grant_role
from crossroads.audit.models import AuditEntry
from crossroads.events import services as events
from tests.audit.helpers import entries_of
from tests.events.registering import details, open_event
from tests.factories import NetworkFactory, OrganisationFactory, TopicFactory

pytestmark = pytest.mark.django_db

LIST = reverse("admin:audit_auditentry_changelist")


def change_url(entry) -> str:
    return reverse("admin:audit_auditentry_change", args=[entry.pk])


def signed_in(client, role):
    user = get_user_model().objects.create_user(role, f"{role}@example.org", "x")
    if role == "secretariat":
        grant_role(user=user, role=Role.SECRETARIAT, network=NetworkFactory(), by=None)
    else:
        grant_role(user=user, role=Role.EDITOR, organisation=OrganisationFactory(), by=None)
    client.force_login(user)
    return client


def test_the_secretariat_reads_the_list_and_an_entry(client):
    secretariat = signed_in(client, "secretariat")
    topic = TopicFactory(name="Health", description="")
    topic.description = "Care"
    topic.save()
    changed = entries_of(topic)[-1]

    listing = secretariat.get(LIST)
    detail = secretariat.get(change_url(changed))

    assert listing.status_code == 200
    rows = listing.context["cl"].result_list
    assert changed in rows
    html = listing.content.decode()
    assert "Health" in html and "description" in html and "system" in html
    assert detail.status_code == 200
    text = detail.content.decode()
    assert "<td>description</td><td>—</td><td>Care</td>" in text
    topic_url = reverse("admin:taxonomy_topic_change", args=[topic.pk])
    assert f'<a href="{topic_url}">Health</a>' in text


def test_an_entry_of_a_deleted_record_and_a_hidden_value(client):
    secretariat = signed_in(client, "secretariat")
    registration, _new = events.register(event=open_event(), details=details(3))
    created = entries_of(registration)[0]
    registration.delete()

    text = secretariat.get(change_url(created)).content.decode()

    assert "<td>name</td><td>—</td><td>(hidden)</td>" in text
    assert "(no longer exists)" in text
    assert "Person 3" not in text


def test_an_editor_without_the_secretariat_role_is_refused(client):
    editor = signed_in(client, "editor")
    entry = entries_of(TopicFactory())[0]

    assert editor.get(LIST).status_code == 403
    assert editor.get(change_url(entry)).status_code == 403
    assert "audit" not in editor.get(reverse("admin:index")).content.decode().lower()


def test_nobody_adds_changes_or_deletes_an_entry(admin_client):
    entry = entries_of(TopicFactory(name="Health"))[0]
    before = AuditEntry.objects.count()

    assert admin_client.get(reverse("admin:audit_auditentry_add")).status_code == 403
    assert admin_client.post(change_url(entry), {"actor_label": "someone"}).status_code == 403
    delete = reverse("admin:audit_auditentry_delete", args=[entry.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    entry.refresh_from_db()
    assert (entry.actor_label, AuditEntry.objects.count()) == ("system", before)
    listing = admin_client.get(LIST).content.decode()
    assert reverse("admin:audit_auditentry_add") not in listing


def list_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(LIST)
    assert response.status_code == 200
    return len(queries)


def test_the_list_takes_as_many_queries_for_few_entries_as_for_many(client):
    secretariat = signed_in(client, "secretariat")
    for n in range(3):
        TopicFactory(name=f"Topic {n}")
    few = list_queries(secretariat)
    for n in range(3, 60):
        TopicFactory(name=f"Topic {n}")
    many = list_queries(secretariat)

    assert few == many
    assert many <= 12


def test_the_list_filters_by_action_and_finds_by_name(client):
    secretariat = signed_in(client, "secretariat")
    topic = TopicFactory(name="Housing")
    topic.delete()
    TopicFactory(name="Health")

    deleted = secretariat.get(LIST, {"action__exact": "deleted"}).context["cl"].result_list
    found = secretariat.get(LIST, {"q": "Health"}).context["cl"].result_list

    assert [entry.object_repr for entry in deleted] == ["Housing"]
    assert [entry.object_repr for entry in found] == ["Health"]


def test_a_change_page_links_to_the_records_audit_trail(client):
    secretariat = signed_in(client, "secretariat")
    topic, other = TopicFactory(name="Health"), TopicFactory(name="Housing")
    topic.name = "Care"
    topic.save()

    page = secretariat.get(reverse("admin:taxonomy_topic_change", args=[topic.pk]))
    link = re.search(
        r'<a href="([^"]+)" class="historylink">Audit trail</a>', page.content.decode()
    )
    trail = secretariat.get(html.unescape(link.group(1))).context["cl"].result_list

    assert [(entry.action, entry.object_repr) for entry in trail] == [
        ("changed", "Care"),
        ("created", "Health"),
    ]
    assert other.name not in [entry.object_repr for entry in trail]


def test_editors_see_no_audit_trail_link(client):
    editor = signed_in(client, "editor")
    topic = TopicFactory(name="Health")

    page = editor.get(reverse("admin:taxonomy_topic_change", args=[topic.pk]))

    assert page.status_code == 200
    assert "Audit trail" not in page.content.decode()
