"""URLs of the accounts app: API tokens, a body's user management, invitations and
password-reset links."""

from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from . import views

app_name = "accounts"
urlpatterns = [
    path("tokens/", views.tokens, name="tokens"),
    path("tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
    # 用户管理 of a body (its secretariat and admins)
    path("bodies/<int:pk>/users/", views.body_users, name="body_users"),
    path(
        "bodies/<int:pk>/invitations/<int:ipk>/revoke/",
        views.invitation_revoke_view,
        name="invitation_revoke",
    ),
    path(
        "bodies/<int:pk>/users/<int:upk>/deactivate/",
        views.user_deactivate,
        name="user_deactivate",
    ),
    path(
        "bodies/<int:pk>/users/<int:upk>/deactivate-account/",
        views.account_deactivate_view,
        name="account_deactivate",
    ),
    path("bodies/<int:pk>/users/<int:upk>/reset/", views.user_reset, name="user_reset"),
    # links handed to people (no sign-in needed)
    path("invite/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path(
        "reset/<uidb64>/<token>/",
        views.ResetConfirm.as_view(
            template_name="accounts/password_reset_confirm.html",
            success_url=reverse_lazy("accounts:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "reset/done/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
]
