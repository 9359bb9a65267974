"""Announced batches (Ankündigungen) and where their households go (Unterbringung).

Counts only: a household is a size and two flags, never a name. A batch is a draft while the
coordination office reads the proposal and adjusts single lines; confirming it writes every
placement as an arrival of its allocation period, occupies the units, and freezes the batch with
the facts behind each line (`frozen.py`)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from teilhabe.allocation.models import ArrivalKind
from teilhabe.core.history import track

MAX_SIZE = 30  # persons of one household; larger is a typing error
MAX_HOUSEHOLDS = 500  # households of one batch; a week's notice has a few dozen at most


class BatchStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    CONFIRMED = "confirmed", _("confirmed")


class Batch(models.Model):
    """Ankündigung (announced batch): the Land's notice that households arrive on a day, as
    sizes and flags only. While it is a draft the office reads the placement proposal and
    adjusts it; confirmed, its placements are arrivals and it never changes again."""

    district = models.ForeignKey(
        "regions.District",
        on_delete=models.PROTECT,
        related_name="placement_batches",
        verbose_name=_("district"),
    )
    period = models.ForeignKey(
        "allocation.AllocationPeriod",
        on_delete=models.PROTECT,
        related_name="batches",
        verbose_name=_("allocation period"),
    )
    name = models.CharField(
        _("name"),
        max_length=100,
        help_text=_("E.g. the reference of the notice, “Zuweisung KW 51”. No names of persons."),
    )
    arrival_date = models.DateField(_("arrival"))
    kind = models.CharField(
        _("kind of arrival"),
        max_length=20,
        choices=ArrivalKind.choices,
        default=ArrivalKind.ASYLUM,
    )
    status = models.CharField(
        _("status"), max_length=10, choices=BatchStatus.choices, default=BatchStatus.DRAFT
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    is_example = models.BooleanField(_("example data"), default=False, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True, editable=False)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("confirmed by"),
    )
    # Frozen at confirmation (frozen.Outcome): the goals, the score and the comparison.
    outcome = models.JSONField(_("outcome"), null=True, blank=True, editable=False)

    history = track(excluded=["outcome"])  # the outcome is frozen with the confirmation
    district_path = "district"

    class Meta:
        verbose_name = _("announced batch")
        verbose_name_plural = _("announced batches")
        ordering = ["-arrival_date", "-pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_confirmed(self) -> bool:
        return self.status == BatchStatus.CONFIRMED

    @property
    def persons(self) -> int:
        """Persons of all its households (uses prefetched households)."""
        return sum(h.size for h in self.households.all())


class AnnouncedHousehold(models.Model):
    """Haushalt einer Ankündigung (announced household): its size and flags, never a name.
    While the batch is a draft, the unit the coordinator chose by hand (if any); once it is
    confirmed, where the household went, the arrival it became and the facts of its reason."""

    batch = models.ForeignKey(
        Batch, on_delete=models.CASCADE, related_name="households", verbose_name=_("batch")
    )
    position = models.PositiveIntegerField(_("line"))
    size = models.PositiveIntegerField(
        _("persons"), validators=[MinValueValidator(1), MaxValueValidator(MAX_SIZE)]
    )
    barrier_free = models.BooleanField(_("needs barrier-free housing"), default=False)
    children = models.PositiveIntegerField(
        _("children of kindergarten or school age"),
        default=0,
        validators=[MaxValueValidator(MAX_SIZE - 1)],
    )
    chosen_unit = models.ForeignKey(
        "allocation.HousingUnit",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("unit chosen by hand"),
    )
    unit = models.ForeignKey(
        "allocation.HousingUnit",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="placed_households",
        verbose_name=_("unit"),
    )
    municipality = models.ForeignKey(
        "regions.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("municipality"),
    )
    arrival = models.OneToOneField(
        "allocation.Arrival",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="placed_household",
        verbose_name=_("arrival"),
    )
    reason = models.JSONField(_("reason"), null=True, blank=True, editable=False)

    history = track(excluded=["reason"])
    district_path = "batch__district"

    class Meta:
        verbose_name = _("announced household")
        verbose_name_plural = _("announced households")
        ordering = ["batch", "position"]
        constraints = [
            models.UniqueConstraint(fields=["batch", "position"], name="household_position_unique"),
            models.CheckConstraint(condition=models.Q(size__gte=1), name="household_has_a_person"),
            models.CheckConstraint(
                condition=models.Q(children__lt=models.F("size")),
                name="household_children_fewer_than_persons",
                violation_error_message=_("A household needs at least one adult."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.batch}: {self.position}"
