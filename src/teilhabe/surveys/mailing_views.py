"""Sending a wave's links and reminders in one step, its automatic reminder dates, the
progress of a mailing and bounces recorded by hand. Coordinators of the wave's district only."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from teilhabe.core import mailing_views as shared
from teilhabe.surveys import mailing
from teilhabe.surveys.forms import MailingForm
from teilhabe.surveys.models import MailingKind, Wave

VIEWS = shared.SendingViews(
    campaign=mailing.CAMPAIGN,
    owners=Wave.objects.select_related("district"),
    district_of=lambda wave: wave.district,
    to_district="wave__district",
    page=lambda wave: reverse("surveys:wave-detail", args=[wave.pk]),
    form=lambda data, wave: MailingForm(data, wave=wave),
    send=mailing.start_mailing,
    chosen="invitations",
    texts={
        MailingKind.LINK: _("Links to %(n)d municipalities are being sent."),
        MailingKind.REMINDER: _("Reminders to %(n)d municipalities are being sent."),
    },
    row_name=lambda invitation: invitation.municipality.name,
)
wave_send, mailing_status, reminder_add, reminder_delete, invitation_bounce = VIEWS.views()
