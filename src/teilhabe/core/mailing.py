"""Sending many personal mails in one step (Versand), shared by questionnaires, events and
tandems: a background task that sends one mail after the other and counts its progress, the
mail server's refusal recorded on the row, a bounce recorded by hand, reminders to those who
have not answered (by hand, or on reminder dates), and the first opening.

Core knows no feature app: each app describes its mailing in a `Campaign` (its models, what
counts as answered, how one mail is written) and registers it under a name; the task finds the
campaign by that name, so only plain values go into the task queue."""

import contextlib
import contextvars
import datetime
import smtplib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from django.conf import settings
from django.core.mail import send_mail
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from teilhabe.core import outbox
from teilhabe.core.models import MessageState


class MailingRefused(Exception):
    """Nothing was sent or stored; the message says why, in the user's language."""


class MailingKind(models.TextChoices):
    """Was ein Versand verschickt: den Link zum ersten Mal, oder eine Erinnerung."""

    LINK = "link", gettext_lazy("links")
    REMINDER = "reminder", gettext_lazy("reminders")


class MailingState(models.TextChoices):
    """Stand eines Versands im Hintergrund."""

    QUEUED = "queued", gettext_lazy("queued")
    RUNNING = "running", gettext_lazy("sending")
    DONE = "done", gettext_lazy("done")


class Mailing(models.Model):
    """Versand (Mailing): mails to several recipients sent in one step in the background;
    counts its progress for the page to show. Concrete models add the object they belong to."""

    kind = models.CharField(gettext_lazy("kind"), max_length=10, choices=MailingKind.choices)
    invitation_ids = models.JSONField(default=list)
    state = models.CharField(
        gettext_lazy("state"),
        max_length=10,
        choices=MailingState.choices,
        default=MailingState.QUEUED,
    )
    total = models.PositiveIntegerField(default=0)
    sent = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0)  # no address
    created_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at"]

    @property
    def handled(self) -> int:
        return self.sent + self.failed + self.skipped

    @property
    def percent(self) -> int:
        return round(100 * self.handled / self.total) if self.total else 100


