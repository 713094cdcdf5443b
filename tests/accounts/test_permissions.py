"""Who may do what: every role against every protected action, through the services and
through the admin's pages, then the admin's rules for editors in detail.

The world (``permission_world``): organisations A and B, network N whose member is A, an
event (a draft, with a session) by each organisation, and one person per role. Each row of
a matrix is an action, each column a role; every cell is a test.
"""

import pytest
from django.contrib import admin
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.urls import reverse

from crossroads.accounts import permissions
from crossroads.accounts.models import Grant, Role
from crossroads.accounts.roles import grant_role
from crossroads.content.models import ItemActor, Status
from crossroads.content.services import change_status
from crossroads.directory.models import Organisation
from crossroads.events.models import Event
from crossroads.library.models import Resource
from tests.accounts.permission_world import ROLES, World, build_world, drafted_by
from tests.admin.formdata import change_form_data, form_errors, inline_rows
from tests.admin.test_events import event_data
from tests.admin.test_library import resource_data
from tests.factories import (
    CityFactory,
    EventFactory,
    ItemActorFactory,
    MembershipFactory,
    OrganisationFactory,
    ResourceFactory,
    StoryFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    return build_world()


def cells(matrix: dict) -> list:
    return [
        pytest.param(role, action, expected, id=f"{action}-{role}")
        for action, row in matrix.items()
        for role, expected in zip(ROLES, row, strict=True)
    ]


# -- the services ------------------------------------------------------------------------
def refused(check) -> bool:
    try:
        check()
    except PermissionDenied:
        return True
    return False


def publish_by_service(world, user, key):
    item = world.items[key]
    denied = refused(lambda: change_status(item=item, status=Status.PUBLISHED, by=user))
    published = Event.objects.get(pk=item.pk).status == Status.PUBLISHED
    assert denied != published, "refused yet published, or allowed yet not published"
    return published


def grant_by_service(world, user):
    target = world.users["participant"]
    denied = refused(
        lambda: grant_role(user=target, role=Role.EDITOR, organisation=world.org_b, by=user)
    )
    granted = Grant.objects.filter(user=target).exists()
    assert denied != granted
    return granted


SERVICE_ACTIONS = {
    "list A": lambda w, u: (
        permissions.items_editable_by(u, Event.objects.all()).filter(pk=w.items["A"].pk).exists()
    ),
    "list B": lambda w, u: (
        permissions.items_editable_by(u, Event.objects.all()).filter(pk=w.items["B"].pk).exists()
    ),
    "edit A": lambda w, u: not refused(lambda: permissions.check_can_edit_item(u, w.items["A"])),
    "edit B": lambda w, u: not refused(lambda: permissions.check_can_edit_item(u, w.items["B"])),
    "publish A": lambda w, u: publish_by_service(w, u, "A"),
    "publish B": lambda w, u: publish_by_service(w, u, "B"),
    "registrations of A": lambda w, u: (
        not refused(lambda: permissions.check_can_manage_registrations(u, w.items["A"]))
    ),
    "registrations of B": lambda w, u: (
        not refused(lambda: permissions.check_can_manage_registrations(u, w.items["B"]))
    ),
    "create items": lambda w, u: not refused(lambda: permissions.check_can_create_items(u)),
    "edit the directory": lambda w, u: not refused(lambda: permissions.check_can_edit_directory(u)),
    "grant a role": grant_by_service,
}

Y, N = True, False

# fmt: off
#                        visitor participant staff editor_a editor_b secretariat admin
SERVICE_MATRIX = {
    "list A":             (N,      N,          N,    Y,       N,       Y,          Y),
    "list B":             (N,      N,          N,    N,       Y,       N,          Y),
    "edit A":             (N,      N,          N,    Y,       N,       Y,          Y),
    "edit B":             (N,      N,          N,    N,       Y,       N,          Y),
    "publish A":          (N,      N,          N,    Y,       N,       Y,          Y),
    "publish B":          (N,      N,          N,    N,       Y,       N,          Y),
    "registrations of A": (N,      N,          N,    Y,       N,       Y,          Y),
    "registrations of B": (N,      N,          N,    N,       Y,       N,          Y),
    "create items":       (N,      N,          N,    Y,       Y,       Y,          Y),
    "edit the directory": (N,      N,          N,    N,       N,       Y,          Y),
    "grant a role":       (N,      N,          N,    N,       N,       N,          Y),
}
# fmt: on


@pytest.mark.parametrize(("role", "action", "expected"), cells(SERVICE_MATRIX))
def test_services(world, role, action, expected):
    assert SERVICE_ACTIONS[action](world, world.users[role]) is expected


# -- the admin -----------------------------------------------------------------------------
LOGIN = "sent to sign in"
FORBIDDEN = "forbidden"
HIDDEN = "not found"  # outside the person's lists: "doesn't exist", or nothing happens
READ_ONLY = "read only"
REFUSED = "refused with an error"
DONE = "done"


def url(obj, view: str) -> str:
    opts = obj._meta
    args = [] if view in ("changelist", "add") else [obj.pk]
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


def turned_away(response) -> str | None:
    """How the admin turned the request away, if it did."""
    if response.status_code == 403:
        return FORBIDDEN
    if response.status_code == 302 and response.url.startswith(reverse("admin:login")):
        return LOGIN
    if response.status_code == 302 and response.url == reverse("admin:index"):
        return HIDDEN
    return None


def list_item(world, client, key):
    item = world.items[key]
    response = client.get(url(item, "changelist"))
    if away := turned_away(response):
        return away
    assert response.status_code == 200
    return DONE if item in response.context["cl"].result_list else HIDDEN


def open_page(world, client, obj):
    response = client.get(url(obj, "change"))
    if away := turned_away(response):
        return away
    assert (response.status_code, response.context["original"]) == (200, obj)
    return DONE if response.context["has_change_permission"] else READ_ONLY


def change_item(world, client, key):
    item = world.items[key]
    data = change_form_data(world.admin_client.get(url(item, "change")))
    response = client.post(url(item, "change"), data | {"title": "Changed"})
    changed = Event.objects.get(pk=item.pk).title == "Changed"
    if away := turned_away(response):
        assert not changed
        return away
    assert (response.status_code, changed) == (302, True), form_errors(response)
    return DONE


def add_item(world, client, key):
    organisation = world.org_a if key == "A" else world.org_b
    data = event_data(
        CityFactory(),
        **inline_rows(
            "actors", {"organisation": organisation.pk, "role": "organiser", "order": "0"}
        ),
    )
    response = client.post(reverse("admin:events_event_add"), data)
    created = Event.objects.filter(slug=data["slug"]).exists()
    if away := turned_away(response):
        assert not created
        return away
    if response.status_code == 200 and not created:
        assert list(form_errors(response)) == ["actors-__all__"]
        return REFUSED
    assert (response.status_code, created) == (302, True), form_errors(response)
    return DONE


def delete_item(world, client, key):
    item = world.items[key]
    response = client.post(url(item, "delete"), {"post": "yes"})
    gone = not Event.objects.filter(pk=item.pk).exists()
    if away := turned_away(response):
        assert not gone
        return away
    assert (response.status_code, gone) == (302, True)
    return DONE


def publish_item(world, client, key):
    item = world.items[key]
    response = client.post(
        url(item, "changelist"),
        {"action": "publish", "index": "0", "_selected_action": [str(item.pk)]},
    )
    published = Event.objects.get(pk=item.pk).status == Status.PUBLISHED
    if away := turned_away(response):
        assert not published
        return away
    assert response.status_code == 302
    return DONE if published else HIDDEN


def change_organisation(world, client):
    data = change_form_data(world.admin_client.get(url(world.org_a, "change")))
    response = client.post(url(world.org_a, "change"), data | {"name": "Renamed"})
    renamed = Organisation.objects.get(pk=world.org_a.pk).name == "Renamed"
    if away := turned_away(response):
        assert not renamed
        return away
    assert (response.status_code, renamed) == (302, True), form_errors(response)
    return DONE


def pick_organisation(world, client):
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "content", "model_name": "itemactor", "field_name": "organisation"},
    )
    if away := turned_away(response):
        return away
    names = [result["text"] for result in response.json()["results"]]
    assert names == ["Org A", "Org B"]
    return DONE


