from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import path

from teilhabe.accounts import administration, link_views, views
from teilhabe.accounts.forms import LoginForm

app_name = "accounts"

ADMIN = "districts/<str:ags>/administration/"

urlpatterns = [
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(
            template_name="accounts/login.html",
            authentication_form=LoginForm,
            redirect_authenticated_user=True,
        ),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/profile/", views.profile, name="profile"),
    path("accounts/tokens/<int:pk>/revoke/", views.token_revoke, name="token-revoke"),
    path("accounts/password/", link_views.PasswordChange.as_view(), name="password-change"),
    path("accounts/password-reset/", link_views.password_reset, name="password-reset"),
    path(
        "accounts/password-reset/sent/",
        link_views.password_reset_sent,
        name="password-reset-sent",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        login_not_required(link_views.PasswordResetConfirm.as_view()),
        name="password-reset-confirm",
    ),
    path(
        "accounts/reset/done/",
        login_not_required(link_views.PasswordResetComplete.as_view()),
        name="password-reset-complete",
    ),
    path("accounts/invitation/<str:token>/", link_views.invitation, name="invitation"),
    path(ADMIN, administration.administration, name="administration"),
    path(f"{ADMIN}invite/", administration.invite, name="invite"),
    path(f"{ADMIN}log/", administration.audit_log, name="audit-log"),
    path(f"{ADMIN}accounts/<int:pk>/", administration.account, name="account"),
    path(f"{ADMIN}accounts/<int:pk>/roles/", administration.role_add, name="role-add"),
    path(f"{ADMIN}accounts/<int:pk>/deactivate/", administration.deactivate, name="deactivate"),
    path(f"{ADMIN}accounts/<int:pk>/reactivate/", administration.reactivate, name="reactivate"),
    path(f"{ADMIN}roles/<int:pk>/remove/", administration.role_remove, name="role-remove"),
    path(
        f"{ADMIN}invitations/<int:pk>/withdraw/",
        administration.invitation_withdraw,
        name="invitation-withdraw",
    ),
    path(
        f"{ADMIN}invitations/<int:pk>/resend/",
        administration.invitation_resend,
        name="invitation-resend",
    ),
]
