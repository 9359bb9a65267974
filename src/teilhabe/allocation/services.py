"""Writes of allocation. Each checks the rules that keep the figures trustworthy: periods do
not overlap, a key date has population figures, arrivals fall into an open period, and a closed
period never changes again."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from teilhabe.allocation import queries
from teilhabe.allocation.models import Adjustment, AllocationPeriod, Arrival, Capacity
from teilhabe.regions.models import District, Municipality, PopulationFigure


def _check_period(district: District, values: dict[str, Any], exclude: int | None = None) -> None:
    overlapping = AllocationPeriod.objects.filter(
        district=district, start__lte=values["end"], end__gte=values["start"]
    )
    if exclude is not None:
        overlapping = overlapping.exclude(pk=exclude)
    if other := overlapping.first():
        raise ValidationError(
            _("The period overlaps “%(name)s” (%(start)s – %(end)s).")
            % {
                "name": other.name,
                "start": f"{other.start:%d.%m.%Y}",
                "end": f"{other.end:%d.%m.%Y}",
            }
        )
    with_figures = PopulationFigure.objects.filter(
        municipality__district=district, reference_date=values["population_date"]
    ).count()
    if with_figures < district.municipalities.count():
        raise ValidationError(
            _(
                "There are no population figures for all municipalities on %(date)s. Please choose "
                "a reference date with official figures."
            )
            % {"date": f"{values['population_date']:%d.%m.%Y}"}
        )


@transaction.atomic
def create_period(district: District, values: dict[str, Any]) -> AllocationPeriod:
    _check_period(district, values)
    period = AllocationPeriod(district=district, **values)
    period.full_clean()
    period.save()
    return period


def _open(period: AllocationPeriod) -> None:
    if period.is_closed:
        raise ValidationError(
            _("The period “%(name)s” is closed and cannot be changed.") % {"name": period.name}
        )


@transaction.atomic
def set_adjustment(period: AllocationPeriod, values: dict[str, Any]) -> Adjustment:
    period = AllocationPeriod.objects.select_for_update().get(pk=period.pk)
    _open(period)
    adjustment, _created = Adjustment.objects.update_or_create(
        period=period,
        municipality=values["municipality"],
        kind=values["kind"],
        defaults={"persons": values.get("persons") or 0, "reason": values["reason"]},
    )
    return adjustment


def period_for(municipality: Municipality, date: Any) -> AllocationPeriod:
    """The open period an arrival on `date` belongs to, or a clear refusal."""
    period = AllocationPeriod.objects.filter(
        district=municipality.district_id, start__lte=date, end__gte=date
    ).first()
    if period is None:
        raise ValidationError(
            _("%(date)s lies in no allocation period. Please create the period first.")
            % {"date": f"{date:%d.%m.%Y}"}
        )
    _open(period)
    return period


@transaction.atomic
def record_arrival(municipality: Municipality, values: dict[str, Any]) -> Arrival:
    period_for(municipality, values["date"])
    arrival = Arrival(municipality=municipality, **values)
    arrival.full_clean()
    arrival.save()
    return arrival


@transaction.atomic
def record_capacity(municipality: Municipality, values: dict[str, Any]) -> Capacity:
    Capacity(municipality=municipality, **values).full_clean(validate_unique=False)
    capacity, _created = Capacity.objects.update_or_create(
        municipality=municipality,
        date=values["date"],
        defaults={k: v for k, v in values.items() if k != "date"},
    )
    return capacity


@transaction.atomic
def close_period(period: AllocationPeriod) -> AllocationPeriod:
    """Freeze the period: its results are stored and it accepts no more changes."""
    period = AllocationPeriod.objects.select_for_update().get(pk=period.pk)
    _open(period)
    if period.end >= timezone.localdate():
        raise ValidationError(
            _("“%(name)s” runs until %(end)s and can be closed only after that day.")
            % {"name": period.name, "end": f"{period.end:%d.%m.%Y}"}
        )
    view = queries.period_view(period)
    period.results = queries.frozen_results(view)
    period.closed_at = timezone.now()
    period.save(update_fields=["results", "closed_at"])
    return period
