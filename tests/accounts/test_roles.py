"""Granting and withdrawing roles: the services, the `accounts` command and the admin pages.
Staff status follows the roles."""

import logging
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from crossroads.accounts import permissions
from crossroads.accounts.models import Grant, Profile, Role
from crossroads.accounts.roles import grant_role, withdraw_role
from tests.admin.formdata import change_form_data, form_errors, inline_rows
from tests.factories import MembershipFactory, NetworkFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def make_user(name: str, **flags):
    return get_user_model().objects.create_user(
        username=name, email=f"{name}@example.org", password="x", **flags
    )


def reloaded(user):
    return get_user_model().objects.get(pk=user.pk)


@pytest.fixture
def administrator():
    return make_user("admin", is_staff=True, is_superuser=True)


@pytest.fixture
def organisation():
    return OrganisationFactory(name="Org A", slug="org-a")


@pytest.fixture
def network(organisation):
    network = NetworkFactory(name="Network N", slug="network-n")
    MembershipFactory(network=network, city=None, organisation=organisation)
    return network


# -- the services ------------------------------------------------------------------------
def test_granting_a_role_makes_the_person_staff_and_logs_it(administrator, organisation, caplog):
    ada = make_user("ada")

    with caplog.at_level(logging.INFO, logger="crossroads.accounts.roles"):
        grant = grant_role(user=ada, role=Role.EDITOR, organisation=organisation, by=administrator)

    assert (grant.user, grant.role, grant.organisation, grant.network) == (
        ada,
        Role.EDITOR,
        organisation,
        None,
    )
    assert grant.granted_by == administrator
    assert ada.is_staff and reloaded(ada).is_staff
    assert caplog.messages == [f"Role Organisation editor: Org A granted to user {ada.pk} by admin"]


def test_a_granted_role_counts_at_once(network):
    ada = make_user("ada")
    assert not permissions.can_create_items(ada)

    grant = grant_role(user=ada, role=Role.SECRETARIAT, network=network, by=None)

    assert permissions.can_create_items(ada)
    withdraw_role(grant=grant, by=None)
    assert not permissions.can_create_items(ada)


@pytest.mark.parametrize(
    ("role", "scope", "message"),
    [
        pytest.param(
            Role.EDITOR,
            "network",
            "An editor edits for an organisation; a secretariat serves a network.",
            id="editor-of-a-network",
        ),
        pytest.param(
            Role.SECRETARIAT,
            "organisation",
            "An editor edits for an organisation; a secretariat serves a network.",
            id="secretariat-of-an-organisation",
        ),
        pytest.param(
            "owner", "organisation", "Value 'owner' is not a valid choice.", id="unknown-role"
        ),
    ],
)
def test_a_role_without_its_scope_is_refused(organisation, network, role, scope, message):
    ada = make_user("ada")
    scopes = {"organisation": organisation, "network": network}

    with pytest.raises(ValidationError) as refused:
        grant_role(user=ada, role=role, by=None, **{scope: scopes[scope]})

    assert message in refused.value.messages
    assert not Grant.objects.exists()
    assert not reloaded(ada).is_staff


@pytest.mark.parametrize(
    ("role", "message"),
    [
        (Role.EDITOR, "This person already edits for this organisation."),
        (Role.SECRETARIAT, "This person is already on this network's secretariat."),
    ],
)
def test_a_role_is_granted_once(organisation, network, role, message):
    ada = make_user("ada")
    scope = {"organisation": organisation} if role == Role.EDITOR else {"network": network}
    grant_role(user=ada, role=role, by=None, **scope)

    with pytest.raises(ValidationError) as refused:
        grant_role(user=ada, role=role, by=None, **scope)

    assert refused.value.messages == [message]
    assert Grant.objects.count() == 1


def test_only_a_site_administrator_grants_or_withdraws(organisation, network):
    ada, secretary = make_user("ada"), make_user("secretary")
    grant_role(user=secretary, role=Role.SECRETARIAT, network=network, by=None)
    grant = grant_role(user=ada, role=Role.EDITOR, organisation=organisation, by=None)

    with pytest.raises(PermissionDenied) as granting:
        grant_role(user=make_user("bob"), role=Role.EDITOR, organisation=organisation, by=ada)
    with pytest.raises(PermissionDenied) as withdrawing:
        withdraw_role(grant=grant, by=secretary)

    assert (
        str(granting.value) == str(withdrawing.value) == "Only site administrators can grant roles."
    )

    assert list(Grant.objects.filter(user__username__in=["ada", "bob"])) == [grant]
    assert not reloaded(get_user_model().objects.get(username="bob")).is_staff


