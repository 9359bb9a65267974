"""The user's own page: who they are, their roles, and their personal API tokens."""

import datetime

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from teilhabe.accounts import tokens
from teilhabe.accounts.models import ApiToken
from teilhabe.core.forms import KernFormMixin


class TokenForm(KernFormMixin, forms.Form):
    name = forms.CharField(
        label=gettext_lazy("What the token is for"),
        max_length=100,
        help_text=gettext_lazy("e.g. “Excel-Auswertung” or “BI-Dashboard”"),
    )
    expires_on = forms.DateField(
        label=gettext_lazy("Valid until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=gettext_lazy("Leave empty for a token without expiry."),
    )

    def clean_expires_on(self) -> datetime.date | None:
        value: datetime.date | None = self.cleaned_data["expires_on"]
        if value and value < timezone.localdate():
            raise forms.ValidationError(_("The date lies in the past."))
        return value


@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert user.is_authenticated  # not a public page: the login middleware sees to it
    form = TokenForm(request.POST or None)
    new_token = None
    if request.method == "POST" and form.is_valid():
        _record, new_token = tokens.create(
            user, form.cleaned_data["name"], form.cleaned_data["expires_on"]
        )
        form = TokenForm()
    context = {
        "form": form,
        "new_token": new_token,
        "tokens": ApiToken.objects.filter(user=user),
        "memberships": user.memberships.select_related("district", "municipality"),
        "today": timezone.localdate(),
    }
    return render(request, "accounts/profile.html", context)


@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    assert request.user.is_authenticated  # not a public page: the login middleware sees to it
    record = ApiToken.objects.filter(user=request.user, pk=pk).first()
    if record is None:  # somebody else's token is simply not there
        raise Http404
    tokens.revoke(record)
    messages.success(request, _("The token “%(name)s” no longer works.") % {"name": record.name})
    return redirect("accounts:profile")
