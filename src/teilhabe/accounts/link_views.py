"""Pages reached from an e-mail, without (or before) logging in: accepting an invitation to a
role, and setting a new password ("Passwort vergessen?"). The secret in the address is the
key; every invalid or used link gets the same page, and no answer tells whether an e-mail
address has an account, except to the holder of a link mailed to that address."""

from collections.abc import Iterable

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import PasswordChangeForm, SetPasswordForm
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from teilhabe.accounts import services, tasks
from teilhabe.accounts.audit import districts_of, record
from teilhabe.accounts.forms import (
    KernPasswordChangeForm,
    KernSetPasswordForm,
    NewAccountForm,
    ResetRequestForm,
)
from teilhabe.accounts.models import AuditAction, Invitation, User
from teilhabe.core.links import hash_token

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def _pending(token: str) -> Invitation | None:
    if len(token) > 100:
        return None
    invitation = (
        Invitation.objects.select_related("district", "municipality")
        .filter(token_hash=hash_token(token))
        .first()
    )
    return invitation if invitation is not None and invitation.pending else None


@login_not_required
@require_http_methods(["GET", "POST"])
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    invitation = _pending(token)
    if invitation is None:
        return render(request, "accounts/invitation_invalid.html", status=404)
    has_account = User.objects.filter(email__iexact=invitation.email, is_active=True).exists()
    form = NewAccountForm(initial={"username": invitation.email})
    action = request.POST.get("action")
    if request.method == "POST" and action == "accept" and request.user.is_authenticated:
        services.accept(request, invitation, request.user)
        welcome = _("Welcome! You now have the role in %(district)s.")
        messages.success(request, welcome % {"district": invitation.district.name})
        return redirect("regions:district-detail", ags=invitation.district.ags)
    if request.method == "POST" and action == "create" and not request.user.is_authenticated:
        form = NewAccountForm(request.POST)
        if not has_account and form.is_valid():
            try:
                user = services.create_account_and_accept(request, invitation, form.cleaned_data)
            except services.AdministrationError as error:
                form.add_error("username", str(error))
            except ValidationError as error:  # the password validators
                form.add_error("password", error)
            else:
                login(request, user, backend=MODEL_BACKEND)
                messages.success(request, _("Welcome! Your account is ready."))
                return redirect("regions:district-detail", ags=invitation.district.ags)
    context = {
        "invitation": invitation,
        "has_account": has_account,
        "form": form,
        "login_url": f"{reverse('accounts:login')}?next={request.path}",
    }
    return render(request, "accounts/invitation.html", context)


@login_not_required
@require_http_methods(["GET", "POST"])
def password_reset(request: HttpRequest) -> HttpResponse:
    """Always the same answer: a mail goes out in the background only if the address has an
    account with a password of its own."""
    form = ResetRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        tasks.send_password_reset.enqueue(
            form.cleaned_data["email"],
            request.build_absolute_uri("/"),
            getattr(request, "LANGUAGE_CODE", "de"),
        )
        return redirect("accounts:password-reset-sent")
    return render(request, "accounts/password_reset.html", {"form": form})


@login_not_required
def password_reset_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/password_reset_sent.html")


class PasswordResetConfirm(auth_views.PasswordResetConfirmView):
    form_class = KernSetPasswordForm
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password-reset-complete")

    def form_valid(self, form: SetPasswordForm[User]) -> HttpResponse:
        response = super().form_valid(form)
        user = form.user
        # Without a membership: the installation's own log (None).
        districts: Iterable[int | None] = districts_of(user) or {None}
        record(AuditAction.PASSWORD_RESET, districts, self.request, actor=user, subject=user)
        return response


class PasswordResetComplete(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


class PasswordChange(auth_views.PasswordChangeView):
    form_class = KernPasswordChangeForm
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:profile")

    def form_valid(self, form: PasswordChangeForm) -> HttpResponse:
        response = super().form_valid(form)
        user = form.user
        # Without a membership: the installation's own log (None).
        districts: Iterable[int | None] = districts_of(user) or {None}
        record(AuditAction.PASSWORD_CHANGED, districts, self.request, actor=user, subject=user)
        messages.success(self.request, _("Your password has been changed."))
        return response
