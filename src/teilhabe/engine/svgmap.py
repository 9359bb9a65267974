"""District maps as inline SVG, computed from GeoJSON geometries in WGS84.

The map is drawn on the server (no tile server, no JavaScript) so that the same markup works in
the browser and in WeasyPrint PDFs. Input is plain data (GeoJSON geometry dicts), output is plain
data (SVG path strings, numbers); the template decides on colours, links and labels.

Each ring of a polygon becomes its own closed subpath ``M x y L x y ... Z``. Draw the paths with
``fill-rule="evenodd"`` so that holes stay empty whatever the winding order of the input rings.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from teilhabe.engine import labels as labels_module

__all__ = ["MapLayout", "ProjectedShape", "Shape", "project", "projector"]

type Point = tuple[float, float]
type Ring = tuple[Point, ...]
type Polygon = tuple[Ring, ...]

# Label search: stop refining when a cell cannot beat the best point by more than this (in px).
_LABEL_PRECISION = 0.05
# Bounds that keep the label search cheap even for degenerate, needle-thin polygons.
_LABEL_MAX_INITIAL_CELLS = 4096
_LABEL_MAX_PROBES = 20_000


@dataclass(frozen=True)
class Shape:
    """One area to draw: a key for linking, a label for people, a GeoJSON geometry."""

    key: str
    label: str
    geometry: Mapping[str, Any]
    text: str = ""  # what the map shows, if shorter than the label ("Zeven"); else the label


@dataclass(frozen=True)
class ProjectedShape:
    """A shape in SVG user units: path data and a point inside it for a text label."""

    key: str
    label: str
    path: str
    label_x: float
    label_y: float
    text: str = ""  # the text drawn at (label_x, label_y)


@dataclass(frozen=True)
class MapLayout:
    """Everything a template needs for one ``<svg viewBox=...>`` with one path per shape."""

    width: float
    height: float
    view_box: str
    shapes: tuple[ProjectedShape, ...]


def project(
    shapes: Sequence[Shape], width: float = 640, padding: float = 8, font_size: float = 15
) -> MapLayout:
    """Project ``shapes`` into an SVG of the given width; the height follows the aspect ratio.

    All numbers (width, height, path coordinates, label points) are rounded to 1 decimal: a
    tenth of a user unit is invisible and keeps the markup small.

    Shapes keep their input order, so the caller can zip the result with its own data.
    Raises ValueError for no shapes, a geometry that is not a non-empty Polygon or MultiPolygon,
    or a bad width/padding.
    """
    parsed = [_parse_geometry(shape.geometry) for shape in shapes]
    frame = _Frame.fit(parsed, width, padding)
    pairs = zip(shapes, parsed, strict=True)
    projected = _place_labels(
        [_project_shape(s, polygons, frame) for s, polygons in pairs], font_size
    )
    return MapLayout(
        width=frame.width,
        height=frame.height,
        view_box=f"0 0 {_fmt(frame.width)} {_fmt(frame.height)}",
        shapes=projected,
    )


def projector(
    shapes: Sequence[Shape], width: float = 640, padding: float = 8
) -> Callable[[float, float], tuple[float, float]]:
    """Return ``(lon, lat) -> (x, y)`` for the map that ``project`` draws with the same arguments.

    Use it to place markers (e.g. the seats of the Kommunen) on top of the map. Results are
    rounded to 1 decimal like the paths, but not clamped: a point outside the shapes' bounding
    box lands outside the viewBox instead of being moved to its edge.
    """
    frame = _Frame.fit([_parse_geometry(shape.geometry) for shape in shapes], width, padding)

    def to_svg(lon: float, lat: float) -> tuple[float, float]:
        x, y = frame.to_px(float(lon), float(lat))
        return round(x, 1), round(y, 1)

    return to_svg


@dataclass(frozen=True)
class _Frame:
    """The linear map from (lon, lat) to SVG user units shared by all shapes of one map.

    The projection is equirectangular with x scaled by the cosine of the bounding box's mean
    latitude. A district spans well under one degree of latitude, so the scale error across it
    is below about 1 %, which nobody sees on a map of this size; in exchange the code is simple,
    exact to reproduce and needs no projection library.
    """

    lon_min: float
    lat_max: float
    x_scale: float  # px per degree of longitude
    y_scale: float  # px per degree of latitude
    padding: float
    width: float
    height: float

    @classmethod
    def fit(cls, parsed: Sequence[Sequence[Polygon]], width: float, padding: float) -> _Frame:
        """Fit the bounding box of all shapes into ``width`` minus ``padding`` on each side."""
        if not parsed:
            raise ValueError("cannot draw a map of no shapes")
        if not (math.isfinite(width) and math.isfinite(padding)) or padding < 0:
            raise ValueError(f"width and padding must be finite, padding >= 0: {width}, {padding}")
        # On the same 0.1 grid as every coordinate, so clamping to the width stays on the grid.
        width = round(float(width), 1)
        padding = float(padding)
        inner_width = width - 2 * padding
        if inner_width <= 0:
            raise ValueError(f"width {width} leaves no room inside padding {padding}")

        points = [p for polygons in parsed for p in _points(polygons)]
        lon_min = min(p[0] for p in points)
        lon_max = max(p[0] for p in points)
        lat_min = min(p[1] for p in points)
        lat_max = max(p[1] for p in points)
        cos_lat = math.cos(math.radians((lat_min + lat_max) / 2))
        extent_x = (lon_max - lon_min) * cos_lat
        extent_y = lat_max - lat_min
        if extent_x <= 0 or extent_y <= 0:
            raise ValueError("the shapes have no area: their bounding box is a line or a point")

        scale = inner_width / extent_x
        height = round(extent_y * scale + 2 * padding, 1)
        return cls(
            lon_min=lon_min,
            lat_max=lat_max,
            x_scale=scale * cos_lat,
            y_scale=scale,
            padding=padding,
            width=width,
            height=height,
        )

    def to_px(self, lon: float, lat: float) -> Point:
        """Unrounded SVG coordinates; y grows downwards, so north is up."""
        x = self.padding + (lon - self.lon_min) * self.x_scale
        y = self.padding + (self.lat_max - lat) * self.y_scale
        return x, y

    def to_grid(self, lon: float, lat: float) -> Point:
        """SVG coordinates rounded to 1 decimal and kept inside the viewBox.

        Clamping only absorbs float noise at the bounding box's edges (every input point lies
        inside the box by construction), so the viewBox always holds every drawn coordinate.
        """
        x, y = self.to_px(lon, lat)
        return (
            min(max(round(x, 1), 0.0), self.width),
            min(max(round(y, 1), 0.0), self.height),
        )


def _project_shape(
    shape: Shape, polygons: Sequence[Polygon], frame: _Frame
) -> tuple[ProjectedShape, tuple[Polygon, ...]]:
    """Round every ring onto the 0.1 grid, then find the label point on exactly what is drawn."""
    drawn = tuple(
        tuple(_dedupe(frame.to_grid(lon, lat) for lon, lat in ring) for ring in polygon)
        for polygon in polygons
    )
    path = " ".join(_ring_path(ring) for polygon in drawn for ring in polygon)
    largest = max(drawn, key=_polygon_area)  # max() keeps the first of equal areas
    label_x, label_y = _label_point(largest)
    projected = ProjectedShape(
        shape.key, shape.label, path, label_x, label_y, shape.text or shape.label
    )
    return projected, drawn


def _place_labels(
    projected: Sequence[tuple[ProjectedShape, tuple[Polygon, ...]]], font_size: float
) -> tuple[ProjectedShape, ...]:
    """Move labels apart where their texts would overlap (engine/labels.py), each within its
    own area and outside every other."""
    everything = [polygons for _shape, polygons in projected]

    def inside_only(own: int) -> Callable[[float, float], bool]:
        def test(x: float, y: float) -> bool:
            if not any(_inside(x, y, polygon) for polygon in everything[own]):
                return False
            others = (p for i, polygons in enumerate(everything) if i != own for p in polygons)
            return not any(_inside(x, y, polygon) for polygon in others)

        return test

    labels = [
        labels_module.Label(
            shape.text,
            (shape.label_x, shape.label_y),
            inside_only(i),
            sum(_polygon_area(p) for p in polygons),
        )
        for i, (shape, polygons) in enumerate(projected)
    ]
    points = labels_module.place(labels, font_size)
    return tuple(
        replace(shape, label_x=x, label_y=y)
        for (shape, _polygons), (x, y) in zip(projected, points, strict=True)
    )


def _parse_geometry(geometry: Mapping[str, Any]) -> tuple[Polygon, ...]:
    """Validate a GeoJSON Polygon/MultiPolygon and return its polygons as tuples of rings."""
    if not isinstance(geometry, Mapping):
        raise ValueError(f"geometry must be a GeoJSON mapping, got {type(geometry).__name__}")
    kind = geometry.get("type")
    coordinates = geometry.get("coordinates")
    if kind == "Polygon":
        polygons = [coordinates]
    elif kind == "MultiPolygon":
        if not isinstance(coordinates, Sequence) or isinstance(coordinates, str):
            raise ValueError("MultiPolygon coordinates must be a list of polygons")
        polygons = list(coordinates)
    else:
        raise ValueError(f"geometry type must be Polygon or MultiPolygon, got {kind!r}")
    if not polygons:
        raise ValueError(f"{kind} has no coordinates")
    return tuple(_parse_polygon(polygon) for polygon in polygons)


def _parse_polygon(rings: object) -> Polygon:
    if not isinstance(rings, Sequence) or isinstance(rings, str) or not rings:
        raise ValueError("a polygon must be a non-empty list of rings")
    return tuple(_parse_ring(ring) for ring in rings)


def _parse_ring(positions: object) -> Ring:
    """A ring without GeoJSON's repeated closing position (``Z`` closes the subpath)."""
    if not isinstance(positions, Sequence) or isinstance(positions, str):
        raise ValueError("a ring must be a list of positions")
    ring = [_parse_position(position) for position in positions]
    if len(ring) > 1 and ring[0] == ring[-1]:
        ring.pop()
    if len(set(ring)) < 3:
        raise ValueError("a ring needs at least 3 distinct positions")
    return tuple(ring)


