from django.urls import path

from crossroads.engagement.campaigns import views

app_name = "campaigns"
urlpatterns = [
    path("", views.campaign_list, name="list"),
    path("signatures/confirm/<str:token>/", views.confirm, name="confirm"),
    path("signatures/<str:token>/", views.signature, name="signature"),
    path("<slug:slug>/", views.campaign_detail, name="detail"),
    path("<slug:slug>/sign/", views.sign, name="sign"),
    path("<slug:slug>/sign/sent/", views.sign_sent, name="sign-sent"),
    path("<slug:slug>/signatories.csv", views.signatories_csv, name="signatories-csv"),
]
