from django.urls import path

from crossroads.maps import views

app_name = "maps"
urlpatterns = [
    path("", views.network_map, name="map"),
    path("data.geojson", views.map_data, name="data"),
]