def _parse_position(position: object) -> Point:
    if not isinstance(position, Sequence) or isinstance(position, str) or len(position) < 2:
        raise ValueError(f"a position must be [lon, lat], got {position!r}")
    lon, lat = position[0], position[1]
    for value in (lon, lat):
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError(f"a coordinate must be a number, got {value!r}")
        if not math.isfinite(value):
            raise ValueError(f"a coordinate must be finite, got {value!r}")
    if not -90 <= lat <= 90:
        raise ValueError(f"latitude out of range: {lat}")
    return float(lon), float(lat)


def _points(polygons: Iterable[Polygon]) -> Iterable[Point]:
    return (point for polygon in polygons for ring in polygon for point in ring)


def _dedupe(points: Iterable[Point]) -> Ring:
    """Drop points that rounding made equal to their predecessor: they only add bytes."""
    ring: list[Point] = []
    for point in points:
        if not ring or ring[-1] != point:
            ring.append(point)
    while len(ring) > 1 and ring[0] == ring[-1]:
        ring.pop()
    return tuple(ring)


def _fmt(value: float) -> str:
    """1 decimal, without a trailing ``.0`` or a negative zero, to keep the markup short."""
    text = f"{round(value, 1) + 0.0:.1f}"
    text = text.removesuffix(".0")
    return "0" if text == "-0" else text


