"""Load the demo dataset (``data/*.json``) into the database: ``crossroads demo load``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from crossroads.audit import context as audit
from crossroads.demo import campaigns, directory, items, pledges, profiles, surveys
from crossroads.demo.dataset import DATA_DIR, Calendar
from crossroads.demo.loader import Loader, LoadReport
from crossroads.library.models import ResourceVersion
from crossroads.search.services import deferred_indexing

#: The steps of a load, in order; ``progress`` is called with each name once it is done.
STEPS: tuple[tuple[str, Callable[[Loader], None]], ...] = (
    ("countries", directory.load_countries),
    ("topics", directory.load_topics),
    ("frameworks", directory.load_frameworks),
    ("organisations", directory.load_organisations),
    ("cities", directory.load_cities),
    ("people", directory.load_people),
    ("networks", directory.load_networks),
    ("resources", items.load_resources),
    ("events", items.load_events),
    ("stories", items.load_stories),
    ("surveys", surveys.load_surveys),
    ("campaigns", campaigns.load_campaigns),
    ("pledges", pledges.load_pledges),
    ("profiles", profiles.load_profiles),
)


def load_demo(
    *,
    today: dt.date | None = None,
    progress: Callable[[str], None] | None = None,
    data_dir: Path | None = None,
) -> LoadReport:
    """Load the demo dataset, creating or updating its records by their natural keys.

    ``today`` (default: the local date) anchors the dates written "+30d"; ``data_dir``
    (default: the dataset in the package) is where the JSON files are read from;
    ``progress`` is called with each step's name of ``STEPS`` once that step is done.

    Side effects: in one transaction, creates or updates every country (from pycountry),
    and the dataset's topics, frameworks and objectives, organisations and aliases, cities
    (from the gazetteer), people, offices and tenures, networks and memberships, resources
    and their language versions, events and stories with their places, actors,
    translations, documents and programmes, surveys, the campaign with its signatures (and
    the signatory cities the gazetteer adds), the pledges with their updates and
    matches, and indexes the items for search (once, at
    the end). Sessions are replaced wholesale; other child
    rows the dataset no longer lists are deleted. Writes one PDF per PDF version under
    ``MEDIA_ROOT/resources/``. On any error nothing is saved, the files written are
    removed again, and DemoDataError (or the underlying error) is raised.
    """
    loader = Loader(data_dir=data_dir or DATA_DIR, calendar=Calendar(today or timezone.localdate()))
    try:
        # The audit log records people's changes, not the demo dataset's thousands of rows.
        with transaction.atomic(), deferred_indexing(), audit.suspended():
            for name, step in STEPS:
                step(loader)
                if progress:
                    progress(name)
    except BaseException:
        storage = ResourceVersion._meta.get_field("file").storage
        for name in loader.written:
            storage.delete(name)
        raise
    return loader.report


def open_sample_pages() -> dict[str, str]:
    """One page of each kind, from the demo just loaded (English addresses): what the
    accessibility tests and the slow-connection benchmark load. The demo's surveys are
    all closed: the 2024 one is opened here, so that its answer page shows the form."""
    from django.urls import reverse

    from crossroads.content.models import Item
    from crossroads.directory.models import City, Organisation
    from crossroads.engagement.models import Invitation
    from crossroads.engagement.surveys.services import answer_url

    items = {item.slug: item for item in Item.objects.published()}
    invitation = (
        Invitation.objects.filter(survey__network__slug="hmln", survey__year=2024)
        .select_related("survey")
        .order_by("city__slug")
        .first()
    )
    now = timezone.now()
    survey = invitation.survey
    survey.opens_at, survey.closes_at = now - dt.timedelta(days=1), now + dt.timedelta(days=30)
    survey.save(update_fields=["opens_at", "closes_at"])
    return {
        "home": reverse("home"),
        "search": reverse("search:search") + "?q=refugees",
        "event": items["hmln-annual-meeting-irbid"].get_absolute_url(),
        "story": items["sfax-a-city-on-the-route"].get_absolute_url(),
        "resource": items["hmln-annual-meeting-concept-note"].get_absolute_url(),
        "city": City.objects.get(slug="irbid").get_absolute_url(),
        "organisation": Organisation.objects.order_by("pk").first().get_absolute_url(),
        "registration": reverse("events:register", args=["igad-network-hub-meeting-jijiga"]),
        "campaign": items["cities-with-refugees"].get_absolute_url(),
        "survey results": reverse("engagement:survey-results", args=["hmln", 2024]),
        "survey answer": answer_url(invitation),
        "map": reverse("maps:map"),
        "dashboard": reverse("dashboards:dashboard"),
        "accessibility statement": reverse("accessibility"),
    }
