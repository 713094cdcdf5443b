"""Every public address of the site, for the page-weight test and the page benchmark."""

from django.urls import reverse

from crossroads.content.models import Item
from crossroads.directory.models import City, Network, Organisation
from crossroads.engagement.models import Survey
from crossroads.taxonomy.models import Framework, Topic

LIST_PAGES = [
    ("home", ""),
    ("events:list", ""),
    ("events:list", "?when=past"),
    ("news:list", ""),
    ("library:list", ""),
    ("campaigns:list", ""),
    ("pledges:list", ""),
    ("pledges:tracker", ""),
    ("search:search", "?q=refugees"),
    ("directory:organisations", ""),
    ("directory:cities", ""),
    ("directory:networks", ""),
    ("taxonomy:frameworks", ""),
    ("taxonomy:topics", ""),
    ("maps:map", ""),
    ("maps:map", "?kind=campaign"),
    ("dashboards:dashboard", ""),
    ("dashboards:dashboard", "?region=sahel"),
    ("matching:peers", ""),
    ("matching:peers", "?city=arua&topic=housing&topic=education"),
    ("accounts:privacy", ""),
    ("accessibility", ""),
    ("accounts:signup", ""),
    ("accounts:login", ""),
    ("accounts:password-reset", ""),
]


def public_urls() -> list[str]:
    """Lists first, then every published item and every directory and taxonomy page."""
    urls = [reverse(name) + query for name, query in LIST_PAGES]
    items = Item.objects.published().order_by("pk")
    urls += [item.get_absolute_url() for item in items]
    open_events = items.filter(event__registration_mode="open")
    urls += [reverse("events:register", args=[item.slug]) for item in open_events]
    for model in (Organisation, City, Network, Topic, Framework):
        urls += [entry.get_absolute_url() for entry in model.objects.order_by("pk")]
    networks = Network.objects.order_by("pk").values_list("slug", flat=True)
    urls += [reverse("engagement:network-surveys", args=[slug]) for slug in networks]
    surveys = Survey.objects.filter(results_public=True).order_by("pk")
    urls += [
        reverse("engagement:survey-results", args=[slug, year])
        for slug, year in surveys.values_list("network__slug", "year")
    ]
    return urls
