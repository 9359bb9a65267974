"""From workshop proposals to the action plan (Handlungskonzept).

Participants of a workshop submit proposals and rank them by dot voting; the coordinator adopts
proposals as priorities (Handlungsschwerpunkte); each priority has measures whose progress is
recorded with dated notes until they are done."""

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from teilhabe.core.history import track


class Proposal(models.Model):
    """Vorschlag (proposal): an idea collected at a workshop, for the whole district or
    from one municipality, in a field of action. The participants rank the proposals by dot voting
    (Punktabfrage); the office adopts the best as priorities."""

    event = models.ForeignKey(
        "events.Event",
        on_delete=models.CASCADE,
        related_name="proposals",
        verbose_name=_("workshop"),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    category = models.ForeignKey(
        "inventory.Category",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposals",
        verbose_name=_("field of action"),
    )
    municipality = models.ForeignKey(
        "regions.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposals",
        verbose_name=_("proposed by municipality"),
        help_text=_("Leave empty for a proposal of the district or of the whole group."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = track()
    district_path = "event__district"

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.title


class Ballot(models.Model):
    """Stimmzettel (ballot): the points of one voter in a workshop's dot vote, a
    participant (by personal link or account) or a municipality. One ballot per voter and workshop;
    casting again replaces it while the vote is open."""

    event = models.ForeignKey(
        "events.Event", on_delete=models.CASCADE, related_name="ballots", verbose_name=_("workshop")
    )
    voter = models.CharField(max_length=40)  # "invitation:<id>", "user:<id>", "municipality:<id>"
    municipality = models.ForeignKey(
        "regions.Municipality", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    points = models.JSONField(default=dict)  # {"<proposal id>": points}
    cast_at = models.DateTimeField(auto_now=True)

    district_path = "event__district"

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        constraints = [models.UniqueConstraint(fields=["event", "voter"], name="one_ballot")]

    def __str__(self) -> str:
        return f"{self.event}: {self.voter}"

    def as_counts(self) -> dict[int, int]:
        return {int(k): int(v) for k, v in self.points.items()}


class Priority(models.Model):
    """Handlungsschwerpunkt (priority): an agreed priority area for the district's future
    work, usually adopted from a workshop proposal. Its measures make up the action plan
    (Handlungsplan)."""

    district = models.ForeignKey(
        "regions.District",
        on_delete=models.PROTECT,
        related_name="priorities",
        verbose_name=_("district"),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    category = models.ForeignKey(
        "inventory.Category",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="priorities",
        verbose_name=_("field of action"),
    )
    proposal = models.OneToOneField(
        Proposal,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="priority",
        verbose_name=_("from proposal"),
    )
    adopted_on = models.DateField(_("adopted on"), default=timezone.localdate)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = track()
    district_path = "district"

    class Meta:
        verbose_name = _("priority")
        verbose_name_plural = _("priorities")
        ordering = ["order", "adopted_on", "pk"]

    def __str__(self) -> str:
        return self.title


class MeasureStatus(models.TextChoices):
    """Stand einer Maßnahme: geplant, in Bearbeitung, erledigt, verworfen."""

    PLANNED = "planned", _("planned")
    IN_PROGRESS = "in_progress", _("in progress")
    DONE = "done", _("done")
    DROPPED = "dropped", _("dropped")


class Measure(models.Model):
    """Maßnahme (measure): a concrete step towards a priority: what, who is responsible,
    by when, for which municipalities and activities, and how far it has come (per cent).
    `version` refuses a save when someone else saved in between."""

    priority = models.ForeignKey(
        Priority, on_delete=models.CASCADE, related_name="measures", verbose_name=_("priority")
    )
    title = models.CharField(_("what"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    responsible = models.CharField(
        _("responsible"),
        max_length=200,
        help_text=_(
            "An office or organisation, e.g. “Koordinierungsstelle” or “Samtgemeinde Zeven”."
        ),
    )
    municipalities = models.ManyToManyField(
        "regions.Municipality",
        blank=True,
        related_name="measures",
        verbose_name=_("municipalities"),
    )
    activities = models.ManyToManyField(
        "inventory.Activity",
        blank=True,
        related_name="measures",
        verbose_name=_("activities it creates"),
    )
    due = models.DateField(_("due"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=MeasureStatus.choices, default=MeasureStatus.PLANNED
    )
    progress = models.PositiveSmallIntegerField(
        _("progress in percent"), default=0, validators=[MaxValueValidator(100)]
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    history = track()
    district_path = "priority__district"

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        ordering = ["due", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="measure_progress_at_most_100"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        open_ = self.status in (MeasureStatus.PLANNED, MeasureStatus.IN_PROGRESS)
        return open_ and self.due is not None and self.due < today


class ProgressNote(models.Model):
    """Fortschrittsvermerk (progress note): a dated note on how a measure is coming
    along; the measure takes its percentage."""

    measure = models.ForeignKey(
        Measure, on_delete=models.CASCADE, related_name="notes", verbose_name=_("measure")
    )
    date = models.DateField(_("date"), default=timezone.localdate)
    progress = models.PositiveSmallIntegerField(
        _("progress in percent"), validators=[MaxValueValidator(100)]
    )
    text = models.TextField(_("note"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    district_path = "measure__priority__district"

    class Meta:
        verbose_name = _("progress note")
        verbose_name_plural = _("progress notes")
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="progress_note_at_most_100"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.measure}: {self.progress} % ({self.date:%d.%m.%Y})"
