"""Sending the requests of proposed tandems to the municipalities concerned in one step,
reminders, the district's automatic reminder dates, the progress of a mailing and bounces
recorded by hand. Coordinators of the district only."""

from typing import Any

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_lazy as _

from teilhabe.core import mailing_views as shared
from teilhabe.core.forms import ModelMultipleChoiceField, model_choice
from teilhabe.core.mailing import MailingKind
from teilhabe.peers import mailing
from teilhabe.peers.models import Tandem
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


VIEWS = shared.SendingViews(
    campaign=mailing.CAMPAIGN,
    owners=District.objects.all(),
    district_of=lambda district: district,
    to_district="district",
    page=lambda district: reverse("peers:overview", args=[district.ags]),
    form=lambda data, district: TandemMailingForm(data, district=district),
    send=mailing.send,
    chosen="tandems",
    texts={
        MailingKind.LINK: _("Tandem requests to %(n)d sides are being sent."),
        MailingKind.REMINDER: _("Reminders to %(n)d municipalities are being sent."),
    },
    row_name=lambda request: request.municipality.name,
    row_page=lambda request: reverse("peers:tandem-detail", args=[request.tandem_id]),
)
tandem_send, mailing_status, reminder_add, reminder_delete, request_bounce = VIEWS.views()
