"""Feeds and calendars beside the lists, in the reader's language like the pages
(included before the apps, so ``/events/feed.atom`` is not read as an event's address);
the sitemap and robots.txt, at the site's root in any language (``site_urls``)."""

from django.urls import path
from django.views.decorators.http import require_safe

from crossroads.syndication import views
from crossroads.syndication.feeds import FEEDS
from crossroads.syndication.selection import LISTINGS

app_name = "syndication"
urlpatterns = []
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