def _ring_path(ring: Ring) -> str:
    head, *tail = ring
    parts = [f"M {_fmt(head[0])} {_fmt(head[1])}"]
    parts.extend(f"L {_fmt(x)} {_fmt(y)}" for x, y in tail)
    parts.append("Z")
    return " ".join(parts)


def _ring_area(ring: Ring) -> float:
    """Signed shoelace area (the sign depends on the winding order)."""
    n = len(ring)
    return 0.5 * sum(
        ring[i][0] * ring[(i + 1) % n][1] - ring[(i + 1) % n][0] * ring[i][1] for i in range(n)
    )


def _polygon_area(polygon: Polygon) -> float:
    outer, *holes = polygon
    return abs(_ring_area(outer)) - sum(abs(_ring_area(hole)) for hole in holes)


def _inside(x: float, y: float, polygon: Polygon) -> bool:
    """Even-odd rule over all rings, matching ``fill-rule="evenodd"``."""
    inside = False
    for ring in polygon:
        n = len(ring)
        for i in range(n):
            ax, ay = ring[i]
            bx, by = ring[i - 1]
            if (ay > y) != (by > y) and x < (bx - ax) * (y - ay) / (by - ay) + ax:
                inside = not inside
    return inside


def _segment_distance_sq(x: float, y: float, a: Point, b: Point) -> float:
    ax, ay = a
    dx, dy = b[0] - ax, b[1] - ay
    if dx or dy:
        t = ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)
        if t > 1:
            ax, ay = b
        elif t > 0:
            ax, ay = ax + dx * t, ay + dy * t
    return (x - ax) ** 2 + (y - ay) ** 2


