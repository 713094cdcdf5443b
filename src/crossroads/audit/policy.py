"""What the audit log records of each model: an explicit decision for every field.

``shown`` fields are recorded with their values; ``hidden`` ones (personal or secret:
names, addresses, needs, free text, hashes) only as having changed, their values replaced
by ``HIDDEN``; ``skipped`` ones not at all (timestamps the system keeps, derived values).
Every stored field of an audited model is in exactly one of the three
(``tests/audit/test_policy.py`` fails otherwise), so a new field needs a decision.

``private`` models are named in the log by kind and number only ("registration #12"): their
usual name is personal, and the log must not keep what anonymisation erases.
Not audited: derived data (search index, matching tables), the import queue, profiles,
sessions and the log itself, and a survey's answers (replaced in bulk, which sends no
signal).
"""

from __future__ import annotations

from dataclasses import dataclass

_ITEM_SHOWN = (
    "title",
    "slug",
    "summary",
    "body",
    "language",
    "status",
    "published_at",
    "featured",
    "source_url",
    "source_name",
)
_ITEM_SKIPPED = ("id", "kind", "created_at", "updated_at")
_ITEM_M2M = ("topics", "frameworks", "framework_objectives", "cities", "countries")


@dataclass(frozen=True)
class Policy:
    shown: tuple[str, ...] = ()
    hidden: tuple[str, ...] = ()
    skipped: tuple[str, ...] = ("id",)
    m2m: tuple[str, ...] = ()
    private: bool = False
    #: Changes to it are changes of permissions (roles, staff and superuser flags).
    permissions: bool = False

    @property
    def recorded(self) -> tuple[str, ...]:
        return self.shown + self.hidden


def _item(*shown: str, m2m: tuple[str, ...] = ()) -> Policy:
    return Policy(
        shown=_ITEM_SHOWN + shown, skipped=(*_ITEM_SKIPPED, "item_ptr"), m2m=_ITEM_M2M + m2m
    )


