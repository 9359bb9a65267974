"""Sending a wave's links and reminders in one step, its automatic reminder dates, the
progress of a mailing and bounces recorded by hand. Coordinators of the wave's district only."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from teilhabe.accounts.models import User
from teilhabe.core import mailing_views as shared
from teilhabe.core.scoping import require, scope_of
from teilhabe.surveys import mailing
from teilhabe.surveys.forms import MailingForm
from teilhabe.surveys.models import Invitation, Mailing, MailingKind, ReminderDate, Wave


def _managed_wave(request: HttpRequest, pk: int) -> Wave:
    wave = scope_of(request).get(Wave.objects.select_related("district"), pk=pk)
    require(scope_of(request).can_manage_district(wave.district))
    return wave


@require_POST
def wave_send(request: HttpRequest, pk: int) -> HttpResponse:
    wave = _managed_wave(request, pk)
    form = MailingForm(request.POST, wave=wave)
    if not form.is_valid():
        messages.error(request, shared.first_error(form))
        return redirect("surveys:wave-detail", pk=wave.pk)
    data = form.cleaned_data
    user = request.user if isinstance(request.user, User) else None
    try:
        started = mailing.start_mailing(
            wave, data["invitations"], data["kind"], request.build_absolute_uri("/"), user
        )
    except mailing.MailingRefused as refusal:
        messages.error(request, str(refusal))
    else:
        text = (
            _("Reminders to %(n)d municipalities are being sent.")
            if started.kind == MailingKind.REMINDER
            else _("Links to %(n)d municipalities are being sent.")
        )
        messages.success(request, text % {"n": started.total})
    return redirect("surveys:wave-detail", pk=wave.pk)


@require_GET
def mailing_status(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress of one mailing: the fragment the wave page polls while it runs."""
    found = scope_of(request).get(Mailing.objects.select_related("wave__district"), pk=pk)
    require(scope_of(request).can_manage_district(found.wave.district))
    return shared.progress(request, found)


@require_POST
def reminder_add(request: HttpRequest, pk: int) -> HttpResponse:
    wave = _managed_wave(request, pk)
    shared.add_reminder_date(request, mailing.CAMPAIGN, wave)
    return redirect("surveys:wave-detail", pk=wave.pk)


@require_POST
def reminder_delete(request: HttpRequest, pk: int) -> HttpResponse:
    date = scope_of(request).get(ReminderDate.objects.select_related("wave__district"), pk=pk)
    require(scope_of(request).can_manage_district(date.wave.district))
    mailing.remove_reminder_date(date)
    messages.success(request, _("The reminder date has been removed."))
    return redirect("surveys:wave-detail", pk=date.wave_id)


@require_POST
def invitation_bounce(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = scope_of(request).get(
        Invitation.objects.select_related("wave__district", "municipality"), pk=pk
    )
    require(scope_of(request).can_manage_district(invitation.wave.district))
    shared.record_bounce(request, invitation, invitation.municipality.name)
    return redirect("surveys:wave-detail", pk=invitation.wave_id)
