"""Allocation of asylum seekers to municipalities: periods, the key, arrivals and capacity.

Counts and household sizes only: no names or other personal data of any person."""

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


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
        return f"{self.municipality}, {self.date}: {self.persons}"


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
        return f"{self.municipality}, {self.date}"

    @property
    def free_places(self) -> int:
        return self.housing_total - self.housing_occupied
