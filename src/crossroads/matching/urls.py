from django.urls import path

from crossroads.matching import views

app_name = "matching"
urlpatterns = [
    path("", views.peers, name="peers"),
]
