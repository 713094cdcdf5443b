"""Calendars beside the event lists and /search/, the sitemap, and robots.txt.

(The Atom and RSS feeds are ``feeds.FEEDS``: Django's ``Feed`` objects are views.)
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.sitemaps import views as sitemap_views
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from crossroads.content.links import url_for
from crossroads.syndication.calendars import list_calendar
from crossroads.syndication.selection import LISTINGS
from crossroads.syndication.sitemaps import SITEMAPS


@require_safe
def calendar(request, listing: str):
    """``/events/calendar.ics`` and ``/search/calendar.ics``, for the page's criteria."""
    response = HttpResponse(
        list_calendar(LISTINGS[listing], request.GET), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'inline; filename="crossroads-{listing}.ics"'
    return response


@require_safe
def sitemap_index(request):
    return sitemap_views.index(request, SITEMAPS, sitemap_url_name="site:sitemap-section")


@require_safe
def sitemap_section(request, section: str):
    return sitemap_views.sitemap(request, SITEMAPS, section=section)


@require_safe
def robots(request):
    """What crawlers may read, and where the sitemap is (on the host asked)."""
    return render(
        request,
        "syndication/robots.txt",
        {
            "sitemap_url": request.build_absolute_uri(url_for("site:sitemap")),
            "language_prefixes": [
                "" if code == settings.LANGUAGE_CODE else f"/{code}"
                for code, _name in settings.LANGUAGES
            ],
        },
        content_type="text/plain; charset=utf-8",
    )
