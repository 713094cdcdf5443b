"""The home page and the error pages."""

from django.shortcuts import render

from crossroads.events.queries import upcoming_events
from crossroads.library.queries import featured_resources
from crossroads.news.queries import latest_stories


def home(request):
    return render(
        request,
        "content/home.html",
        {
            "events": upcoming_events()[:6],
            "stories": latest_stories(),
            "resources": featured_resources(),
        },
    )


def bad_request(request, exception=None):
    return render(request, "400.html", status=400)


def not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    return render(request, "500.html", status=500)
