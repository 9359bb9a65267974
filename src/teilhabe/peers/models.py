"""Peer start-up help (Starthilfe): a municipality that runs an activity helps one that wants
to start one. The office proposes a tandem (Patenschaft), both municipalities confirm, and the
outcome – did an activity start? – is linked to the stock-take."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.expressions import Combinable
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from teilhabe.core import mailing
from teilhabe.core.history import track
from teilhabe.engine import peers


class TandemStatus(models.TextChoices):
    """Stand eines Tandems: vorgeschlagen, vereinbart, aktiv, abgeschlossen, abgesagt."""

    PROPOSED = "proposed", _("proposed")
    AGREED = "agreed", _("agreed")
    ACTIVE = "active", _("active")
    FINISHED = "finished", _("finished")
    CANCELLED = "cancelled", _("cancelled")


class Tandem(models.Model):
    """Tandem (Patenschaft, gegenseitige Unterstützung; peer support): a municipality
    with an established activity in a field of action (the giver) helps one that lacks it (the
    receiver) to start one. Proposed by the office, agreed when both sides confirm, and in the end
    noted with what came of it."""

    district = models.ForeignKey(
        "regions.District",
        on_delete=models.PROTECT,
        related_name="tandems",
        verbose_name=_("district"),
    )
    giver = models.ForeignKey(
        "regions.Municipality",
        on_delete=models.PROTECT,
        related_name="tandems_given",
        verbose_name=_("helping municipality"),
    )
    receiver = models.ForeignKey(
        "regions.Municipality",
        on_delete=models.PROTECT,
        related_name="tandems_received",
        verbose_name=_("receiving municipality"),
    )
    category = models.ForeignKey(
        "inventory.Category",
        on_delete=models.PROTECT,
        related_name="tandems",
        verbose_name=_("field of action"),
    )
    giver_activity = models.ForeignKey(
        "inventory.Activity",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tandems_given",
        verbose_name=_("activity shared"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=TandemStatus.choices, default=TandemStatus.PROPOSED
    )
    giver_confirmed_at = models.DateTimeField(
        _("confirmed by the helping side"), null=True, blank=True
    )
    receiver_confirmed_at = models.DateTimeField(
        _("confirmed by the receiving side"), null=True, blank=True
    )
    outcome_activity = models.ForeignKey(
        "inventory.Activity",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tandems_started",
        verbose_name=_("activity started"),
    )
    outcome = models.TextField(_("outcome"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    history = track()
    municipality_path = "receiver"  # the log files a tandem under the receiving side
    district_path = "district"

    class Meta:
        verbose_name = _("tandem")
        verbose_name_plural = _("tandems")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(giver=models.F("receiver")),
                name="tandem_between_two_municipalities",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.giver} → {self.receiver}: {self.category}"


class Side(models.TextChoices):
    """Seite eines Tandems: die helfende oder die empfangende Kommune."""

    GIVER = "giver", _("helping side")
    RECEIVER = "receiver", _("receiving side")


class TandemRequest(mailing.Tracked, models.Model):
    """Tandem-Anfrage (TandemRequest): one side of a proposed tandem asked by e-mail to confirm
    it; records when it was sent, reminded, opened and whether delivery failed. Answered when
    that side has confirmed."""

    district = models.ForeignKey(
        "regions.District",
        on_delete=models.CASCADE,
        related_name="tandem_requests",
        verbose_name=_("district"),
    )
    tandem = models.ForeignKey(
        Tandem, on_delete=models.CASCADE, related_name="requests", verbose_name=_("tandem")
    )
    side = models.CharField(_("side"), max_length=10, choices=Side.choices)
    municipality = models.ForeignKey(
        "regions.Municipality",
        on_delete=models.CASCADE,
        related_name="tandem_requests",
        verbose_name=_("municipality"),
    )

    district_path = "district"

    class Meta:
        verbose_name = _("tandem request")
        verbose_name_plural = _("tandem requests")
        ordering = ["tandem", "side"]
        constraints = [
            models.UniqueConstraint(fields=["tandem", "side"], name="tandem_request_side"),
        ]

    def __str__(self) -> str:
        return f"{self.tandem}: {self.municipality}"

    @property
    def confirmed_at(self) -> "datetime.datetime | None":
        confirmed: datetime.datetime | None = getattr(self.tandem, f"{self.side}_confirmed_at")
        return confirmed


class MailingKind(models.TextChoices):
    """Was ein Versand von Tandem-Anfragen verschickt: Anfragen oder Erinnerungen."""

    LINK = mailing.MailingKind.LINK.value, _("tandem requests")
    REMINDER = mailing.MailingKind.REMINDER.value, _("reminders")


class TandemMailing(mailing.Mailing):
    """Versand von Tandem-Anfragen (TandemMailing): the requests or reminders of several
    proposed tandems of a district sent in one step, in the background, with its progress."""

    district = models.ForeignKey(
        "regions.District",
        on_delete=models.CASCADE,
        related_name="tandem_mailings",
        verbose_name=_("district"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=MailingKind.choices)

    district_path = "district"

    class Meta(mailing.Mailing.Meta):
        verbose_name = _("mailing of tandem requests")
        verbose_name_plural = _("mailings of tandem requests")

    def __str__(self) -> str:
        return f"{self.district}: {self.get_kind_display()}"


class TandemReminderDate(mailing.ReminderDate):
    """Erinnerungstermin für Tandems (TandemReminderDate): a day on which the sides of the
    district's proposed tandems that have not confirmed are reminded automatically."""

    district = models.ForeignKey(
        "regions.District",
        on_delete=models.CASCADE,
        related_name="tandem_reminder_dates",
        verbose_name=_("district"),
    )

    district_path = "district"

    class Meta(mailing.ReminderDate.Meta):
        verbose_name = _("reminder date of tandem requests")
        verbose_name_plural = _("reminder dates of tandem requests")
        constraints = [
            models.UniqueConstraint(fields=["district", "on"], name="tandem_reminder_date_unique")
        ]

    def __str__(self) -> str:
        return f"{self.district}: {self.on:%d.%m.%Y}"


