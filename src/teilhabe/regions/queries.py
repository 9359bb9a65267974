"""Read-side helpers for the regions pages: plain data for templates, few queries."""

import datetime
import hashlib
import json
from dataclasses import dataclass
from decimal import Decimal

from django.core.cache import cache
from django.db.models import Count
from django.utils.translation import ngettext

from teilhabe.engine.svgmap import MapLayout, Shape, project
from teilhabe.regions.models import District, Municipality, PopulationFigure


@dataclass(frozen=True)
class OverviewRow:
    municipality: Municipality
    population: int | None
    members: int


@dataclass(frozen=True)
class DistrictOverview:
    district: District
    reference_date: datetime.date | None
    available_dates: list[datetime.date]
    rows: list[OverviewRow]
    population_total: int | None  # None when a municipality has no figure on that date
    area_total: Decimal | None
    members_total: int
    kinds: list[str]  # e.g. ["3 Städte", "2 Einheitsgemeinden", "8 Samtgemeinden"]


def available_dates(district: District) -> list[datetime.date]:
    dates = (
        PopulationFigure.objects.filter(municipality__district=district)
        .values_list("reference_date", flat=True)
        .distinct()
        .order_by("-reference_date")
    )
    return list(dates)


def district_overview(
    district: District, reference_date: datetime.date | None = None
) -> DistrictOverview:
    dates = available_dates(district)
    if reference_date not in dates:
        reference_date = (
            district.population_date if district.population_date in dates else None
        ) or (dates[0] if dates else None)
    municipalities = list(
        district.municipalities.annotate(member_count=Count("members")).order_by("name")
    )
    figures = (
        dict(
            PopulationFigure.objects.filter(
                municipality__district=district, reference_date=reference_date
            ).values_list("municipality_id", "population")
        )
        if reference_date is not None
        else {}  # no figures at all
    )
    rows = [OverviewRow(m, figures.get(m.pk), m.member_count) for m in municipalities]
    populations = [r.population for r in rows]
    areas = [m.area_km2 for m in municipalities]
    counts: dict[str, int] = {}
    for m in municipalities:
        counts[m.kind] = counts.get(m.kind, 0) + 1
    return DistrictOverview(
        district=district,
        reference_date=reference_date,
        available_dates=dates,
        rows=rows,
        population_total=sum(p for p in populations if p is not None)
        if rows and None not in populations
        else None,
        area_total=sum((a for a in areas if a is not None), Decimal(0))
        if rows and None not in areas
        else None,
        members_total=sum(r.members for r in rows),
        kinds=[kind_count(kind, n) for kind, n in counts.items()],
    )


def kind_count(kind: str, n: int) -> str:
    """ "3 Städte": the count with the kind's plural, as one translatable unit per kind."""
    texts = {
        "stadt": ngettext("%(n)d town", "%(n)d towns", n),
        "einheitsgemeinde": ngettext(
            "%(n)d unitary municipality", "%(n)d unitary municipalities", n
        ),
        "samtgemeinde": ngettext("%(n)d Samtgemeinde", "%(n)d Samtgemeinden", n),
        "amt": ngettext("%(n)d Amt", "%(n)d Ämter", n),
        "verbandsgemeinde": ngettext("%(n)d Verbandsgemeinde", "%(n)d Verbandsgemeinden", n),
        "gemeinde": ngettext("%(n)d municipality", "%(n)d municipalities", n),
    }
    return texts[kind] % {"n": n}


def district_map(district: District) -> MapLayout | None:
    """The district's municipalities as an SVG layout, or None when no boundaries are known.

    Projecting and placing the labels takes tens of milliseconds for a real district, so a
    layout is made once for all processes and nodes and kept in the shared cache (the database
    or Redis, settings.CACHES), keyed by a digest of the names and boundaries: a changed
    boundary or name gives a new key, and every node shows the same placement. Each process
    also keeps the layouts it used last, so a page shown again costs no cache query."""
    rows = list(
        district.municipalities.filter(boundary__isnull=False)
        .order_by("name")
        .values_list("ars", "name", "boundary")
    )
    if not rows:
        return None
    digest = hashlib.sha256(json.dumps(rows, sort_keys=True).encode()).hexdigest()
    key = f"district-map:{LAYOUT_VERSION}:{digest}"
    layout = _LAYOUTS.get(key)
    if layout is None:
        layout = cache.get(key)
        if layout is None:
            shapes = [
                Shape(key=ars, label=name, geometry=geo, text=name.removeprefix("Samtgemeinde "))
                for ars, name, geo in rows
                if geo is not None  # always: the query asks for boundaries
            ]
            layout = project(shapes)
            cache.set(key, layout)
        if len(_LAYOUTS) >= 256:
            _LAYOUTS.pop(next(iter(_LAYOUTS)))  # the oldest
        _LAYOUTS[key] = layout
    return layout


# Raise when engine/svgmap projects or places labels differently: nodes of the new version
# then make their own layouts instead of showing the old ones during a rolling update.
LAYOUT_VERSION = 1
_LAYOUTS: dict[str, MapLayout] = {}  # this process's copies, by the shared cache's key


def boundaries_geojson(district: District) -> dict[str, object]:
    features = [
        {
            "type": "Feature",
            "properties": {"ars": m.ars, "ags": m.ags or None, "name": m.name, "kind": m.kind},
            "geometry": m.boundary,
        }
        for m in district.municipalities.filter(boundary__isnull=False).order_by("name")
    ]
    return {"type": "FeatureCollection", "features": features}
