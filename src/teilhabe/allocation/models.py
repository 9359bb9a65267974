"""Allocation of asylum seekers to municipalities: periods, the key, arrivals and capacity.

Counts and household sizes only: no names or other personal data of any person."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import formats
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from teilhabe.core.history import track


class Method(models.TextChoices):
    """Verfahren (method): how the district's quota is divided among the municipalities by
    population (the allocation key, Verteilungsschlüssel)."""

    HARE_NIEMEYER = "hare-niemeyer", _("Hare-Niemeyer (largest remainder)")
    SAINTE_LAGUE = "sainte-lague", _("Sainte-Laguë/Schepers")
    DHONDT = "dhondt", _("D'Hondt")


class AllocationPeriod(models.Model):
    """Verteilzeitraum (AllocationPeriod): the period a quota applies to, with the
    number of people the district has to take in, passed on to its municipalities by population
    (each municipality's Soll, its target). A closed period is frozen: its results are stored and
    can no longer change."""

    district = models.ForeignKey(
        "regions.District",
        on_delete=models.PROTECT,
        related_name="allocation_periods",
        verbose_name=_("district"),
    )
    name = models.CharField(_("name"), max_length=100)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    quota = models.PositiveIntegerField(
        _("quota of the district"), help_text=_("Persons the district has to take in.")
    )
    population_date = models.DateField(
        _("population reference date"),
        help_text=_("The key is computed from the official figures of this date."),
    )
    method = models.CharField(
        _("method"), max_length=20, choices=Method.choices, default=Method.HARE_NIEMEYER
    )
    staff_ratio_limit = models.PositiveIntegerField(
        _("warning above persons per staff FTE"),
        default=80,
        help_text=_(
            "A municipality is flagged when more persons per full-time social worker "
            "are assigned to it in this period."
        ),
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True, editable=False)
    results = models.JSONField(_("frozen results"), null=True, blank=True, editable=False)

    history = track(excluded=["results"])
    district_path = "district"

    class Meta:
        verbose_name = _("allocation period")
        verbose_name_plural = _("allocation periods")
        ordering = ["district", "-start"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")), name="period_dates_in_order"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None


class AdjustmentKind(models.TextChoices):
    """Anrechnung (credit) or Befreiung vom Schlüssel (exemption)."""

    CREDIT = "credit", _("credit (e.g. reception facility)")
    EXEMPT = "exempt", _("exemption from the key")


class Adjustment(models.Model):
    """Anrechnung oder Befreiung (adjustment): a credit against a municipality's target
    (e.g. for a reception facility), or its exemption from the key, with a reason."""

    period = models.ForeignKey(
        AllocationPeriod,
        on_delete=models.CASCADE,
        related_name="adjustments",
        verbose_name=_("period"),
    )
    municipality = models.ForeignKey(
        "regions.Municipality",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("municipality"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=AdjustmentKind.choices)
    persons = models.PositiveIntegerField(
        _("persons credited"), default=0, help_text=_("Only for credits.")
    )
    reason = models.CharField(_("reason"), max_length=300)

    history = track()
    district_path = "period__district"

    class Meta:
        verbose_name = _("credit or exemption")
        verbose_name_plural = _("credits and exemptions")
        constraints = [
            models.UniqueConstraint(
                fields=["period", "municipality", "kind"], name="adjustment_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.municipality}: {self.get_kind_display()}"


class ArrivalKind(models.TextChoices):
    """Zugangsart: the legal route by which people came (asylum, family reunification …)."""

    ASYLUM = "asylum", _("asylum seekers")
    FAMILY = "family", _("family reunification")
    RESETTLEMENT = "resettlement", _("resettlement and admission programmes")
    UKRAINE = "ukraine", _("temporary protection (Ukraine)")
    OTHER = "other", _("other")


class Arrival(models.Model):
    """Zugang (arrival, the Ist): people who arrived in a municipality on a day, as a count
    and the number of households. Never a name or anything else about a person."""

    municipality = models.ForeignKey(
        "regions.Municipality",
        on_delete=models.PROTECT,
        related_name="arrivals",
        verbose_name=_("municipality"),
    )
    date = models.DateField(_("date"))
    persons = models.PositiveIntegerField(_("persons"), validators=[MinValueValidator(1)])
    households = models.PositiveIntegerField(_("households"), validators=[MinValueValidator(1)])
    kind = models.CharField(_("kind"), max_length=20, choices=ArrivalKind.choices)
    counts_toward_quota = models.BooleanField(_("counts toward the quota"), default=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = track()
    district_path = "municipality__district"

    class Meta:
        verbose_name = _("arrival")
        verbose_name_plural = _("arrivals")
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(households__lte=models.F("persons")),
                name="arrival_households_not_more_than_persons",
                violation_error_message=_("There cannot be more households than persons."),
            )
        ]

    def __str__(self) -> str:
        day = formats.date_format(self.date, "SHORT_DATE_FORMAT")
        persons = formats.number_format(self.persons, force_grouping=True)
        return f"{self.municipality}, {day}: {persons}"


class Capacity(models.Model):
    """Kapazität (capacity): what a municipality can absorb on a date: housing places
    (Unterbringungsplätze) and social-work staff (in full-time equivalents)."""

    municipality = models.ForeignKey(
        "regions.Municipality",
        on_delete=models.PROTECT,
        related_name="capacities",
        verbose_name=_("municipality"),
    )
    date = models.DateField(_("as of"))
    housing_total = models.PositiveIntegerField(_("housing places"))
    housing_occupied = models.PositiveIntegerField(_("places occupied"))
    staff_fte = models.DecimalField(
        _("social-work staff (FTE)"),
        max_digits=6,
        decimal_places=2,
        validators=[MinValueValidator(0)],
    )
    language_course_places = models.PositiveIntegerField(
        _("language course places"), null=True, blank=True
    )
    childcare_places = models.PositiveIntegerField(_("childcare places"), null=True, blank=True)

    history = track()
    district_path = "municipality__district"

    class Meta:
        verbose_name = _("capacity")
        verbose_name_plural = _("capacities")
        ordering = ["municipality", "-date"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "date"], name="capacity_unique"),
            models.CheckConstraint(
                condition=models.Q(housing_occupied__lte=models.F("housing_total")),
                name="capacity_occupied_not_more_than_total",
                violation_error_message=_("More places occupied than there are."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.municipality}, {formats.date_format(self.date, 'SHORT_DATE_FORMAT')}"

    @property
    def free_places(self) -> int:
        return self.housing_total - self.housing_occupied


# --- the housing register and overload notices: capacity in detail --------------------------


class UnitKind(models.TextChoices):
    """Art der Unterkunft: a flat takes one household; shared accommodation takes households
    up to its places."""

    FLAT = "flat", _("flat (one household)")
    SHARED = "shared", _("shared accommodation")


MAX_PLACES = 2000  # more than the largest shared accommodation of a district


class HousingUnit(models.Model):
    """Unterkunft (housing unit) of a municipality's housing register: a flat or a shared
    accommodation with its places, how many of them are occupied, whether it is barrier-free
    and from when it is available. Where a municipality keeps units, its housing places in the
    allocation are derived from them (`register.py`). Never anything about the residents."""

    municipality = models.ForeignKey(
        "regions.Municipality",
        on_delete=models.PROTECT,
        related_name="housing_units",
        verbose_name=_("municipality"),
    )
    label = models.CharField(
        _("label"),
        max_length=100,
        help_text=_("How the office refers to it, e.g. its address “Am Markt 3”. No names."),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=UnitKind.choices)
    places = models.PositiveIntegerField(
        _("places"), validators=[MinValueValidator(1), MaxValueValidator(MAX_PLACES)]
    )
    occupied = models.PositiveIntegerField(
        _("places occupied"), default=0, validators=[MaxValueValidator(MAX_PLACES)]
    )
    barrier_free = models.BooleanField(_("barrier-free"), default=False)
    available_from = models.DateField(
        _("available from"), null=True, blank=True, help_text=_("Empty: available now.")
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    is_example = models.BooleanField(_("example data"), default=False, editable=False)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    history = track(excluded=["updated_at"])
    district_path = "municipality__district"

    class Meta:
        verbose_name = _("housing unit")
        verbose_name_plural = _("housing units")
        ordering = ["municipality__name", "label"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "label"],
                name="housing_unit_label_unique",
                violation_error_message=_("The municipality already has a unit of this label."),
            ),
            models.CheckConstraint(
                condition=models.Q(occupied__lte=models.F("places")),
                name="housing_unit_occupied_not_more_than_places",
                violation_error_message=_("More places occupied than the unit has."),
            ),
            models.CheckConstraint(
                condition=models.Q(places__gte=1), name="housing_unit_has_places"
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def free(self) -> int:
        """Places a new household may use: a flat is free only while nobody lives in it."""
        if self.kind == UnitKind.FLAT:
            return self.places if self.occupied == 0 else 0
        return max(self.places - self.occupied, 0)

    def available_on(self, day: datetime.date) -> bool:
        return self.available_from is None or self.available_from <= day


class Shortage(models.TextChoices):
    """What an overload notice says the municipality is short of."""

    HOUSING = "housing", _("housing")
    SOCIAL_WORK = "social_work", _("social-work staff")
    CHILDCARE = "childcare", _("childcare places")
    LANGUAGE_COURSES = "language_courses", _("language course places")


class NoticeStatus(models.TextChoices):
    OPEN = "open", _("open")
    ANSWERED = "answered", pgettext_lazy("overload notice", "answered")
    RESOLVED = "resolved", _("resolved")


class OverloadNotice(models.Model):
    """Überlastungsanzeige (overload notice): a municipality states what it is short of
    (housing, social-work staff, childcare, language courses), since when and by how much. The
    coordination office answers it (`NoticeAnswer`); notices are never deleted, so a
    municipality's history stays complete."""

    municipality = models.ForeignKey(
        "regions.Municipality",
        on_delete=models.PROTECT,
        related_name="overload_notices",
        verbose_name=_("municipality"),
    )
    shortage = models.CharField(_("short of"), max_length=20, choices=Shortage.choices)
    since = models.DateField(_("since"))
    amount = models.DecimalField(
        _("short by"),
        max_digits=7,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.1")), MaxValueValidator(Decimal("99999"))],
        help_text=_("Places, or full-time positions for social-work staff."),
    )
    note = models.TextField(
        _("note"),
        max_length=2000,
        blank=True,
        help_text=_("What is short and why. No names or other personal data."),
    )
    filed_at = models.DateTimeField(_("filed"), auto_now_add=True)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("filed by"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=NoticeStatus.choices, default=NoticeStatus.OPEN
    )

    history = track()
    district_path = "municipality__district"

    class Meta:
        verbose_name = _("overload notice")
        verbose_name_plural = _("overload notices")
        ordering = ["-filed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.municipality}: {self.get_shortage_display()}"

    @property
    def is_active(self) -> bool:
        """Still short: filed and not yet resolved."""
        return self.status != NoticeStatus.RESOLVED

    @property
    def in_positions(self) -> bool:
        """The amount counts full-time positions (social-work staff), else places."""
        return self.shortage == Shortage.SOCIAL_WORK


class NoticeAnswer(models.Model):
    """Antwort auf eine Überlastungsanzeige (answer): what the coordination office replied to an
    overload notice and what was done, dated; the last answer may mark the notice resolved."""

    notice = models.ForeignKey(
        OverloadNotice,
        on_delete=models.CASCADE,
        related_name="answers",
        verbose_name=_("overload notice"),
    )
    answer = models.TextField(_("answer of the coordination office"), max_length=2000)
    action = models.TextField(
        _("what was done"),
        max_length=2000,
        blank=True,
        help_text=_("E.g. places found elsewhere, fewer assignments for a while."),
    )
    resolves = models.BooleanField(
        _("the overload is resolved"),
        default=False,
        help_text=_("The notice then counts as settled; it stays in the history."),
    )
    written_at = models.DateTimeField(_("written"), auto_now_add=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("written by"),
    )

    district_path = "notice__municipality__district"

    class Meta:
        verbose_name = _("answer to an overload notice")
        verbose_name_plural = _("answers to overload notices")
        ordering = ["written_at", "pk"]

    def __str__(self) -> str:
        return f"{self.notice}: {self.written_at:%d.%m.%Y}"


# --- corrections of arrivals and capacities -----------------------------------------------------


class CorrectionKind(models.TextChoices):
    """What was corrected."""

    ARRIVAL = "arrival", _("arrival")
    CAPACITY = "capacity", _("capacity")


class CorrectionAction(models.TextChoices):
    CORRECTED = "corrected", _("corrected")
    CANCELLED = "cancelled", pgettext_lazy("correction", "cancelled")


class Correction(models.Model):
    """Korrektur (correction): an arrival or a capacity changed or cancelled after it was
    entered, with the reason and the values before and after (none after a cancellation, which
    removes the record). Kept as its own row, so the record of a correction survives the
    correction itself."""

    municipality = models.ForeignKey(
        "regions.Municipality",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("municipality"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=CorrectionKind.choices)
    action = models.CharField(_("action"), max_length=10, choices=CorrectionAction.choices)
    record_id = models.PositiveBigIntegerField(_("record"))  # the arrival's or capacity's pk
    before = models.JSONField(_("before"))
    after = models.JSONField(_("after"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=300)
    made_at = models.DateTimeField(_("made"), auto_now_add=True)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("made by"),
    )

    district_path = "municipality__district"

    class Meta:
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")
        ordering = ["-made_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.municipality}: {self.get_kind_display()} {self.get_action_display()}"
