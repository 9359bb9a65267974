"""Sending the requests of proposed tandems to the municipalities concerned in one step,
reminders to the sides that have not confirmed (by hand or on the district's reminder dates),
and what became of each mail. The mechanism is shared (`teilhabe.core.mailing`); this module
says what is particular to tandems: the owner of a mailing is the district, one request per
side of a tandem."""

import datetime
from collections.abc import Iterable
from typing import Any

from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from teilhabe.core import mailing as shared
from teilhabe.core.mailing import MailingRefused
from teilhabe.peers import tasks
from teilhabe.peers.models import (
    Side,
    Tandem,
    TandemMailing,
    TandemReminderDate,
    TandemRequest,
    TandemStatus,
)
from teilhabe.regions.models import District

__all__ = ["MailingRefused"]
REMIND_WITHIN = 90  # days ahead a reminder date may lie

CONFIRMED = Q(side=Side.GIVER, tandem__giver_confirmed_at__isnull=False) | Q(
    side=Side.RECEIVER, tandem__receiver_confirmed_at__isnull=False
)


def _answered(rows: "models.QuerySet[TandemRequest]") -> "models.QuerySet[TandemRequest]":
    return rows.filter(CONFIRMED)


def _always_open(district: District, today: datetime.date) -> None:
    """A district never closes; a tandem that is no longer proposed is left out instead."""


def _last_day(district: District) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=REMIND_WITHIN)


CAMPAIGN = shared.Campaign(
    name="peers",
    mailing=TandemMailing,
    reminder_date=TandemReminderDate,
    owner_field="district",
    rows=lambda: TandemRequest.objects.select_related(
        "tandem__giver", "tandem__receiver", "tandem__category", "municipality"
    ),
    answered=_answered,
    sendable=lambda request: request.tandem.status == TandemStatus.PROPOSED,
    deliver=tasks.deliver,
    require_open=_always_open,
    last_day=_last_day,
    last_day_message=lambda district: (
        _("A reminder date must lie between today and %(date)s.")
        % {"date": f"{_last_day(district):%d.%m.%Y}"}
    ),
    order_by=("municipality__name", "tandem_id"),
    nothing_chosen=lambda: _("Please choose at least one proposed tandem."),
).register()


@transaction.atomic
def send(
    district: District,
    tandems: Iterable[Tandem],
    kind: str,
    base_url: str,
    by: Any = None,
) -> TandemMailing:
    """Ask both sides of the chosen proposed tandems to confirm (or remind the sides that
    have not), in one background task. Raises MailingRefused, with nothing written, when no
    side is left to ask."""
    chosen = [
        t for t in tandems if t.district_id == district.pk and t.status == TandemStatus.PROPOSED
    ]
    for tandem in chosen:
        for side, municipality in ((Side.GIVER, tandem.giver), (Side.RECEIVER, tandem.receiver)):
            TandemRequest.objects.get_or_create(
                tandem=tandem,
                side=side,
                defaults={"district": district, "municipality": municipality},
            )
    rows = CAMPAIGN.rows().filter(tandem__in=chosen).exclude(CONFIRMED)
    started = shared.start(CAMPAIGN, district, rows, kind, base_url, by)
    assert isinstance(started, TandemMailing)
    return started


def mark_opened(tandem: Tandem, municipalities: Iterable[int]) -> None:
    """The tandem's page opened by an editor of a side: that side's request was opened."""
    for request in tandem.requests.filter(municipality__in=list(municipalities)):
        shared.mark_opened(request)
