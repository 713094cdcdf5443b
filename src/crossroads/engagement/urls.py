from django.urls import path

from crossroads.engagement.surveys import views

app_name = "engagement"
urlpatterns = [
    path("answer/<str:token>/", views.answer, name="survey-answer"),
    path("<slug:network>/", views.network_surveys, name="network-surveys"),
    path("<slug:network>/<int:year>/results/", views.results, name="survey-results"),
    path("<slug:network>/<int:year>/results.csv", views.results_csv, name="survey-results-csv"),
    path("<slug:network>/<int:year>/report/", views.report, name="survey-report"),
    path("<slug:network>/<int:year>/publish/", views.publish, name="survey-publish"),
]
