from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from teilhabe.accounts.models import User
from teilhabe.digest import services
from teilhabe.digest.forms import DigestForm


@require_http_methods(["GET", "POST"])
def digest_settings(request: HttpRequest) -> HttpResponse:
    """The signed-in user's own choice: none, weekly or daily, and the language."""
    user = request.user
    assert isinstance(user, User)  # not a public page: the login middleware sees to it
    setting = services.setting_of(user)
    initial = {"frequency": setting.frequency, "language": setting.language}
    form = DigestForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.choose(user, form.cleaned_data["frequency"], form.cleaned_data["language"])
        except services.DigestRefused as refusal:
            form.add_error("frequency", str(refusal))
        else:
            messages.success(request, _("Your choice has been saved."))
            return redirect("digest:settings")
    return render(request, "digest/settings.html", {"form": form, "email": user.email})


# The signed token is the key, so no login is needed; mail programs send the one-click
# unsubscribe (RFC 8058) as a POST without a CSRF token.
@csrf_exempt
@login_not_required
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    try:
        signing.loads(token, salt=services.SALT)
    except signing.BadSignature:
        return render(request, "digest/unsubscribe.html", {"invalid": True}, status=404)
    if request.method == "POST":
        services.unsubscribe(token)
        return render(request, "digest/unsubscribe.html", {"done": True})
    return render(request, "digest/unsubscribe.html", {})
