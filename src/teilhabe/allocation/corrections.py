"""Corrections of arrivals and capacities after they were entered: a new value or a
cancellation, always with a reason, and only while the period the record counts in is open.

Each correction writes a `Correction` row with the values before and after, in the same
transaction as the change itself; a refused correction writes nothing."""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from teilhabe.allocation import register
from teilhabe.allocation.models import (
    AllocationPeriod,
    Arrival,
    Capacity,
    Correction,
    CorrectionAction,
    CorrectionKind,
)
from teilhabe.allocation.services import period_for

ARRIVAL_FIELDS = ("date", "persons", "households", "kind", "counts_toward_quota", "note")
CAPACITY_FIELDS = (
    "date",
    "housing_total",
    "housing_occupied",
    "staff_fte",
    "language_course_places",
    "childcare_places",
)
# The counts a correction may never make negative, with how the message names them.
COUNTS = {
    "persons": gettext_lazy("number of persons"),
    "households": gettext_lazy("number of households"),
    "housing_total": gettext_lazy("housing places"),
    "housing_occupied": gettext_lazy("places occupied"),
    "staff_fte": gettext_lazy("social-work staff (FTE)"),
    "language_course_places": gettext_lazy("language course places"),
    "childcare_places": gettext_lazy("childcare places"),
}


def _stored(value: Any) -> Any:
    """A field's value as the correction keeps it in JSON."""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def snapshot(record: Arrival | Capacity, fields: tuple[str, ...]) -> dict[str, Any]:
    return {name: _stored(getattr(record, name)) for name in fields}


def _closed_period(municipality_district: int, day: datetime.date) -> AllocationPeriod | None:
    return AllocationPeriod.objects.filter(
        district=municipality_district, start__lte=day, end__gte=day, closed_at__isnull=False
    ).first()


def _refuse_if_closed(record: Arrival | Capacity, day: datetime.date) -> None:
    """A capacity's date may lie outside every period; inside a closed one it is frozen."""
    period = _closed_period(record.municipality.district_id, day)
    if period is not None:
        raise ValidationError(
            _(
                "The period “%(name)s” is closed: its figures are frozen and cannot be "
                "corrected any more."
            )
            % {"name": period.name}
        )


def _refuse_negative(values: dict[str, Any], where: str) -> None:
    for name, label in COUNTS.items():
        value = values.get(name)
        if value is not None and value < 0:
            raise ValidationError(
                _(
                    "The correction would make the %(what)s of %(where)s negative (%(value)s). "
                    "Nothing has been changed. Enter the right number, or cancel the record."
                )
                % {"what": label, "where": where, "value": value}
            )


def _refuse_placed(arrival: Arrival) -> None:
    if hasattr(arrival, "placed_household"):
        raise ValidationError(
            _(
                "This arrival was recorded when a placement was confirmed; it stays as the "
                "placement recorded it. Nothing has been changed."
            )
        )


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Please give the reason for the correction."))
    return reason


def _log(
    record: Arrival | Capacity,
    kind: str,
    before: dict[str, Any],
    after: dict[str, Any] | None,
    reason: str,
    user: Any,
) -> Correction:
    action = CorrectionAction.CANCELLED if after is None else CorrectionAction.CORRECTED
    return Correction.objects.create(
        municipality=record.municipality,
        kind=kind,
        action=action,
        record_id=record.pk,
        before=before,
        after=after,
        reason=reason,
        made_by=user if getattr(user, "is_authenticated", False) else None,
    )


def _where(arrival: Arrival, day: datetime.date) -> str:
    period = period_for(arrival.municipality, day)  # refuses a closed or missing period
    return f"{arrival.municipality.name} ({period.name})"


@transaction.atomic
def correct_arrival(arrival_id: int, values: dict[str, Any], reason: str, user: Any) -> Arrival:
    """Give an arrival new values. Its old and its new date must both lie in an open period;
    no count may become negative (ValidationError, nothing written)."""
    reason = _reason(reason)
    arrival = Arrival.objects.select_for_update().select_related("municipality").get(pk=arrival_id)
    _refuse_placed(arrival)
    _where(arrival, arrival.date)
    _refuse_negative(values, _where(arrival, values.get("date", arrival.date)))
    before = snapshot(arrival, ARRIVAL_FIELDS)
    for name, value in values.items():
        setattr(arrival, name, value)
    arrival.full_clean()
    arrival.save()
    _log(arrival, CorrectionKind.ARRIVAL, before, snapshot(arrival, ARRIVAL_FIELDS), reason, user)
    return arrival


@transaction.atomic
def cancel_arrival(arrival_id: int, reason: str, user: Any) -> Correction:
    """Take an arrival back (entered twice, in the wrong municipality …): it no longer counts;
    the correction keeps what it said."""
    reason = _reason(reason)
    arrival = Arrival.objects.select_for_update().select_related("municipality").get(pk=arrival_id)
    _refuse_placed(arrival)
    _where(arrival, arrival.date)
    correction = _log(
        arrival, CorrectionKind.ARRIVAL, snapshot(arrival, ARRIVAL_FIELDS), None, reason, user
    )
    arrival.delete()
    return correction


@transaction.atomic
def correct_capacity(capacity_id: int, values: dict[str, Any], reason: str, user: Any) -> Capacity:
    """Give a capacity new values; where the municipality keeps a housing register, its housing
    places stay as the register says (as when it is recorded)."""
    reason = _reason(reason)
    capacity = (
        Capacity.objects.select_for_update().select_related("municipality").get(pk=capacity_id)
    )
    day = values.get("date", capacity.date)
    _refuse_if_closed(capacity, capacity.date)
    _refuse_if_closed(capacity, day)
    housing = register.housing_of(capacity.municipality, day)
    if housing is not None:
        values = {**values, "housing_total": housing.places, "housing_occupied": housing.occupied}
    _refuse_negative(values, capacity.municipality.name)
    before = snapshot(capacity, CAPACITY_FIELDS)
    for name, value in values.items():
        setattr(capacity, name, value)
    capacity.full_clean()
    capacity.save()
    after = snapshot(capacity, CAPACITY_FIELDS)
    _log(capacity, CorrectionKind.CAPACITY, before, after, reason, user)
    return capacity


@transaction.atomic
def cancel_capacity(capacity_id: int, reason: str, user: Any) -> Correction:
    reason = _reason(reason)
    capacity = (
        Capacity.objects.select_for_update().select_related("municipality").get(pk=capacity_id)
    )
    _refuse_if_closed(capacity, capacity.date)
    before = snapshot(capacity, CAPACITY_FIELDS)
    correction = _log(capacity, CorrectionKind.CAPACITY, before, None, reason, user)
    capacity.delete()
    return correction


@dataclass(frozen=True)
class Change:
    """One field of a correction, for the page that lists them."""

    label: str  # the field's name in the user's language
    before: Any
    after: Any


def _label(model: type[Arrival] | type[Capacity], name: str) -> str:
    field = model._meta.get_field(name)
    return str(getattr(field, "verbose_name", name))


def changes(correction: Correction) -> list[Change]:
    """The fields whose value the correction changed (all of them for a cancellation)."""
    model = Arrival if correction.kind == CorrectionKind.ARRIVAL else Capacity
    after = correction.after or {}
    return [
        Change(_label(model, name), value, after.get(name))
        for name, value in correction.before.items()
        if correction.after is None or after.get(name) != value
    ]
