from django.urls import path

from crossroads.engagement.pledges import views

app_name = "pledges"
urlpatterns = [
    path("", views.pledge_list, name="list"),
    path("tracker/", views.tracker, name="tracker"),
    path("<slug:slug>/", views.pledge_detail, name="detail"),
    path("<slug:slug>/matches/propose/", views.propose, name="propose"),
    path("<slug:slug>/matches/confirm/", views.confirm, name="confirm"),
]
