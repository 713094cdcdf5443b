from django.urls import path, re_path

from crossroads.taxonomy import views

app_name = "taxonomy"
urlpatterns = [
    path("topics/", views.topic_list, name="topics"),
    path("topics/<slug:slug>/", views.topic_detail, name="topic"),
    path("frameworks/", views.framework_list, name="frameworks"),
    re_path(r"^frameworks/(?P<code>[A-Za-z0-9]{1,12})/$", views.framework_detail, name="framework"),
]
