"""Sending the personal links of a wave to many municipalities in one step, reminders to those
that have not answered (by hand or on the wave's reminder dates), and what became of each
mail: sent, reminded, opened, answered, delivery failed. The mechanism is shared
(`teilhabe.core.mailing`); this module says what is particular to a wave."""

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext as _

from teilhabe.core import mailing as shared
from teilhabe.core.mailing import MailingRefused
from teilhabe.surveys import tasks
from teilhabe.surveys.models import Invitation, Mailing, ReminderDate, ResponseStatus, Wave

if TYPE_CHECKING:
    from teilhabe.accounts.models import User

__all__ = ["MailingRefused"]


def _require_open(wave: Wave, today: datetime.date) -> None:
    if today > wave.closes:
        raise MailingRefused(
            _("The wave “%(name)s” closed on %(date)s: nothing has been sent.")
            % {"name": wave.name, "date": f"{wave.closes:%d.%m.%Y}"}
        )


def _answered(rows: "models.QuerySet[Invitation]") -> "models.QuerySet[Invitation]":
    return rows.filter(response__status=ResponseStatus.SUBMITTED)


CAMPAIGN = shared.Campaign(
    name="surveys",
    mailing=Mailing,
    reminder_date=ReminderDate,
    owner_field="wave",
    rows=lambda: Invitation.objects.select_related("wave__version__questionnaire", "municipality"),
    answered=_answered,
    sendable=lambda invitation: invitation.revoked_at is None,
    deliver=tasks.deliver,
    require_open=_require_open,
    last_day=lambda wave: wave.closes,
    last_day_message=lambda wave: (
        _("A reminder date must lie between today and the wave's last day (%(date)s).")
        % {"date": f"{wave.closes:%d.%m.%Y}"}
    ),
    order_by=("municipality__name",),
    nothing_chosen=lambda: _("Please choose at least one municipality with a valid link."),
).register()


def start_mailing(
    wave: Wave,
    invitations: Iterable[Invitation],
    kind: str,
    base_url: str,
    by: "User | None" = None,
) -> Mailing:
    """Queue the links (or reminders) of the chosen invitations of `wave` as one background
    task. Reminders go only to municipalities that have not submitted; revoked links are left
    out. Raises MailingRefused, with nothing stored, for a closed wave or an empty choice."""
    started = shared.start(CAMPAIGN, wave, invitations, kind, base_url, by)
    assert isinstance(started, Mailing)
    return started


def remind_due(today: datetime.date | None = None) -> list[Mailing]:
    """Start the reminders of every reminder date of a wave that has come, once each."""
    return [m for m in shared.remind_due(CAMPAIGN, today) if isinstance(m, Mailing)]


def add_reminder_date(wave: Wave, on: datetime.date, base_url: str) -> ReminderDate:
    """Raises MailingRefused for a closed wave or a date outside the wave's open days."""
    date = shared.add_reminder_date(CAMPAIGN, wave, on, base_url)
    assert isinstance(date, ReminderDate)
    return date


def record_bounce(invitation: Invitation, note: str) -> None:
    """A bounce that came back later, recorded by hand: the mail did not arrive."""
    shared.record_bounce(invitation, note)


def mark_opened(invitation: Invitation) -> None:
    """The first opening of the questionnaire counts; later ones change nothing."""
    shared.mark_opened(invitation)
