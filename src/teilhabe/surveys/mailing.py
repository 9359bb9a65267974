"""Sending the personal links of a wave to many municipalities in one step, reminders to those
that have not answered (by hand or on the wave's reminder dates), and what became of each
mail: sent, reminded, opened, answered, delivery failed."""

import contextlib
import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from teilhabe.surveys import tasks
from teilhabe.surveys.models import (
    Invitation,
    Mailing,
    MailingKind,
    MailingState,
    ReminderDate,
    ResponseStatus,
    Wave,
)

if TYPE_CHECKING:
    from teilhabe.accounts.models import User


class MailingRefused(Exception):
    """Nothing was sent or stored; the message says why, in the user's language."""


def _require_open(wave: Wave, today: datetime.date | None = None) -> None:
    if (today or timezone.localdate()) > wave.closes:
        raise MailingRefused(
            _("The wave “%(name)s” closed on %(date)s: nothing has been sent.")
            % {"name": wave.name, "date": f"{wave.closes:%d.%m.%Y}"}
        )


@transaction.atomic
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
    _require_open(wave)
    chosen = [i for i in invitations if i.wave_id == wave.pk and i.revoked_at is None]
    if kind == MailingKind.REMINDER:
        submitted = set(
            Invitation.objects.filter(
                pk__in=[i.pk for i in chosen], response__status=ResponseStatus.SUBMITTED
            ).values_list("pk", flat=True)
        )
        chosen = [i for i in chosen if i.pk not in submitted]
    if not chosen:
        raise MailingRefused(
            _("Every chosen municipality has already answered: no reminder has been sent.")
            if kind == MailingKind.REMINDER
            else _("Please choose at least one municipality with a valid link.")
        )
    mailing = Mailing.objects.create(
        wave=wave,
        kind=kind,
        invitation_ids=[i.pk for i in chosen],
        total=len(chosen),
        created_by=by,
    )
    # In the same transaction as the mailing: the database queue stores both or neither.
    tasks.send_mailing.enqueue(mailing.pk, base_url)
    return mailing


def count(mailing_id: int, outcome: str) -> None:
    """Add one mail's outcome ("sent", "failed" or "skipped") to the mailing's progress."""
    Mailing.objects.filter(pk=mailing_id).update(
        **{outcome: F(outcome) + 1}, state=MailingState.RUNNING
    )


def finish(mailing_id: int) -> None:
    Mailing.objects.filter(pk=mailing_id).update(
        state=MailingState.DONE, finished_at=timezone.now()
    )


def remind_due(today: datetime.date | None = None) -> list[Mailing]:
    """Start the reminders of every reminder date that has come, once each. A date whose wave
    has closed, or whose municipalities have all answered, is marked done without a mail."""
    today = today or timezone.localdate()
    started = []
    due = ReminderDate.objects.filter(on__lte=today, done_at__isnull=True).select_related("wave")
    for date in due:
        with transaction.atomic():
            locked = ReminderDate.objects.select_for_update().get(pk=date.pk)
            if locked.done_at is not None:
                continue
            with contextlib.suppress(MailingRefused):
                everyone = date.wave.invitations.all()
                started.append(
                    start_mailing(date.wave, everyone, MailingKind.REMINDER, date.base_url)
                )
            locked.done_at = timezone.now()
            locked.save(update_fields=["done_at"])
    return started


@transaction.atomic
def add_reminder_date(wave: Wave, on: datetime.date, base_url: str) -> ReminderDate:
    """Raises MailingRefused for a closed wave or a date outside the wave's open days."""
    _require_open(wave)
    if not timezone.localdate() <= on <= wave.closes:
        raise MailingRefused(
            _("A reminder date must lie between today and the wave's last day (%(date)s).")
            % {"date": f"{wave.closes:%d.%m.%Y}"}
        )
    date, _created = ReminderDate.objects.get_or_create(
        wave=wave, on=on, defaults={"base_url": base_url}
    )
    return date


def remove_reminder_date(date: ReminderDate) -> None:
    date.delete()


def record_bounce(invitation: Invitation, note: str) -> None:
    """A bounce that came back later, recorded by hand: the mail did not arrive."""
    invitation.failed_at = timezone.now()
    invitation.failure = note[:300] or _("bounce recorded by hand")
    invitation.save(update_fields=["failed_at", "failure"])


def mark_opened(invitation: Invitation) -> None:
    """The first opening of the questionnaire counts; later ones change nothing."""
    if invitation.opened_at is None:
        now = timezone.now()
        Invitation.objects.filter(pk=invitation.pk, opened_at__isnull=True).update(opened_at=now)
        invitation.opened_at = now
