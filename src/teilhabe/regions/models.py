"""Districts, municipalities, their member municipalities and dated population figures."""

import datetime

from django.db import models
from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from teilhabe.core.history import track


class DataSource(models.Model):
    """Datenquelle (data source): where reference figures come from, with the
    attribution their licence requires (shown on the about page)."""

    key = models.SlugField(_("key"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=300)
    attribution = models.CharField(_("attribution"), max_length=500)
    licence = models.CharField(_("licence"), max_length=200, blank=True)
    url = models.URLField(_("link"), blank=True)

    class Meta:
        verbose_name = _("data source")
        verbose_name_plural = _("data sources")
        ordering = ["key"]

    def __str__(self) -> str:
        return self.title


class District(models.Model):
    """Landkreis (District): a Landkreis, Kreis or kreisfreie Stadt: the unit a
    coordination office works for, and by which all access is scoped."""

    ags = models.CharField(_("district key (AGS)"), max_length=5, unique=True)
    name = models.CharField(_("name"), max_length=200)
    land = models.CharField(_("federal state"), max_length=100)
    population_date = models.DateField(
        _("reference date for population"),
        null=True,
        blank=True,
        help_text=_("The date whose official figures the district works with by default."),
    )

    district_path = "pk"

    class Meta:
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class MunicipalityKind(models.TextChoices):
    """Art der Kommune: Stadt, Einheitsgemeinde, Samtgemeinde …"""

    STADT = "stadt", _("Town")
    EINHEITSGEMEINDE = "einheitsgemeinde", _("Unitary municipality")
    SAMTGEMEINDE = "samtgemeinde", _("Joint municipality (Samtgemeinde)")
    AMT = "amt", _("Amt")
    VERBANDSGEMEINDE = "verbandsgemeinde", _("Verbandsgemeinde")
    GEMEINDE = "gemeinde", _("Municipality")


class Municipality(models.Model):
    """Kommune (Municipality): the level below the district that activities, quotas
    and contacts belong to: a town (Stadt), a unitary municipality (Einheitsgemeinde) or a joint
    municipality (Samtgemeinde)."""

    district = models.ForeignKey(
        District,
        on_delete=models.PROTECT,
        related_name="municipalities",
        verbose_name=_("district"),
    )
    ars = models.CharField(_("regional key (ARS)"), max_length=12, unique=True)
    ags = models.CharField(_("municipality key (AGS)"), max_length=8, blank=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=MunicipalityKind.choices)
    area_km2 = models.DecimalField(
        _("area in km²"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    seat_name = models.CharField(_("seat of administration"), max_length=200, blank=True)
    seat_lat = models.DecimalField(
        _("seat latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    seat_lon = models.DecimalField(
        _("seat longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    boundary = models.JSONField(
        _("boundary"), null=True, blank=True, help_text=_("GeoJSON geometry in WGS84.")
    )
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(
        _("short profile"),
        blank=True,
        max_length=2000,
        help_text=_("A few sentences on integration work in the municipality."),
    )

    history = track(excluded=["boundary"])
    municipality_path = "pk"
    district_path = "district"

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def latest_population(self) -> "PopulationFigure | None":
        return self.population_figures.order_by("-reference_date").first()


class MemberMunicipality(models.Model):
    """Mitgliedsgemeinde (MemberMunicipality): a Gemeinde. A Samtgemeinde has
    several; a town or unitary municipality is its own member."""

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="members",
        verbose_name=_("municipality"),
    )
    ars = models.CharField(_("regional key (ARS)"), max_length=12, unique=True)
    ags = models.CharField(_("municipality key (AGS)"), max_length=8)
    name = models.CharField(_("name"), max_length=200)
    designation = models.CharField(_("designation"), max_length=40, blank=True)
    area_km2 = models.DecimalField(
        _("area in km²"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    population_date = models.DateField(_("reference date"), null=True, blank=True)

    district_path = "municipality__district"

    class Meta:
        verbose_name = _("member municipality")
        verbose_name_plural = _("member municipalities")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PopulationFigure(models.Model):
    """Einwohnerzahl (PopulationFigure): an official population figure on a
    reference date (Stichtag). Allocation keys are computed from these, by date, never from "the
    current number"."""

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="population_figures",
        verbose_name=_("municipality"),
    )
    reference_date = models.DateField(_("reference date"))
    population = models.PositiveIntegerField(_("population"))
    source = models.ForeignKey(
        DataSource, on_delete=models.PROTECT, related_name="+", verbose_name=_("source")
    )

    district_path = "municipality__district"

    class Meta:
        verbose_name = _("population figure")
        verbose_name_plural = _("population figures")
        ordering = ["municipality", "-reference_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "reference_date"],
                name="population_figure_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.municipality}: {self.population} ({self.reference_date:%d.%m.%Y})"


def district_population(district: District, reference_date: datetime.date) -> int | None:
    """Sum of the municipalities' figures on one date, None unless every municipality has one."""
    figures = PopulationFigure.objects.filter(
        municipality__district=district, reference_date=reference_date
    )
    if figures.values("municipality").distinct().count() != district.municipalities.count():
        return None
    total: int | None = figures.aggregate(total=Sum("population"))["total"]
    return total
