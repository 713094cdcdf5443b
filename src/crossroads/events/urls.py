from django.urls import path

from crossroads.events import views

app_name = "events"
urlpatterns = [
    path("", views.event_list, name="list"),
    path(
        "registrations/confirm/<str:token>/",
        views.confirm_registration,
        name="confirm-registration",
    ),
    path("registrations/<str:token>/", views.registration, name="registration"),
    path(
        "registrations/<str:token>/calendar.ics",
        views.registration_calendar,
        name="registration-calendar",
    ),
    path("registrations/<str:token>/data.json", views.registration_data, name="registration-data"),
    path("<slug:slug>/", views.event_detail, name="detail"),
    path("<slug:slug>/register/", views.register, name="register"),
    path("<slug:slug>/register/sent/", views.register_sent, name="register-sent"),
]
