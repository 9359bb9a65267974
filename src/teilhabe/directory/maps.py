"""The district's map on the public pages: the shipped boundaries as inline SVG (regions'
layout, engine/svgmap.py), with the number of offers per municipality, or one offer's place."""

from dataclasses import dataclass

from teilhabe.engine.svgmap import MapLayout, ProjectedShape, Shape, projector
from teilhabe.inventory.models import Activity
from teilhabe.regions.models import District
from teilhabe.regions.queries import district_map


@dataclass(frozen=True)
class Area:
    shape: ProjectedShape
    count: int


@dataclass(frozen=True)
class CountsMap:
    layout: MapLayout
    areas: list[Area]


@dataclass(frozen=True)
class OfferMap:
    layout: MapLayout
    current: str  # ARS of the offer's municipality ("" for the whole district)
    point: tuple[float, float] | None  # the offer's place, where its coordinates are known


def counts_map(district: District, counts: dict[str, int]) -> CountsMap | None:
    layout = district_map(district)
    if layout is None:
        return None
    return CountsMap(layout, [Area(s, counts.get(s.key, 0)) for s in layout.shapes])


def offer_map(district: District, activity: Activity) -> OfferMap | None:
    layout = district_map(district)
    if layout is None:
        return None
    point = None
    if activity.latitude is not None and activity.longitude is not None:
        rows = (
            district.municipalities.filter(boundary__isnull=False)
            .order_by("name")
            .values_list("ars", "name", "boundary")
        )
        to_svg = projector([Shape(key=a, label=n, geometry=g) for a, n, g in rows if g])
        x, y = to_svg(float(activity.longitude), float(activity.latitude))
        if 0 <= x <= layout.width and 0 <= y <= layout.height:
            point = (x, y)
    current = activity.municipality.ars if activity.municipality else ""
    return OfferMap(layout, current, point)