def test_withdrawing_the_last_role_ends_staff_status(administrator, organisation, network):
    ada = make_user("ada")
    editor = grant_role(user=ada, role=Role.EDITOR, organisation=organisation, by=None)
    secretariat = grant_role(user=ada, role=Role.SECRETARIAT, network=network, by=None)

    withdraw_role(grant=editor, by=administrator)
    assert reloaded(ada).is_staff

    withdraw_role(grant=secretariat, by=administrator)
    assert not reloaded(ada).is_staff
    assert not Grant.objects.exists()


def test_a_site_administrator_stays_staff_without_roles(administrator, organisation):
    grant = grant_role(user=administrator, role=Role.EDITOR, organisation=organisation, by=None)

    withdraw_role(grant=grant, by=None)

    assert reloaded(administrator).is_staff


def test_a_role_is_withdrawn_once(organisation):
    grant = grant_role(user=make_user("ada"), role=Role.EDITOR, organisation=organisation, by=None)
    withdraw_role(grant=grant, by=None)

    with pytest.raises(ValidationError) as refused:
        withdraw_role(grant=grant, by=None)

    assert refused.value.messages == ["This role was already withdrawn."]


# -- the command ---------------------------------------------------------------------------
def run(*args) -> str:
    out = StringIO()
    call_command("accounts", *args, stdout=out)
    return out.getvalue()


def test_command_grants_and_withdraws_roles(organisation, network):
    ada = make_user("ada")

    assert run("grant", "ADA@example.org", "--editor", "org-a") == (
        "ada@example.org now edits for Org A.\n"
    )
    assert run("grant", "ada@example.org", "--secretariat", "network-n") == (
        "ada@example.org is now on the secretariat of Network N.\n"
    )
    assert reloaded(ada).is_staff
    granted = Grant.objects.first().granted_at.date().isoformat()
    assert run("list") == (
        f"ada@example.org: Organisation editor: Org A, granted {granted} by a command\n"
        f"ada@example.org: Network secretariat: Network N, granted {granted} by a command\n"
    )

    assert run("withdraw", "ada@example.org", "--editor", "org-a") == (
        "ada@example.org no longer edits for Org A.\n"
    )
    assert run("withdraw", "ada@example.org", "--secretariat", "network-n") == (
        "ada@example.org is no longer on the secretariat of Network N.\n"
    )
    assert not reloaded(ada).is_staff
    assert run("list") == "No one holds a role.\n"
    assert run("list", "ada@example.org") == "No role.\n"


def test_command_lists_one_persons_roles(organisation):
    grant_role(user=make_user("ada"), role=Role.EDITOR, organisation=organisation, by=None)
    make_user("bob")

    assert run("list", "ada@example.org").startswith("ada@example.org: Organisation editor")
    assert run("list", "bob@example.org") == "No role.\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(
            ("grant", "nobody@example.org", "--editor", "org-a"),
            "No account has the address nobody@example.org.",
            id="unknown-address",
        ),
        pytest.param(
            ("grant", "ada@example.org", "--editor", "org-z"),
            "No organisation has the slug “org-z”.",
            id="unknown-organisation",
        ),
        pytest.param(
            ("grant", "ada@example.org", "--secretariat", "network-z"),
            "No network has the slug “network-z”.",
            id="unknown-network",
        ),
        pytest.param(
            ("grant", "ada@example.org", "--editor", "org-a"),
            "ada@example.org: This person already edits for this organisation.",
            id="already-granted",
        ),
        pytest.param(
            ("withdraw", "ada@example.org", "--secretariat", "network-n"),
            "ada@example.org is not on the secretariat of Network N.",
            id="not-held",
        ),
        pytest.param(
            ("withdraw", "nobody@example.org", "--editor", "org-a"),
            "No account has the address nobody@example.org.",
            id="withdraw-from-unknown-address",
        ),
        pytest.param(
            ("list", "nobody@example.org"),
            "No account has the address nobody@example.org.",
            id="list-unknown-address",
        ),
        pytest.param(
            ("grant", "ada@example.org\x00", "--editor", "org-a"),
            "Null characters are not allowed.",
            id="null-character",
        ),
        pytest.param(
            ("grant", "twin@example.org", "--editor", "org-a"),
            "Several accounts have the address twin@example.org: grant the role in the admin.",
            id="shared-address",
        ),
        pytest.param(
            ("grant", "ada@example.org", "--editor", "org-a", "--secretariat", "network-n"),
            "argument --secretariat: not allowed with argument --editor",
            id="two-roles-at-once",
        ),
        pytest.param(
            ("grant", "ada@example.org"),
            "one of the arguments --editor --secretariat is required",
            id="no-role",
        ),
    ],
)
def test_command_refuses_bad_input_and_changes_nothing(organisation, network, args, message):
    ada = make_user("ada")
    grant_role(user=ada, role=Role.EDITOR, organisation=organisation, by=None)
    make_user("twin")
    get_user_model().objects.create_user(username="twin2", email="Twin@example.org")
    grants = list(Grant.objects.values_list("pk", "user", "role", "organisation", "network"))

    with pytest.raises(CommandError) as refused:
        run(*args)

    assert message in str(refused.value)
    assert list(Grant.objects.values_list("pk", "user", "role", "organisation", "network")) == (
        grants
    )


