from django.urls import path

from crossroads.taxonomy import views

app_name = "taxonomy"
urlpatterns = [
    path("topics/", views.topic_list, name="topics"),
    path("topics/<slug:slug>/", views.topic_detail, name="topic"),
    path("frameworks/", views.framework_list, name="frameworks"),
    path("frameworks/<str:code>/", views.framework_detail, name="framework"),
]