class ReminderDate(models.Model):
    """Erinnerungstermin (ReminderDate): a day on which those who have not answered are
    reminded automatically (`teilhabe manage send_due_reminders`)."""

    on = models.DateField(gettext_lazy("remind on"))
    # The address the coordinator used when setting the date: the links in the reminders
    # start with it (a management command knows no request).
    base_url = models.URLField(max_length=300)
    done_at = models.DateTimeField(gettext_lazy("reminded"), null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["on"]


class Tracked(models.Model):
    """What became of one personal mail: sent, reminded, opened, delivery failed."""

    sent_at = models.DateTimeField(gettext_lazy("last sent"), null=True, blank=True)
    reminded_at = models.DateTimeField(gettext_lazy("last reminded"), null=True, blank=True)
    opened_at = models.DateTimeField(gettext_lazy("first opened"), null=True, blank=True)
    failed_at = models.DateTimeField(gettext_lazy("delivery failed"), null=True, blank=True)
    failure = models.CharField(gettext_lazy("reason of the failure"), max_length=300, blank=True)

    class Meta:
        abstract = True

    @property
    def delivery_uncertain(self) -> bool:
        """The worker died while handing this mail to the server (core/outbox.py): the office
        sees "uncertain" rather than "failed", and decides whether to send it again."""
        return self.failed_at is not None and self.failure == uncertain_note()


@dataclass(frozen=True)
class Campaign:
    """How one app's mailings work. `owner` is the object mailed about (a wave, an event, a
    tandem); `rows` its tracked rows (one mail each)."""

    name: str
    mailing: type[Mailing]
    reminder_date: type[ReminderDate]
    owner_field: str  # the foreign key of mailing, reminder date and row to the owner
    rows: Callable[[], "models.QuerySet[Any]"]  # all rows, with what a mail needs
    answered: Callable[["models.QuerySet[Any]"], "models.QuerySet[Any]"]
    sendable: Callable[[Any], bool]  # e.g. the link is not revoked
    deliver: Callable[[Any, str, bool], str]  # one mail: "sent", "failed" or "skipped"
    require_open: Callable[[Any, datetime.date], None]  # raises MailingRefused
    last_day: Callable[[Any], datetime.date]  # the last day a reminder date may lie on
    last_day_message: Callable[[Any], str]
    order_by: Sequence[str] = ("pk",)
    nothing_chosen: Callable[[], str] = lambda: _("Please choose at least one municipality.")

    registry: ClassVar[dict[str, "Campaign"]] = {}

    def register(self) -> "Campaign":
        Campaign.registry[self.name] = self
        return self

    def owner_of(self, obj: Any) -> Any:
        return getattr(obj, self.owner_field)

    def owner_id(self, obj: Any) -> Any:
        return getattr(obj, f"{self.owner_field}_id")


@transaction.atomic
def start(
    campaign: Campaign,
    owner: Any,
    rows: Iterable[Any],
    kind: str,
    base_url: str,
    by: Any = None,
) -> Mailing:
    """Queue the mails (or reminders) of the chosen rows of `owner` as one background task.
    Reminders go only to those who have not answered. Raises MailingRefused, with nothing
    stored, for a closed owner or an empty choice."""
    from teilhabe.core import tasks

    campaign.require_open(owner, timezone.localdate())
    chosen = [r for r in rows if campaign.owner_id(r) == owner.pk and campaign.sendable(r)]
    if kind == MailingKind.REMINDER:
        done = set(
            campaign.answered(campaign.rows().filter(pk__in=[r.pk for r in chosen])).values_list(
                "pk", flat=True
            )
        )
        chosen = [r for r in chosen if r.pk not in done]
    if not chosen:
        raise MailingRefused(
            _("Every chosen municipality has already answered: no reminder has been sent.")
            if kind == MailingKind.REMINDER
            else campaign.nothing_chosen()
        )
    mailing: Mailing = campaign.mailing._default_manager.create(
        **{campaign.owner_field: owner},
        kind=kind,
        invitation_ids=[r.pk for r in chosen],
        total=len(chosen),
        created_by=by,
    )
    # In the same transaction as the mailing: the database queue stores both or neither.
    tasks.send_mailing.enqueue(campaign.name, mailing.pk, base_url)
    return mailing


# The mailing being sent: each of its mails gets the idempotency key `<campaign>:<mailing>:<row>`
# (core/outbox.py), so a run taken over after its worker died sends no mail twice.
_sending: contextvars.ContextVar[str | None] = contextvars.ContextVar("sending", default=None)


def run(campaign: Campaign, mailing_id: int, base_url: str) -> None:
    """Send the mails of one mailing one after the other, counting each outcome as it
    comes, so the page can show the progress. Run again (after a lost worker), it counts from
    nought and sends only the mails the first run had not started (core/outbox.py)."""
    mailing = campaign.mailing._default_manager.get(pk=mailing_id)
    reminder = mailing.kind == MailingKind.REMINDER
    rows = campaign.rows().filter(pk__in=mailing.invitation_ids).order_by(*campaign.order_by)
    campaign.mailing._default_manager.filter(pk=mailing_id).update(sent=0, failed=0, skipped=0)
    token = _sending.set(f"{campaign.name}:{mailing_id}")
    try:
        for row in rows:
            count(campaign, mailing_id, campaign.deliver(row, base_url, reminder))
    finally:
        _sending.reset(token)
    campaign.mailing._default_manager.filter(pk=mailing_id).update(
        state=MailingState.DONE, finished_at=timezone.now()
    )


def count(campaign: Campaign, mailing_id: int, outcome: str) -> None:
    """Add one mail's outcome ("sent", "failed" or "skipped") to the mailing's progress."""
    campaign.mailing._default_manager.filter(pk=mailing_id).update(
        **{outcome: F(outcome) + 1}, state=MailingState.RUNNING
    )


def send(
    row: Tracked,
    subject: str,
    body: str,
    to: list[str],
    reminder: bool,
    **on_success: Any,
) -> str:
    """Send one mail for `row` and record the outcome: "skipped" without an address,
    "failed" (with the server's answer) when the mail server refused it, else "sent" (with
    the fields of `on_success` stored too)."""
    if not to:
        return "skipped"
    now = timezone.now()
    manager = type(row)._default_manager

    def refused(error: Exception) -> None:
        manager.filter(pk=row.pk).update(
            failed_at=now, failure=f"{type(error).__name__}: {error}"[:300]
        )

    def sent() -> None:
        when = {"reminded_at": now} if reminder else {"sent_at": now}
        manager.filter(pk=row.pk).update(failed_at=None, failure="", **when, **on_success)

    def mail() -> None:
        send_mail(subject, body, None, to)

    prefix = _sending.get()
    if prefix is None and (task := outbox.current_task.get()):  # one mail sent by a task
        prefix = f"task:{task}:{row._meta.label_lower}"
    if prefix is None:  # neither (e.g. run at once in the tests): nothing to repeat
        try:
            mail()
        except (smtplib.SMTPException, OSError) as error:
            refused(error)
            return "failed"
        sent()
        return "sent"
    refusals = (smtplib.SMTPException, OSError)
    outcome = outbox.send_once(f"{prefix}:{row.pk}", mail, refusals, sent, refused)
    if outcome == MessageState.UNCERTAIN:
        manager.filter(pk=row.pk).update(failed_at=now, failure=uncertain_note())
        return "failed"  # the office has to look at it
    return "failed" if outcome == MessageState.FAILED else "sent"


def uncertain_note() -> str:
    """The row's failure when its worker died while handing the mail to the server; always in
    the installation's language, so `Tracked.delivery_uncertain` recognises it."""
    with translation.override(settings.LANGUAGE_CODE):
        return _(
            "Unclear whether this mail arrived: the background worker stopped while sending "
            "it. It was not sent again; please ask, or send it again."
        )[:300]


def remind_due(campaign: Campaign, today: datetime.date | None = None) -> list[Mailing]:
    """Start the reminders of every reminder date that has come, once each. A date whose
    owner has closed, or whose recipients have all answered, is marked done without a mail."""
    today = today or timezone.localdate()
    started = []
    dates = campaign.reminder_date._default_manager.filter(on__lte=today, done_at__isnull=True)
    for date in dates.select_related(campaign.owner_field):
        with transaction.atomic():
            locked = campaign.reminder_date._default_manager.select_for_update().get(pk=date.pk)
            if locked.done_at is not None:
                continue
            owner = campaign.owner_of(date)
            everyone = campaign.rows().filter(**{campaign.owner_field: owner})
            with contextlib.suppress(MailingRefused):
                started.append(
                    start(campaign, owner, everyone, MailingKind.REMINDER, date.base_url)
                )
            locked.done_at = timezone.now()
            locked.save(update_fields=["done_at"])
    return started


@transaction.atomic
def add_reminder_date(
    campaign: Campaign, owner: Any, on: datetime.date, base_url: str
) -> ReminderDate:
    """Raises MailingRefused for a closed owner or a date outside today … its last day."""
    today = timezone.localdate()
    campaign.require_open(owner, today)
    if not today <= on <= campaign.last_day(owner):
        raise MailingRefused(campaign.last_day_message(owner))
    date: ReminderDate
    date, _created = campaign.reminder_date._default_manager.get_or_create(
        **{campaign.owner_field: owner, "on": on}, defaults={"base_url": base_url}
    )
    return date


def record_bounce(row: Tracked, note: str) -> None:
    """A bounce that came back later, recorded by hand: the mail did not arrive."""
    row.failed_at = timezone.now()
    row.failure = note[:300] or _("bounce recorded by hand")
    row.save(update_fields=["failed_at", "failure"])


def mark_opened(row: Tracked) -> None:
    """The first opening counts; later ones change nothing."""
    if row.opened_at is None:
        now = timezone.now()
        type(row)._default_manager.filter(pk=row.pk, opened_at__isnull=True).update(opened_at=now)
        row.opened_at = now


def skipped(campaign: Campaign, found: Mailing) -> list[Any]:
    """The rows of a finished mailing that went nowhere because no address was known."""
    if found.finished_at is None:
        return []
    since = found.created_at
    rows = campaign.rows().filter(pk__in=found.invitation_ids)
    return list(
        rows.exclude(sent_at__gte=since)
        .exclude(reminded_at__gte=since)
        .exclude(failed_at__gte=since)
        .order_by(*campaign.order_by)
    )