def grant_in_admin(world, client):
    target = world.users["participant"]
    data = {"user": target.pk, "role": Role.EDITOR, "organisation": world.org_b.pk}
    response = client.post(reverse("admin:accounts_grant_add"), data)
    granted = Grant.objects.filter(user=target).exists()
    if away := turned_away(response):
        assert not granted
        return away
    assert (response.status_code, granted) == (302, True), form_errors(response)
    return DONE


def open_accounts(world, client):
    response = client.get(reverse("admin:auth_user_changelist"))
    if away := turned_away(response):
        return away
    assert response.status_code == 200
    return DONE


ADMIN_ACTIONS = {
    "list A": lambda w, c: list_item(w, c, "A"),
    "list B": lambda w, c: list_item(w, c, "B"),
    "open A": lambda w, c: open_page(w, c, w.items["A"]),
    "open B": lambda w, c: open_page(w, c, w.items["B"]),
    "change A": lambda w, c: change_item(w, c, "A"),
    "change B": lambda w, c: change_item(w, c, "B"),
    "add for A": lambda w, c: add_item(w, c, "A"),
    "add for B": lambda w, c: add_item(w, c, "B"),
    "delete A": lambda w, c: delete_item(w, c, "A"),
    "delete B": lambda w, c: delete_item(w, c, "B"),
    "publish A": lambda w, c: publish_item(w, c, "A"),
    "publish B": lambda w, c: publish_item(w, c, "B"),
    "open A's session": lambda w, c: open_page(w, c, w.items["session of A"]),
    "open B's session": lambda w, c: open_page(w, c, w.items["session of B"]),
    "pick an organisation": pick_organisation,
    "open organisation A": lambda w, c: open_page(w, c, w.org_a),
    "change organisation A": change_organisation,
    "grant a role": grant_in_admin,
    "open the accounts": open_accounts,
}