class NoteKind(models.TextChoices):
    """Art eines Tandem-Vermerks: Treffen oder Bemerkung."""

    MEETING = "meeting", _("meeting")
    NOTE = "note", _("note")


class TandemNote(models.Model):
    """Tandem-Vermerk (tandem note): a dated note on a tandem, e.g. of a meeting of the
    two municipalities."""

    tandem = models.ForeignKey(
        Tandem, on_delete=models.CASCADE, related_name="notes", verbose_name=_("tandem")
    )
    date = models.DateField(_("date"))
    kind = models.CharField(
        _("kind"), max_length=10, choices=NoteKind.choices, default=NoteKind.MEETING
    )
    text = models.TextField(_("note"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    district_path = "tandem__district"

    class Meta:
        verbose_name = _("tandem note")
        verbose_name_plural = _("tandem notes")
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"{self.tandem}: {self.date:%d.%m.%Y}"


# A weight as the model stores it: set from a number or text, read as a Decimal.
WeightField = models.DecimalField[Decimal | float | str | Combinable, Decimal]


def _weight(name: str, label: StrOrPromise) -> WeightField:
    default = getattr(peers.Weights(), name)
    return models.DecimalField(
        label,
        max_digits=3,
        decimal_places=1,
        default=default,
        validators=[MinValueValidator(0), MaxValueValidator(10)],
    )


class ScoringWeights(models.Model):
    """Gewichte der Vorschläge (ScoringWeights): how much the office weighs each
    reason when suggesting a helping municipality; one row per district, defaults until saved."""

    district = models.OneToOneField(
        "regions.District", on_delete=models.CASCADE, related_name="peer_weights"
    )
    experience = _weight("experience", _("experience in the field"))
    volunteers = _weight("volunteers", _("volunteers involved"))
    size = _weight("size", _("similar size"))
    distance = _weight("distance", _("short distance"))
    tandems = _weight("tandems", _("tandems given before"))

    history = track()
    district_path = "district"

    class Meta:
        verbose_name = _("weights of the suggestions")
        verbose_name_plural = _("weights of the suggestions")

    def __str__(self) -> str:
        return str(self.district)

    def as_weights(self) -> peers.Weights:
        return peers.Weights(**{name: float(getattr(self, name)) for name in peers.FACTORS})
