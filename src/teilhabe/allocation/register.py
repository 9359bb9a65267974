"""Read side of the housing register (Unterkünfte) and of the overload notices.

A municipality that keeps units in the register has its housing places derived from them: the
units available on the day, their places, the places occupied, and the places a new household
may still use (a flat with anyone in it has none left). A municipality without units keeps the
figures it enters as capacity (`Capacity`). `housing_source` tells the pages which of the two a
figure comes from, so there is never a second figure beside the first."""

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet

from teilhabe.allocation.models import Capacity, HousingUnit, NoticeStatus, OverloadNotice
from teilhabe.regions.models import Municipality

REGISTER = "register"  # the figure is derived from the housing register
CAPACITY = "capacity"  # the figure was entered as capacity on a date


@dataclass(frozen=True)
class Housing:
    """The register's figures of one municipality on a day."""

    places: int  # places of the units available on the day
    occupied: int
    free: int  # places a new household may use
    units: int  # units available on the day
    later: int  # units that become available after the day


def units_of(district_id: int) -> QuerySet[HousingUnit]:
    return HousingUnit.objects.filter(municipality__district=district_id).select_related(
        "municipality"
    )


def housing(district_id: int, on: datetime.date) -> dict[int, Housing]:
    """Municipality pk -> the register's figures on `on`, for every municipality that keeps at
    least one unit (also one that becomes available only later)."""
    figures: dict[int, list[int]] = {}
    for unit in HousingUnit.objects.filter(municipality__district=district_id).only(
        "municipality_id", "kind", "places", "occupied", "available_from"
    ):
        row = figures.setdefault(unit.municipality_id, [0, 0, 0, 0, 0])
        if unit.available_on(on):
            row[0] += unit.places
            row[1] += unit.occupied
            row[2] += unit.free
            row[3] += 1
        else:
            row[4] += 1
    return {pk: Housing(*row) for pk, row in figures.items()}


def uses_register(municipality: Municipality) -> bool:
    return HousingUnit.objects.filter(municipality=municipality).exists()


def housing_of(municipality: Municipality, on: datetime.date) -> Housing | None:
    """The register's figures of one municipality, None when it keeps no units."""
    return housing(municipality.district_id, on).get(municipality.pk)


def housing_source(
    municipality_id: int, register: dict[int, Housing], capacity: Capacity | None
) -> tuple[int | None, str | None]:
    """Free places and where they come from: the register, the entered capacity, or nowhere."""
    if municipality_id in register:
        return register[municipality_id].free, REGISTER
    if capacity is not None:
        return capacity.free_places, CAPACITY
    return None, None


def active_notices(district_id: int) -> dict[int, list[OverloadNotice]]:
    """Municipality pk -> its notices that are not resolved, newest first."""
    found: dict[int, list[OverloadNotice]] = {}
    notices = OverloadNotice.objects.filter(municipality__district=district_id).exclude(
        status=NoticeStatus.RESOLVED
    )
    for notice in notices.order_by("-since", "-pk"):
        found.setdefault(notice.municipality_id, []).append(notice)
    return found


def notices_of(district_id: int) -> QuerySet[OverloadNotice]:
    """Every notice of the district with its answers, active ones first, newest first."""
    return (
        OverloadNotice.objects.filter(municipality__district=district_id)
        .select_related("municipality", "filed_by")
        .prefetch_related("answers__written_by")
        .order_by("municipality__name", "-filed_at", "-pk")
    )
