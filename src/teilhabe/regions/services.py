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
        if created and not _any_known(spec):  # a new district: its rows in a few statements
            _create_municipalities(district, spec, sources, result, boundaries, seats)
        else:
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


def _any_known(spec: DistrictSpec) -> bool:
    """Whether a municipality or member of the spec is in the database already (then each row
    is matched by its key, as for a district imported before)."""
    ars = [m.ars for m in spec.municipalities]
    members = [member.ars for m in spec.municipalities for member in m.members]
    return (
        Municipality.objects.filter(ars__in=ars).exists()
        or MemberMunicipality.objects.filter(ars__in=members).exists()
    )


def _municipality_fields(
    spec: MunicipalitySpec,
    boundaries: Mapping[str, dict[str, Any]] | None,
    seats: Mapping[str, str] | None,
) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "ags": spec.ags or "",
        "name": spec.name,
        "kind": spec.kind,
        "area_km2": spec.area_km2,
        "seat_lat": spec.lat,
        "seat_lon": spec.lon,
    }
    if boundaries and spec.ars in boundaries:
        fields["boundary"] = boundaries[spec.ars]
    if seats and spec.ars in seats:
        fields["seat_name"] = seats[spec.ars]
    elif len(spec.members) == 1:
        fields["seat_name"] = spec.members[0].name
    return fields


def _member_fields(member: Any) -> dict[str, Any]:
    zensus = [(d, p) for d, p in member.populations if source_for_date(d) == "zensus-2022"]
    return {
        "ags": member.ags,
        "name": member.name,
        "designation": member.designation,
        "area_km2": member.area_km2,
        "population": zensus[0][1] if zensus else None,
        "population_date": zensus[0][0] if zensus else None,
    }


def _create_municipalities(
    district: District,
    spec: DistrictSpec,
    sources: Mapping[str, DataSource],
    result: ImportResult,
    boundaries: Mapping[str, dict[str, Any]] | None,
    seats: Mapping[str, str] | None,
) -> None:
    """The same rows as `_import_municipality` for each municipality, created in bulk."""
    created = Municipality.objects.bulk_create(
        Municipality(district=district, ars=m.ars, **_municipality_fields(m, boundaries, seats))
        for m in spec.municipalities
    )
    members, figures = [], []
    for municipality, m in zip(created, spec.municipalities, strict=True):
        members += [
            MemberMunicipality(municipality=municipality, ars=member.ars, **_member_fields(member))
            for member in m.members
        ]
        figures += [
            PopulationFigure(
                municipality=municipality,
                reference_date=reference_date,
                population=population,
                source=sources[source_for_date(reference_date)],
            )
            for reference_date, population in m.populations
        ]
    MemberMunicipality.objects.bulk_create(members)
    PopulationFigure.objects.bulk_create(figures)
    result.municipalities += len(created)
    result.members += len(members)
    result.figures += len(figures)


def _import_municipality(
    district: District,
    spec: MunicipalitySpec,
    sources: Mapping[str, DataSource],
    result: ImportResult,
    boundaries: Mapping[str, dict[str, Any]] | None,
    seats: Mapping[str, str] | None,
) -> None:
    defaults = {"district": district, **_municipality_fields(spec, boundaries, seats)}
    municipality, _ = Municipality.objects.update_or_create(ars=spec.ars, defaults=defaults)
    result.municipalities += 1
    for member in spec.members:
        MemberMunicipality.objects.update_or_create(
            ars=member.ars, defaults={"municipality": municipality, **_member_fields(member)}
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
