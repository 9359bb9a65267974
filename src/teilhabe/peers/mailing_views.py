"""Sending the requests of proposed tandems to the municipalities concerned in one step,
reminders, the district's automatic reminder dates, the progress of a mailing and bounces
recorded by hand. Coordinators of the district only."""

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from teilhabe.accounts.models import User
from teilhabe.core import mailing_views as shared
from teilhabe.core.forms import ModelMultipleChoiceField, model_choice
from teilhabe.core.mailing import MailingKind
from teilhabe.core.scoping import require, scope_of
from teilhabe.peers import mailing
from teilhabe.peers.models import (
    Tandem,
    TandemMailing,
    TandemReminderDate,
    TandemRequest,
)
from teilhabe.regions.models import District


class TandemMailingForm(forms.Form):
    """Requests or reminders to both sides of the chosen proposed tandems."""

    kind = forms.ChoiceField(choices=MailingKind.choices)
    tandems = ModelMultipleChoiceField(
        queryset=Tandem.objects.none(),
        error_messages={"required": gettext_lazy("Please choose at least one proposed tandem.")},
    )

    def __init__(self, *args: Any, district: District, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Every tandem of the district: one no longer proposed is refused with a clear message.
        model_choice(self, "tandems").queryset = Tandem.objects.filter(district=district)


def _managed_district(request: HttpRequest, ags: str) -> District:
    district: District = scope_of(request).district(ags)
    require(scope_of(request).can_manage_district(district))
    return district


@require_POST
def tandem_send(request: HttpRequest, ags: str) -> HttpResponse:
    district = _managed_district(request, ags)
    form = TandemMailingForm(request.POST, district=district)
    if not form.is_valid():
        messages.error(request, shared.first_error(form))
        return redirect("peers:overview", ags=district.ags)
    data = form.cleaned_data
    user = request.user if isinstance(request.user, User) else None
    try:
        started = mailing.send(
            district, data["tandems"], data["kind"], request.build_absolute_uri("/"), user
        )
    except mailing.MailingRefused as refusal:
        messages.error(request, str(refusal))
    else:
        text = (
            _("Reminders to %(n)d municipalities are being sent.")
            if started.kind == MailingKind.REMINDER
            else _("Tandem requests to %(n)d sides are being sent.")
        )
        messages.success(request, text % {"n": started.total})
    return redirect("peers:overview", ags=district.ags)


@require_GET
def mailing_status(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress of one mailing: the fragment the overview polls while it runs."""
    found = scope_of(request).get(TandemMailing.objects.select_related("district"), pk=pk)
    require(scope_of(request).can_manage_district(found.district))
    return shared.progress(request, found)


@require_POST
def reminder_add(request: HttpRequest, ags: str) -> HttpResponse:
    district = _managed_district(request, ags)
    shared.add_reminder_date(request, mailing.CAMPAIGN, district)
    return redirect("peers:overview", ags=district.ags)


@require_POST
def reminder_delete(request: HttpRequest, pk: int) -> HttpResponse:
    date = scope_of(request).get(TandemReminderDate.objects.select_related("district"), pk=pk)
    require(scope_of(request).can_manage_district(date.district))
    date.delete()
    messages.success(request, _("The reminder date has been removed."))
    return redirect("peers:overview", ags=date.district.ags)


@require_POST
def request_bounce(request: HttpRequest, pk: int) -> HttpResponse:
    found = scope_of(request).get(
        TandemRequest.objects.select_related("district", "municipality"), pk=pk
    )
    require(scope_of(request).can_manage_district(found.district))
    shared.record_bounce(request, found, found.municipality.name)
    return redirect("peers:tandem-detail", pk=found.tandem_id)
