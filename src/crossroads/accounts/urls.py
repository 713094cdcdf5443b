"""The account pages under /account/, and the privacy notice at /privacy/ (included at the
site's root)."""

from django.urls import path

from crossroads.accounts import views

app_name = "accounts"
urlpatterns = [
    path("account/", views.profile, name="profile"),
    path("account/signup/", views.signup, name="signup"),
    path("account/signup/sent/", views.signup_sent, name="signup-sent"),
    path("account/verify/again/", views.resend, name="resend"),
    path("account/verify/<str:token>/", views.verify, name="verify"),
    path("account/login/", views.login, name="login"),
    path("account/logout/", views.logout_view, name="logout"),
    path("account/password/reset/", views.password_reset, name="password-reset"),
    path("account/password/reset/sent/", views.password_reset_sent, name="password-reset-sent"),
    path(
        "account/password/reset/done/",
        views.password_reset_complete,
        name="password-reset-complete",
    ),
    path(
        "account/password/reset/<uidb64>/<token>/",
        views.password_reset_confirm,
        name="password-reset-confirm",
    ),
    path("account/data/", views.data, name="data"),
    path("account/delete/", views.delete, name="delete"),
    path("account/deleted/", views.deleted, name="deleted"),
    path("privacy/", views.privacy, name="privacy"),
]
