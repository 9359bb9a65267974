"""Writes of allocation. Each checks the rules that keep the figures trustworthy: periods do
not overlap, a key date has population figures, arrivals fall into an open period, a closed
period never changes again, a unit never holds more persons than its places, and an answered
overload notice keeps its history."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from teilhabe.allocation import queries, register
from teilhabe.allocation.models import (
    Adjustment,
    AllocationPeriod,
    Arrival,
    Capacity,
    HousingUnit,
    NoticeAnswer,
    NoticeStatus,
    OverloadNotice,
)
from teilhabe.core.errors import require_version
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
    return period_of(municipality.district_id, date)


def period_of(district_id: int, date: Any) -> AllocationPeriod:
    """The district's open period that `date` falls into, or a clear refusal."""
    period = AllocationPeriod.objects.filter(
        district=district_id, start__lte=date, end__gte=date
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
    """Record what a municipality can absorb on a date. A municipality that keeps a housing
    register has its housing places from there: they are stored as the register says on that
    date, whatever `values` says, so there is no second figure."""
    housing = register.housing_of(municipality, values["date"])
    if housing is not None:
        values = {**values, "housing_total": housing.places, "housing_occupied": housing.occupied}
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


# --- the housing register ---------------------------------------------------------------------


@transaction.atomic
def create_unit(municipality: Municipality, values: dict[str, Any]) -> HousingUnit:
    unit = HousingUnit(municipality=municipality, **values)
    unit.full_clean()
    unit.save()
    return unit


@transaction.atomic
def update_unit(unit_id: int, values: dict[str, Any], expected_version: int) -> HousingUnit:
    """Save a unit unless someone else saved it since `expected_version` was read (else
    EditConflict): a confirmed placement changes its occupied places, too."""
    unit = HousingUnit.objects.select_for_update().get(pk=unit_id)
    require_version(unit, expected_version)
    for name, value in values.items():
        setattr(unit, name, value)
    unit.version = expected_version + 1
    unit.full_clean()
    unit.save()
    return unit


@transaction.atomic
def delete_unit(unit_id: int) -> None:
    """Remove a unit from the register. Placements confirmed into it keep their record (the
    unit's label is frozen with them)."""
    HousingUnit.objects.select_for_update().filter(pk=unit_id).delete()


@transaction.atomic
def occupy(unit_id: int, persons: int) -> HousingUnit:
    """A household of `persons` moves into the unit: refused (ValidationError) when it has not
    that many free places, which for a flat means that nobody may live there yet."""
    unit = HousingUnit.objects.select_for_update().get(pk=unit_id)
    if persons < 1 or persons > unit.free:
        raise ValidationError(
            _("“%(unit)s” has %(free)d free places; a household of %(persons)d does not fit.")
            % {"unit": unit.label, "free": unit.free, "persons": persons}
        )
    unit.occupied += persons
    unit.version += 1
    unit.save(update_fields=["occupied", "version", "updated_at"])
    return unit


# --- overload notices --------------------------------------------------------------------------


@transaction.atomic
def file_notice(municipality: Municipality, values: dict[str, Any], user: Any) -> OverloadNotice:
    notice = OverloadNotice(municipality=municipality, filed_by=user, **values)
    notice.full_clean()
    notice.save()
    return notice


@transaction.atomic
def answer_notice(notice_id: int, values: dict[str, Any], user: Any) -> NoticeAnswer:
    """The office's answer, and what was done; it resolves the notice if it says so. A resolved
    notice takes no further answers."""
    notice = OverloadNotice.objects.select_for_update().get(pk=notice_id)
    if notice.status == NoticeStatus.RESOLVED:
        raise ValidationError(_("This overload notice is resolved and takes no more answers."))
    answer = NoticeAnswer(notice=notice, written_by=user, **values)
    answer.full_clean()
    answer.save()
    notice.status = NoticeStatus.RESOLVED if answer.resolves else NoticeStatus.ANSWERED
    notice.save(update_fields=["status"])
    return answer
