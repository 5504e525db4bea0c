"""Server-rendered account pages: signup, login, logout, password change and reset, deletion."""

from django.contrib.auth import views as auth_views
from django.urls import path

from .views import AccountDeleteView, SignupDoneView, SignupView, signup_activate

urlpatterns = [
    path("signup/", SignupView.as_view(), name="signup"),
    path("signup/done/", SignupDoneView.as_view(), name="signup_done"),
    path("activate/<uidb64>/<token>/", signup_activate, name="signup_activate"),
    path(
        "login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path(
        "password/reset/",
        auth_views.PasswordResetView.as_view(
            email_template_name="registration/password_reset_email.txt"
        ),
        name="password_reset",
    ),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("delete/", AccountDeleteView.as_view(), name="account_delete"),
]
