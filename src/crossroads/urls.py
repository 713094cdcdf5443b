from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path

from crossroads.content import accessibility
from crossroads.content import views as content_views

urlpatterns = [
    path("", include("crossroads.syndication.site_urls")),
    path("api/", include("crossroads.api.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("", include("crossroads.monitoring.urls")),
]
# Pages, at an address naming their language (/fr/…, /ar/…; English has none).
urlpatterns += i18n_patterns(
    path("", content_views.home, name="home"),
    path("accessibility/", accessibility.statement, name="accessibility"),
    # Feeds and calendars beside the lists (/events/feed.atom…).
    path("", include("crossroads.syndication.urls")),
    path("events/", include("crossroads.events.urls")),
    path("news/", include("crossroads.news.urls")),
    path("resources/", include("crossroads.library.urls")),
    path("search/", include("crossroads.search.urls")),
    path("review/imports/", include("crossroads.ingest.urls")),
    path("surveys/", include("crossroads.engagement.urls")),
    path("campaigns/", include("crossroads.engagement.campaigns.urls")),
    path("pledges/", include("crossroads.engagement.pledges.urls")),
    path("peers/", include("crossroads.matching.urls")),
    path("map/", include("crossroads.maps.urls")),
    path("dashboards/", include("crossroads.dashboards.urls")),
    path("", include("crossroads.accounts.urls")),
    path("", include("crossroads.directory.urls")),
    path("", include("crossroads.taxonomy.urls")),
    prefix_default_language=False,
)

if settings.SERVE_MEDIA:
    urlpatterns.append(re_path(r"^media/(?P<path>.+)$", content_views.media))

handler400 = "crossroads.content.views.bad_request"
handler404 = "crossroads.content.views.not_found"
handler500 = "crossroads.content.views.server_error"
