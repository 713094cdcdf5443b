from django.urls import path

from crossroads.dashboards import views

app_name = "dashboards"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("<slug:section>.csv", views.section_csv, name="csv"),
]
