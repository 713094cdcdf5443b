"""Feeds and calendars beside the lists (included at the site's root, before the apps, so
``/events/feed.atom`` is not read as an event's address), the sitemap and robots.txt."""

from django.urls import path
from django.views.decorators.http import require_safe

from crossroads.syndication import views
from crossroads.syndication.feeds import FEEDS
from crossroads.syndication.selection import LISTINGS

app_name = "syndication"
urlpatterns = [
    path("robots.txt", views.robots, name="robots"),
    path("sitemap.xml", views.sitemap_index, name="sitemap"),
    path("sitemap-<slug:section>.xml", views.sitemap_section, name="sitemap-section"),
]
for (name, kind), feed in FEEDS.items():
    urlpatterns.append(path(f"{name}/feed.{kind}", require_safe(feed), name=f"{name}-{kind}"))
for name, listing in LISTINGS.items():
    if listing.calendar:
        urlpatterns.append(
            path(
                f"{name}/calendar.ics",
                views.calendar,
                {"listing": name},
                name=f"{name}-calendar",
            )
        )
