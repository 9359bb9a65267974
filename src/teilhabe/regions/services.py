"""Writes for regions: importing districts with their municipalities, members and figures."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from teilhabe.regions.models import (
    DataSource,
    District,
    MemberMunicipality,
    Municipality,
    PopulationFigure,
)
from teilhabe.regions.regionlist import DistrictSpec, MunicipalitySpec
from teilhabe.regions.sources import ensure_sources, source_for_date


@dataclass
class ImportResult:
    districts_created: int = 0
    districts_updated: int = 0
    municipalities: int = 0
    members: int = 0
    figures: int = 0


@transaction.atomic
def import_districts(
    specs: Sequence[DistrictSpec],
    *,
    boundaries: Mapping[str, dict[str, Any]] | None = None,
    seats: Mapping[str, str] | None = None,
    population_date: Any = None,
) -> ImportResult:
    """Create or update districts from parsed specs, all in one transaction.

    Keys (AGS/ARS) identify rows, so a second import of the same file changes nothing, and a
    newer list updates names, areas and figures in place. Fields that a list does not carry
    (boundaries, seats, profiles) are left as they are unless given."""
    sources = ensure_sources()
    result = ImportResult()
    for spec in specs:
        district, created = District.objects.update_or_create(
            ags=spec.ags, defaults={"name": spec.name, "land": spec.land}
        )
        result.districts_created += created
        result.districts_updated += not created
        for m_spec in spec.municipalities:
            _import_municipality(district, m_spec, sources, result, boundaries, seats)
        if population_date is not None:
            district.population_date = population_date
        elif district.population_date is None:
            dates = [d for m in spec.municipalities for d, _ in m.populations]
            district.population_date = _preferred_date(dates)
        district.save(update_fields=["population_date"])
    return result


def _preferred_date(dates: Sequence[Any]) -> Any:
    """Prefer the Zensus 2022 date: later figures in the lists are on the old Zensus 2011 basis."""
    zensus = [d for d in dates if source_for_date(d) == "zensus-2022"]
    return max(zensus or dates, default=None)


def _import_municipality(
    district: District,
    spec: MunicipalitySpec,
    sources: Mapping[str, DataSource],
    result: ImportResult,
    boundaries: Mapping[str, dict[str, Any]] | None,
    seats: Mapping[str, str] | None,
) -> None:
    defaults: dict[str, Any] = {
        "district": district,
        "ags": spec.ags or "",
        "name": spec.name,
        "kind": spec.kind,
        "area_km2": spec.area_km2,
        "seat_lat": spec.lat,
        "seat_lon": spec.lon,
    }
    if boundaries and spec.ars in boundaries:
        defaults["boundary"] = boundaries[spec.ars]
    if seats and spec.ars in seats:
        defaults["seat_name"] = seats[spec.ars]
    elif len(spec.members) == 1:
        defaults["seat_name"] = spec.members[0].name
    municipality, _ = Municipality.objects.update_or_create(ars=spec.ars, defaults=defaults)
    result.municipalities += 1
    for member in spec.members:
        zensus = [p for d, p in member.populations if source_for_date(d) == "zensus-2022"]
        dates = [d for d, _ in member.populations if source_for_date(d) == "zensus-2022"]
        MemberMunicipality.objects.update_or_create(
            ars=member.ars,
            defaults={
                "municipality": municipality,
                "ags": member.ags,
                "name": member.name,
                "designation": member.designation,
                "area_km2": member.area_km2,
                "population": zensus[0] if zensus else None,
                "population_date": dates[0] if dates else None,
            },
        )
        result.members += 1
    for reference_date, population in spec.populations:
        PopulationFigure.objects.update_or_create(
            municipality=municipality,
            reference_date=reference_date,
            defaults={
                "population": population,
                "source": sources[source_for_date(reference_date)],
            },
        )
        result.figures += 1