POLICIES: dict[str, Policy] = {
    # content
    "content.Item": Policy(shown=_ITEM_SHOWN, skipped=_ITEM_SKIPPED, m2m=_ITEM_M2M),
    "content.ItemTranslation": Policy(shown=("item", "language", "title", "summary", "body")),
    "content.ItemActor": Policy(shown=("item", "organisation", "role", "order")),
    "events.Event": _item(
        "event_type",
        "start_date",
        "end_date",
        "date_precision",
        "start_time",
        "end_time",
        "timezone",
        "attendance_mode",
        "venue",
        "city",
        "online_url",
        "parent",
        "program_status",
        "objectives",
        "registration_mode",
        "registration_url",
        "registration_deadline",
        "capacity_in_person",
        "capacity_online",
        "waitlist_enabled",
        "approval_required",
    ),
    "news.Story": _item("news_type", m2m=("events",)),
    "library.Resource": _item("resource_type"),
    "engagement.Campaign": _item(
        "campaign_type", "opens_on", "closes_on", "approval_required", "signatories_public"
    ),
    "engagement.Pledge": _item(
        "pledge_type",
        "progress",
        "progress_changed_on",
        "forum",
        "budget",
        "currency",
        "starts_on",
        "ends_on",
    ),
    # the parts of items
    "events.Session": Policy(
        shown=(
            "event",
            "day",
            "start_time",
            "end_time",
            "title",
            "description",
            "kind",
            "track",
            "order",
        )
    ),
    "events.Participant": Policy(
        shown=("session", "role", "person", "office", "organisation", "order")
    ),
    "events.EventDocument": Policy(shown=("event", "resource", "role", "order")),
    "library.ResourceVersion": Policy(
        shown=("resource", "language", "title", "file", "url", "format", "size", "pages")
    ),
    "engagement.CampaignAsk": Policy(shown=("campaign", "language", "order", "text")),
    "engagement.Pledger": Policy(shown=("pledge", "city", "organisation", "network", "order")),
    "engagement.PledgeUpdate": Policy(
        shown=("pledge", "date", "text", "progress", "evidence_resource", "evidence_event"),
        skipped=("id", "created_at"),
    ),
    "engagement.PledgeMatch": Policy(
        shown=(
            "offer",
            "need",
            "proposed_by",
            "proposed_at",
            "confirmed_by_offer_at",
            "confirmed_by_need_at",
        )
    ),
    # the directory and the vocabularies
    "directory.Country": Policy(shown=("code", "name", "region"), skipped=()),
    "directory.Organisation": Policy(
        shown=(
            "name",
            "slug",
            "acronym",
            "kind",
            "country",
            "website",
            "parent",
            "description",
        )
    ),
    "directory.OrganisationAlias": Policy(shown=("name", "language", "organisation")),
    "directory.City": Policy(
        shown=(
            "name",
            "slug",
            "geonameid",
            "country",
            "region",
            "latitude",
            "longitude",
            "population",
            "timezone",
            "is_intermediary",
            "local_government",
        )
    ),
    "directory.CityAlias": Policy(shown=("name", "language", "city")),
    # People are named in public, but a person removed from the directory leaves no name.
    "directory.Person": Policy(shown=("slug",), hidden=("name", "bio"), private=True),
    "directory.Office": Policy(shown=("title", "city", "organisation")),
    "directory.Tenure": Policy(shown=("person", "office", "start", "end")),
    "directory.Network": Policy(
        shown=(
            "name",
            "slug",
            "acronym",
            "kind",
            "secretariat",
            "launched_on",
            "launched_precision",
            "region",
            "website",
            "description",
        )
    ),
    "directory.Membership": Policy(
        shown=("network", "city", "organisation", "role", "start", "end")
    ),
    "taxonomy.Topic": Policy(shown=("name", "slug", "description")),
    "taxonomy.Framework": Policy(
        shown=("code", "name", "short_name", "adopted_on", "url", "description")
    ),
    "taxonomy.Objective": Policy(shown=("framework", "number", "title")),
    # registrations, signatures, surveys: what anonymisation keeps is shown, the rest hidden
    "events.Registration": Policy(
        shown=(
            "event",
            "organisation_kind",
            "country",
            "attendance_mode",
            "language",
            "status",
            "consented_at",
            "email_confirmed_at",
            "confirmed_at",
            "waitlisted_at",
            "cancelled_at",
            "attended_at",
            "anonymised_at",
        ),
        hidden=("user", "name", "email", "organisation", "title", "city", "accessibility_needs"),
        skipped=("id", "created_at", "reminded_at"),
        private=True,
    ),
    "engagement.Signature": Policy(
        shown=(
            "campaign",
            "city",
            "organisation",
            "language",
            "status",
            "consented_at",
            "email_confirmed_at",
            "confirmed_at",
            "decided_at",
            "withdrawn_at",
        ),
        hidden=("name", "title", "email"),
        skipped=("id", "created_at"),
        private=True,
    ),
    "engagement.Survey": Policy(
        shown=(
            "network",
            "year",
            "title",
            "introduction",
            "opens_at",
            "closes_at",
            "results_public",
            "results_resource",
        ),
        skipped=("id", "created_at"),
    ),
    "engagement.Section": Policy(shown=("survey", "title", "description", "order")),
    "engagement.Question": Policy(
        shown=(
            "survey",
            "section",
            "code",
            "order",
            "text",
            "help_text",
            "kind",
            "required",
            "scale_min",
            "scale_max",
            "scale_min_label",
            "scale_max_label",
            "number_min",
            "number_max",
        )
    ),
    "engagement.Choice": Policy(shown=("question", "code", "label", "order")),
    "engagement.Invitation": Policy(
        shown=("survey", "city", "language", "sent_at"),
        hidden=("email",),
        skipped=("id", "created_at"),
        private=True,
    ),
    "engagement.Response": Policy(
        shown=("survey", "city", "status", "submitted_at"),
        skipped=("id", "created_at", "updated_at"),
    ),
    # permissions
    "accounts.Grant": Policy(
        shown=("user", "role", "organisation", "network", "granted_by"),
        skipped=("id", "granted_at"),
        permissions=True,
    ),
    "api.ApiToken": Policy(
        shown=("user", "name", "prefix", "revoked_at"),
        hidden=("key_hash",),
        skipped=("id", "created_at", "last_used_at"),
        permissions=True,
    ),
    "auth.User": Policy(
        shown=("is_active", "is_staff", "is_superuser"),
        hidden=("password",),
        skipped=(
            "id",
            "last_login",
            "username",
            "first_name",
            "last_name",
            "email",
            "date_joined",
        ),
        m2m=("groups", "user_permissions"),
        private=True,
        permissions=True,
    ),
    "auth.Group": Policy(shown=("name",), m2m=("permissions",), permissions=True),
}
