from django.urls import path

from crossroads.ingest import views

app_name = "ingest"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("import/", views.import_page, name="import"),
    path("<int:pk>/", views.review, name="review"),
    path("<int:pk>/accept/", views.accept, name="accept"),
    path("<int:pk>/reject/", views.reject, name="reject"),
    path("<int:pk>/merge/", views.merge, name="merge"),
    path("<int:pk>/split/", views.split, name="split"),
    path("<int:pk>/organisations/", views.add_organisation, name="add-organisation"),
]
