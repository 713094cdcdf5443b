from django.urls import path

from crossroads.library import views

app_name = "library"
urlpatterns = [
    path("", views.resource_list, name="list"),
    path("<slug:slug>/", views.resource_detail, name="detail"),
]