# -- the admin -------------------------------------------------------------------------------
@pytest.fixture
def client(administrator, client):
    client.force_login(administrator)
    return client


def test_admin_grants_a_role_and_the_person_becomes_staff(client, administrator, organisation):
    ada = make_user("ada")
    data = {"user": ada.pk, "role": Role.EDITOR, "organisation": organisation.pk, "network": ""}

    response = client.post(reverse("admin:accounts_grant_add"), data)

    assert response.status_code == 302, form_errors(response)
    grant = Grant.objects.get()
    assert (grant.user, grant.organisation, grant.granted_by) == (ada, organisation, administrator)
    assert reloaded(ada).is_staff


@pytest.mark.parametrize(
    ("fields", "errors"),
    [
        pytest.param(
            {"organisation": "org"},
            {"__all__": ["This person already edits for this organisation."]},
            id="duplicate",
        ),
        pytest.param(
            {"organisation": "", "network": "network"},
            {"__all__": ["An editor edits for an organisation; a secretariat serves a network."]},
            id="editor-of-a-network",
        ),
    ],
)
def test_admin_refuses_a_bad_grant_and_saves_nothing(client, organisation, network, fields, errors):
    ada = make_user("ada")
    grant_role(user=ada, role=Role.EDITOR, organisation=organisation, by=None)
    values = {"org": organisation.pk, "network": network.pk, "": ""}
    data = {"user": ada.pk, "role": Role.EDITOR, "organisation": "", "network": ""}

    response = client.post(
        reverse("admin:accounts_grant_add"),
        data | {name: values[value] for name, value in fields.items()},
    )

    assert response.status_code == 200
    assert form_errors(response) == errors
    assert Grant.objects.count() == 1


def test_admin_withdraws_a_role_and_staff_status_ends(client, organisation):
    ada = make_user("ada")
    grant = grant_role(user=ada, role=Role.EDITOR, organisation=organisation, by=None)

    response = client.post(reverse("admin:accounts_grant_delete", args=[grant.pk]), {"post": "yes"})

    assert response.status_code == 302
    assert not Grant.objects.exists()
    assert not reloaded(ada).is_staff


def test_admin_withdraws_roles_in_bulk(client, organisation, network):
    ada, bob = make_user("ada"), make_user("bob")
    grants = [
        grant_role(user=ada, role=Role.EDITOR, organisation=organisation, by=None),
        grant_role(user=bob, role=Role.SECRETARIAT, network=network, by=None),
    ]

    client.post(
        reverse("admin:accounts_grant_changelist"),
        {
            "action": "delete_selected",
            "post": "yes",
            "_selected_action": [str(grant.pk) for grant in grants],
        },
    )

    assert not Grant.objects.exists()
    assert not reloaded(ada).is_staff
    assert not reloaded(bob).is_staff


def user_page(user) -> str:
    return reverse("admin:auth_user_change", args=[user.pk])