def _signed_distance(x: float, y: float, polygon: Polygon) -> float:
    """Distance to the nearest edge of any ring; negative outside the polygon."""
    nearest = min(
        _segment_distance_sq(x, y, ring[i - 1], ring[i])
        for ring in polygon
        for i in range(len(ring))
    )
    distance = math.sqrt(nearest)
    return distance if _inside(x, y, polygon) else -distance


def _label_point(polygon: Polygon) -> Point:
    """The point farthest from every edge (pole of inaccessibility), on the 0.1 grid.

    The centroid of a concave or holed shape can fall outside it; the pole of inaccessibility
    is always inside and has the most room around it for text. The search is Mapbox's
    "polylabel": a best-first subdivision of square cells, pruned by how much better a cell
    could possibly be than the best point so far.
    """
    best_x, best_y, best_d = _polylabel(polygon)
    x, y = round(best_x, 1), round(best_y, 1)
    if best_d > 0.08 or _inside(x, y, polygon):
        return x, y  # rounding moves a point by at most 0.0708, less than its room
    # A sliver thinner than a few tenths of a unit: take the roomiest nearby grid point.
    candidates = [
        (round(x + i / 10, 1), round(y + j / 10, 1)) for i in range(-3, 4) for j in range(-3, 4)
    ]
    scored = [(_signed_distance(cx, cy, polygon), cx, cy) for cx, cy in candidates]
    distance, cx, cy = max(scored)
    return (cx, cy) if distance > 0 else (x, y)


def _polylabel(polygon: Polygon) -> tuple[float, float, float]:
    """Return ``(x, y, signed distance)`` of the best point found for ``polygon``."""
    outer = polygon[0]
    min_x = min(p[0] for p in outer)
    max_x = max(p[0] for p in outer)
    min_y = min(p[1] for p in outer)
    max_y = max(p[1] for p in outer)
    width, height = max_x - min_x, max_y - min_y
    cell = max(min(width, height), max(width, height) / math.sqrt(_LABEL_MAX_INITIAL_CELLS))
    if cell <= 0:
        return outer[0][0], outer[0][1], 0.0

    def make_cell(cx: float, cy: float, half: float) -> tuple[float, float, float, float, float]:
        distance = _signed_distance(cx, cy, polygon)
        potential = distance + half * math.sqrt(2)
        return -potential, cx, cy, half, distance  # heapq pops the highest potential first

    # Start from the area centroid (often already good) and the bounding box centre.
    best = max(
        (make_cell(*_centroid(outer), 0), make_cell(min_x + width / 2, min_y + height / 2, 0)),
        key=lambda c: c[4],
    )
    queue: list[tuple[float, float, float, float, float]] = []
    half = cell / 2
    y = min_y
    while y < max_y:
        x = min_x
        while x < max_x:
            queue.append(make_cell(x + half, y + half, half))
            x += cell
        y += cell
    heapq.heapify(queue)

    probes = 0
    while queue and probes < _LABEL_MAX_PROBES:
        candidate = heapq.heappop(queue)
        if candidate[4] > best[4]:
            best = candidate
        if -candidate[0] - best[4] <= _LABEL_PRECISION:
            break  # no remaining cell can beat the best by more than the precision
        _, cx, cy, h, _ = candidate
        h /= 2
        for dx in (-h, h):
            for dy in (-h, h):
                heapq.heappush(queue, make_cell(cx + dx, cy + dy, h))
        probes += 4
    return best[1], best[2], best[4]


def _centroid(ring: Ring) -> Point:
    """Area centroid of a ring, or its vertex mean if the ring has no area."""
    area = _ring_area(ring)
    n = len(ring)
    if area == 0:
        return sum(p[0] for p in ring) / n, sum(p[1] for p in ring) / n
    cx = cy = 0.0
    for i in range(n):
        (ax, ay), (bx, by) = ring[i], ring[(i + 1) % n]
        cross = ax * by - bx * ay
        cx += (ax + bx) * cross
        cy += (ay + by) * cross
    return cx / (6 * area), cy / (6 * area)
