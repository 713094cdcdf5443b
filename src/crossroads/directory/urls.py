from django.urls import path

from crossroads.directory import views

app_name = "directory"
urlpatterns = [
    path("organizations/", views.organisation_list, name="organisations"),
    path("organizations/<slug:slug>/", views.organisation_detail, name="organisation"),
    path("cities/", views.city_list, name="cities"),
    path("cities/<slug:slug>/", views.city_detail, name="city"),
    path("networks/", views.network_list, name="networks"),
    path("networks/<slug:slug>/", views.network_detail, name="network"),
]
