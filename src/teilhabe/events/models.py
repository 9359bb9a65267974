"""Events of the network: workshops, network meetings, committee sessions.

Invitations go to contacts who agreed to be listed, or to every municipality at once. Each
invitation has a personal link (secret token, stored hashed, revocable) through which the
invited person answers (RSVP) and, at a workshop, submits proposals and votes. Attendance
records which municipalities were represented: counts, not a list of people."""

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from teilhabe.core import mailing
from teilhabe.core.history import track
from teilhabe.core.links import SecretLink


class EventKind(models.TextChoices):
    """Art der Veranstaltung: Workshop, Netzwerktreffen or Ausschusssitzung."""

    WORKSHOP = "workshop", _("workshop")
    NETWORK_MEETING = "network_meeting", _("network meeting")
    COMMITTEE = "committee", _("committee session")


class VotePer(models.TextChoices):
    """Whose points count in a workshop's dot vote: each participant's or each municipality's."""

    PARTICIPANT = "participant", _("per participant")
    MUNICIPALITY = "municipality", _("per municipality")


class Event(models.Model):
    """Veranstaltung (event): a workshop, network meeting (Netzwerktreffen) or committee
    session the office holds, e.g. the workshop with all 13 municipalities in the Kreishaus. It
    has invitations with personal links, the attendance on the day and files; a workshop also
    collects proposals and holds the dot vote on them (actionplan)."""

    district = models.ForeignKey(
        "regions.District",
        on_delete=models.PROTECT,
        related_name="events",
        verbose_name=_("district"),
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=EventKind.choices, default=EventKind.WORKSHOP
    )
    title = models.CharField(_("title"), max_length=200)
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("begins"), null=True, blank=True)
    end_time = models.TimeField(_("ends"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=300, blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    rsvp_until = models.DateField(_("please answer by"), null=True, blank=True)
    cancelled = models.BooleanField(_("cancelled"), default=False)
    public = models.BooleanField(
        _("public"),
        default=False,
        help_text=_(
            "Shown with title, date and place in the public directory (Wegweiser), with a "
            "calendar file. Agenda, minutes and invitations stay internal."
        ),
    )
    activity = models.ForeignKey(
        "inventory.Activity",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("offer"),
        help_text=_("The offer of the stock-take this event belongs to, if any."),
    )
    # Dot voting on the proposals of a workshop
    vote_points = models.PositiveSmallIntegerField(
        _("points per voter"), default=5, validators=[MinValueValidator(1), MaxValueValidator(50)]
    )
    vote_per = models.CharField(
        _("points are given"), max_length=20, choices=VotePer.choices, default=VotePer.PARTICIPANT
    )
    vote_max_per_proposal = models.PositiveSmallIntegerField(
        _("at most on one proposal"),
        null=True,
        blank=True,
        help_text=_("Leave empty to allow all points on one proposal."),
    )
    proposals_open = models.BooleanField(_("proposals can be submitted"), default=True)
    vote_opened_at = models.DateTimeField(_("vote opened"), null=True, blank=True)
    vote_closed_at = models.DateTimeField(_("vote closed"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = track()
    district_path = "district"

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-date", "-start_time"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_time__isnull=True)
                | models.Q(start_time__isnull=True)
                | models.Q(end_time__gt=models.F("start_time")),
                name="event_ends_after_it_begins",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.date:%d.%m.%Y})"

    @property
    def voting_open(self) -> bool:
        return self.vote_opened_at is not None and self.vote_closed_at is None


class Rsvp(models.TextChoices):
    """Rückmeldung auf eine Einladung: noch keine Rückmeldung, nimmt teil, sagt ab."""

    PENDING = "pending", _("no answer yet")
    YES = "yes", _("will attend")
    NO = "no", _("cannot attend")


class Invitation(SecretLink, mailing.Tracked, models.Model):
    """Einladung zur Veranstaltung (event invitation): one invited contact, or a
    municipality without a designated contact yet, with a personal link to answer (zusagen,
    absagen) and, at a workshop, to propose and vote. Only the link's hash is stored."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("event")
    )
    municipality = models.ForeignKey(
        "regions.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="event_invitations",
        verbose_name=_("municipality"),
    )
    contact = models.ForeignKey(
        "network.Contact",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="event_invitations",
        verbose_name=_("contact"),
    )
    email = models.EmailField(_("e-mail for the link"), blank=True)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    rsvp = models.CharField(_("answer"), max_length=10, choices=Rsvp.choices, default=Rsvp.PENDING)
    persons = models.PositiveSmallIntegerField(
        _("persons attending"), default=0, validators=[MaxValueValidator(20)]
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    district_path = "event__district"

    class Meta:
        verbose_name = _("event invitation")
        verbose_name_plural = _("event invitations")
        ordering = ["municipality__name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "contact"], name="event_invitation_contact"),
            models.CheckConstraint(
                condition=models.Q(municipality__isnull=False) | models.Q(contact__isnull=False),
                name="event_invitation_addressed",
            ),
        ]

    def __str__(self) -> str:
        who = self.contact.name if self.contact_id and self.contact else ""
        where = self.municipality.name if self.municipality_id and self.municipality else ""
        return " – ".join(part for part in (who, where) if part) or str(_("invitation"))


class MailingKind(models.TextChoices):
    """Was ein Versand einer Veranstaltung verschickt: Einladungen oder Erinnerungen."""

    LINK = mailing.MailingKind.LINK.value, _("invitations")
    REMINDER = mailing.MailingKind.REMINDER.value, _("reminders")


class EventMailing(mailing.Mailing):
    """Versand einer Veranstaltung (EventMailing): the invitations or reminders of an event
    sent in one step to several municipalities, in the background, with its progress."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="mailings", verbose_name=_("event")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=MailingKind.choices)

    district_path = "event__district"

    class Meta(mailing.Mailing.Meta):
        verbose_name = _("mailing of an event")
        verbose_name_plural = _("mailings of events")

    def __str__(self) -> str:
        return f"{self.event}: {self.get_kind_display()}"


class EventReminderDate(mailing.ReminderDate):
    """Erinnerungstermin einer Veranstaltung (EventReminderDate): a day on which those invited
    who have not answered are reminded automatically (`teilhabe manage send_due_reminders`)."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="reminder_dates", verbose_name=_("event")
    )

    district_path = "event__district"

    class Meta(mailing.ReminderDate.Meta):
        verbose_name = _("reminder date of an event")
        verbose_name_plural = _("reminder dates of events")
        constraints = [
            models.UniqueConstraint(fields=["event", "on"], name="event_reminder_date_unique")
        ]

    def __str__(self) -> str:
        return f"{self.event}: {self.on:%d.%m.%Y}"


class Attendance(models.Model):
    """Anwesenheit (attendance): a municipality represented at an event, with how many
    people came."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="attendance", verbose_name=_("event")
    )
    municipality = models.ForeignKey(
        "regions.Municipality",
        on_delete=models.PROTECT,
        related_name="attendance",
        verbose_name=_("municipality"),
    )
    persons = models.PositiveSmallIntegerField(
        _("persons"), default=1, validators=[MinValueValidator(1), MaxValueValidator(50)]
    )

    district_path = "event__district"

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["event", "municipality"], name="attendance_unique")
        ]

    def __str__(self) -> str:
        return f"{self.event}: {self.municipality}"


def _upload_to(instance: "EventFile", filename: str) -> str:
    return f"events/{instance.event_id}/{secrets.token_hex(8)}-{filename}"


class EventFile(models.Model):
    """Datei (event file): minutes, slides, photos of the flip charts; served only to the
    district's members."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="files", verbose_name=_("event")
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=_upload_to)
    size = models.PositiveIntegerField(default=0, editable=False)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    district_path = "event__district"

    class Meta:
        verbose_name = _("file")
        verbose_name_plural = _("files")
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return self.title


class CalendarFeed(SecretLink, models.Model):
    """Kalender-Abonnement (calendar feed): a user's personal address for the iCal
    feed of their districts' events. Calendar programs cannot log in, so the secret in the address
    is the key. Revoking it creates a new one."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return str(self.user)
