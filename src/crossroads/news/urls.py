from django.urls import path

from crossroads.news import views

app_name = "news"
urlpatterns = [
    path("", views.story_list, name="list"),
    path("<slug:slug>/", views.story_detail, name="detail"),
]