L, F, H, R, RO, D = LOGIN, FORBIDDEN, HIDDEN, REFUSED, READ_ONLY, DONE

# fmt: off
#                           visitor participant staff editor_a editor_b secretariat admin
ADMIN_MATRIX = {
    "list A":                (L,     L,          F,    D,       H,       D,          D),
    "list B":                (L,     L,          F,    H,       D,       H,          D),
    "open A":                (L,     L,          F,    D,       H,       D,          D),
    "open B":                (L,     L,          F,    H,       D,       H,          D),
    "change A":              (L,     L,          F,    D,       H,       D,          D),
    "change B":              (L,     L,          F,    H,       D,       H,          D),
    "add for A":             (L,     L,          F,    D,       R,       D,          D),
    "add for B":             (L,     L,          F,    R,       D,       R,          D),
    "delete A":              (L,     L,          F,    D,       H,       D,          D),
    "delete B":              (L,     L,          F,    H,       D,       H,          D),
    "publish A":             (L,     L,          F,    D,       H,       D,          D),
    "publish B":             (L,     L,          F,    H,       D,       H,          D),
    "open A's session":      (L,     L,          F,    D,       H,       D,          D),
    "open B's session":      (L,     L,          F,    H,       D,       H,          D),
    "pick an organisation":  (L,     L,          F,    D,       D,       D,          D),
    "open organisation A":   (L,     L,          F,    RO,      RO,      D,          D),
    "change organisation A": (L,     L,          F,    F,       F,       D,          D),
    "grant a role":          (L,     L,          F,    F,       F,       F,          D),
    "open the accounts":     (L,     L,          F,    F,       F,       F,          D),
}
# fmt: on


@pytest.mark.parametrize(("role", "action", "expected"), cells(ADMIN_MATRIX))
def test_admin(world, role, action, expected):
    assert ADMIN_ACTIONS[action](world, world.client(role)) == expected


# -- the admin's rules for editors, in detail ------------------------------------------------
ITEM_KINDS = [
    pytest.param(EventFactory, id="event"),
    pytest.param(StoryFactory, id="story"),
    pytest.param(ResourceFactory, id="resource"),
]


@pytest.mark.parametrize("factory", ITEM_KINDS)
def test_every_item_admin_shows_editors_their_items_only(world, factory):
    own, other = drafted_by(world.org_a, factory), drafted_by(world.org_b, factory)
    client = world.client("editor_a")

    changelist = client.get(url(own, "changelist"))

    listed = changelist.context["cl"].result_list
    assert [item for item in listed if item in (own, other)] == [own]
    assert client.get(url(own, "change")).status_code == 200
    assert turned_away(client.get(url(other, "change"))) == HIDDEN
    assert turned_away(client.post(url(other, "delete"), {"post": "yes"})) == HIDDEN
    assert type(other).objects.filter(pk=other.pk).exists()


def test_a_new_item_without_the_editors_organisation_is_refused(world):
    data = resource_data()

    response = world.client("editor_a").post(reverse("admin:library_resource_add"), data)

    assert form_errors(response) == {
        "actors-__all__": [
            "Name your organisation among the organisations of this item (Org A): without "
            "it, you could not edit the item once it is saved."
        ]
    }
    assert not Resource.objects.exists()


def test_an_editor_names_their_organisation_in_any_role(world):
    partner = {"organisation": world.org_a.pk, "role": "partner", "order": "0"}
    data = resource_data(**inline_rows("actors", partner))

    response = world.client("editor_a").post(reverse("admin:library_resource_add"), data)

    assert response.status_code == 302, form_errors(response)
    actor = ItemActor.objects.get(item__slug=data["slug"])
    assert (actor.organisation, actor.role) == (world.org_a, "partner")


def post_actors(world, role: str, item, **changes):
    """Submit ``item``'s page as ``role``, its actors' rows changed by ``changes``."""
    data = change_form_data(world.admin_client.get(url(item, "change"))) | changes
    return world.client(role).post(url(item, "change"), data | {"title": "Changed"})


