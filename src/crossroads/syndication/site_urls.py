"""robots.txt and the sitemap: one address each, whatever the reader's language."""

from django.urls import path

from crossroads.syndication import views

app_name = "site"
urlpatterns = [
    path("robots.txt", views.robots, name="robots"),
    path("sitemap.xml", views.sitemap_index, name="sitemap"),
    path("sitemap-<slug:section>.xml", views.sitemap_section, name="sitemap-section"),
]
