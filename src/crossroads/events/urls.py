from django.urls import path

from crossroads.events import organiser, views

app_name = "events"
urlpatterns = [
    path("", views.event_list, name="list"),
    # The organisers' pages, before the registration links so that no slug is shadowed.
    path("<slug:slug>/registrations/", organiser.registrations, name="registrations"),
    path("<slug:slug>/registrations.csv", organiser.registrations_csv, name="registrations-csv"),
    path("<slug:slug>/registrations/message/", organiser.message, name="registrations-message"),
    path(
        "<slug:slug>/registrations/<int:pk>/",
        organiser.registration_action,
        name="registration-action",
    ),
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
    path("<slug:slug>/calendar.ics", views.event_calendar_file, name="calendar"),
    path("<slug:slug>/register/", views.register, name="register"),
    path("<slug:slug>/register/sent/", views.register_sent, name="register-sent"),
]