def test_an_editor_cannot_remove_their_last_organisation(world):
    story = drafted_by(world.org_a, StoryFactory, title="Story of A")
    ItemActorFactory(item=story, organisation=world.org_b, role="partner")

    response = post_actors(world, "editor_a", story, **{"actors-0-DELETE": "on"})

    assert form_errors(response) == {
        "actors-__all__": [
            "Keep one of your organisations among the organisations of this item (Org A): "
            "without it, you could no longer edit the item."
        ]
    }
    story.refresh_from_db()
    assert story.title == "Story of A"
    assert story.actors.count() == 2


def test_an_editor_cannot_replace_their_organisation_by_another(world):
    story = drafted_by(world.org_a, StoryFactory, title="Story of A")

    response = post_actors(world, "editor_a", story, **{"actors-0-organisation": world.org_b.pk})

    assert list(form_errors(response)) == ["actors-__all__"]
    assert [actor.organisation for actor in story.actors.all()] == [world.org_a]


def test_a_secretariat_moves_an_item_between_organisations_of_its_network(world):
    org_c = OrganisationFactory(name="Org C")
    network = world.users["secretariat"].grants.get().network
    MembershipFactory(network=network, city=None, organisation=org_c)
    story = drafted_by(world.org_a, StoryFactory)

    response = post_actors(world, "secretariat", story, **{"actors-0-organisation": org_c.pk})

    assert response.status_code == 302, form_errors(response)
    assert [actor.organisation for actor in story.actors.all()] == [org_c]


def test_a_site_administrator_may_leave_an_item_without_organisations(world):
    story = drafted_by(world.org_a, StoryFactory)

    response = post_actors(world, "admin", story, **{"actors-0-DELETE": "on"})

    assert response.status_code == 302, form_errors(response)
    assert not story.actors.exists()


def autocomplete(client, app_label: str, model_name: str, field_name: str) -> list[str]:
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": app_label, "model_name": model_name, "field_name": field_name},
    )
    assert response.status_code == 200
    return sorted(result["text"] for result in response.json()["results"])


def test_editors_link_to_their_items_and_to_published_ones(world):
    EventFactory(title="Published event of B", status=Status.PUBLISHED)
    client = world.client("editor_a")

    assert autocomplete(client, "events", "event", "parent") == [
        "Event of A",
        "Published event of B",
    ]
    assert autocomplete(client, "news", "story", "events") == [
        "Event of A",
        "Published event of B",
    ]
    # A session belongs to its event: only the editor's own events are offered.
    assert autocomplete(client, "events", "session", "event") == ["Event of A"]


def test_a_session_cannot_be_moved_to_another_organisations_event(world):
    session = world.items["session of A"]
    data = change_form_data(world.admin_client.get(url(session, "change")))

    response = world.client("editor_a").post(
        url(session, "change"), data | {"event": world.items["B"].pk}
    )

    assert form_errors(response) == {
        "event": ["Select a valid choice. That choice is not one of the available choices."]
    }
    session.refresh_from_db()
    assert session.event_id == world.items["A"].pk


def test_a_refused_workflow_action_becomes_a_message(world):
    request = RequestFactory().post("/")
    request.user = world.users["editor_a"]
    request.session = {}
    request._messages = FallbackStorage(request)
    event_admin = admin.site.get_model_admin(Event)

    event_admin.publish(request, Event.objects.filter(pk=world.items["B"].pk))

    assert [str(message) for message in request._messages] == [
        "The status of “Event of B” did not change: You cannot edit “Event of B”."
    ]
    assert Event.objects.get(pk=world.items["B"].pk).status == Status.DRAFT


def admin_index(world, role: str) -> dict[str, list[str]]:
    response = world.client(role).get(reverse("admin:index"))
    return {
        app["app_label"]: sorted(model["object_name"] for model in app["models"])
        for app in response.context["app_list"]
    }


def test_staff_status_alone_shows_nothing(world):
    assert admin_index(world, "staff") == {}


def test_editors_see_items_and_the_directory_but_not_the_accounts(world):
    assert admin_index(world, "editor_a") == {
        "directory": ["City", "Country", "Network", "Office", "Organisation", "Person"],
        "engagement": ["Campaign", "Pledge", "Signature"],
        "events": ["Event", "Session"],
        "library": ["Resource"],
        "matching": ["CityNeed", "DisplacementFigure", "NeedReading"],
        "news": ["Story"],
        "taxonomy": ["Framework", "Objective", "Topic"],
    }
    assert "accounts" in admin_index(world, "admin")


@pytest.mark.parametrize("count", [2, 12])
def test_an_editors_changelist_runs_a_bounded_number_of_queries(
    world, django_assert_max_num_queries, count
):
    for _ in range(count):
        drafted_by(world.org_a)
    client = world.client("editor_a")

    # The superuser's eight (tests/admin), plus the editor's roles and whether they are on
    # a secretariat (asked once each).
    with django_assert_max_num_queries(10):
        response = client.get(reverse("admin:events_event_changelist"))

    assert len(response.context["cl"].result_list) == count + 1