def test_user_page_grants_and_withdraws_roles(client, organisation, network):
    ada = make_user("ada")
    old = grant_role(user=ada, role=Role.EDITOR, organisation=organisation, by=None)
    data = change_form_data(client.get(user_page(ada)))
    data |= {"grants-0-DELETE": "on", "grants-TOTAL_FORMS": "2"}
    data |= {"grants-1-role": Role.SECRETARIAT, "grants-1-network": str(network.pk)}

    response = client.post(user_page(ada), data)

    assert response.status_code == 302, form_errors(response)
    assert not Grant.objects.filter(pk=old.pk).exists()
    assert [(grant.role, grant.network) for grant in Grant.objects.filter(user=ada)] == [
        (Role.SECRETARIAT, network)
    ]
    assert reloaded(ada).is_staff


def test_user_page_refuses_a_duplicate_role(client, organisation):
    ada = make_user("ada")
    grant_role(user=ada, role=Role.EDITOR, organisation=organisation, by=None)
    data = change_form_data(client.get(user_page(ada)))
    data |= {"grants-TOTAL_FORMS": "2"}
    data |= {"grants-1-role": Role.EDITOR, "grants-1-organisation": str(organisation.pk)}

    response = client.post(user_page(ada), data)

    assert response.status_code == 200
    assert "This person already edits for this organisation." in str(form_errors(response))
    assert Grant.objects.count() == 1


def test_user_page_makes_a_new_site_administrator_staff(client):
    ada = make_user("ada")
    data = change_form_data(client.get(user_page(ada))) | {"is_superuser": "on"}

    response = client.post(user_page(ada), data)

    assert response.status_code == 302, form_errors(response)
    assert reloaded(ada).is_staff


def test_user_page_refuses_the_same_new_role_twice(client, organisation):
    ada = make_user("ada")
    data = change_form_data(client.get(user_page(ada))) | {"grants-TOTAL_FORMS": "2"}
    for index in (0, 1):
        data |= {f"grants-{index}-role": Role.EDITOR}
        data |= {f"grants-{index}-organisation": str(organisation.pk)}

    response = client.post(user_page(ada), data)

    assert form_errors(response)["grants-__all__"] == ["The same role is named twice."]
    assert not Grant.objects.exists()
    assert not reloaded(ada).is_staff


def test_user_page_edits_the_profile(client, organisation):
    ada = make_user("ada")
    Profile.objects.create(user=ada, name="Ada", language="en")
    data = change_form_data(client.get(user_page(ada)))
    data |= {"profile-0-name": "Ada Lovelace", "profile-0-organisation": str(organisation.pk)}

    response = client.post(user_page(ada), data)

    assert response.status_code == 302, form_errors(response)
    profile = Profile.objects.get(user=ada)
    assert (profile.name, profile.organisation) == ("Ada Lovelace", organisation)


def test_user_add_page_creates_an_editor(client, administrator, organisation):
    data = {
        "username": "ada@example.org",
        "usable_password": "true",
        "password1": "quiet-lantern-47-orchard",
        "password2": "quiet-lantern-47-orchard",
        **inline_rows("profile", {"name": "Ada", "language": "en"}),
        **inline_rows("grants", {"role": Role.EDITOR, "organisation": str(organisation.pk)}),
    }

    response = client.post(reverse("admin:auth_user_add"), data)

    assert response.status_code == 302, form_errors(response)
    ada = get_user_model().objects.get(username="ada@example.org")
    assert Profile.objects.get(user=ada).name == "Ada"
    assert [(grant.organisation, grant.granted_by) for grant in ada.grants.all()] == [
        (organisation, administrator)
    ]
    assert ada.is_staff


def test_a_role_is_shown_not_edited(client, organisation):
    grant = grant_role(user=make_user("ada"), role=Role.EDITOR, organisation=organisation, by=None)

    changelist = client.get(reverse("admin:accounts_grant_changelist"))
    page = client.get(reverse("admin:accounts_grant_change", args=[grant.pk]))
    posted = client.post(reverse("admin:accounts_grant_change", args=[grant.pk]), {"role": "x"})

    assert list(changelist.context["cl"].result_list) == [grant]
    assert (page.status_code, page.context["has_change_permission"]) == (200, False)
    assert posted.status_code == 403
    grant.refresh_from_db()
    assert grant.role == Role.EDITOR
