"""URLs of the core app: signing in and out (the landing page is chanjiao.reports')."""

from django.contrib.auth import views as auth_views
from django.urls import path

urlpatterns = [
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
]
