"""Tests for the SVG district map: real Rotenburg (Wümme) boundaries plus generated polygons."""

from __future__ import annotations

import copy
import csv
import json
import math
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from teilhabe.engine.svgmap import MapLayout, ProjectedShape, Shape, project, projector

DATA = Path(__file__).resolve().parents[2] / "regions" / "data"

type Point = tuple[float, float]
type Ring = list[Point]


# --- helpers, written independently of the module under test -------------------------------


def parse_path(path: str) -> list[Ring]:
    """Split SVG path data of the form ``M x y L x y ... Z`` (repeated) into rings."""
    tokens = path.split()
    rings: list[Ring] = []
    i = 0
    while i < len(tokens):
        command = tokens[i]
        if command == "M":
            rings.append([(float(tokens[i + 1]), float(tokens[i + 2]))])
            i += 3
        elif command == "L":
            assert rings, "L before M"
            rings[-1].append((float(tokens[i + 1]), float(tokens[i + 2])))
            i += 3
        elif command == "Z":
            i += 1
        else:
            raise AssertionError(f"unexpected token {command!r} in {path!r}")
    return rings


def inside_evenodd(x: float, y: float, rings: list[Ring]) -> bool:
    """Ray casting over all rings: what ``fill-rule="evenodd"`` fills."""
    crossings = 0
    for ring in rings:
        for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
            if (y1 > y) != (y2 > y):
                x_cross = x1 + (y - y1) * (x2 - x1) / (y2 - y1)
                if x < x_cross:
                    crossings += 1
    return crossings % 2 == 1


def shoelace(ring: Ring) -> float:
    return abs(
        sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True))
        / 2
    )


def fmt(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def assert_within_view_box(layout: MapLayout) -> None:
    assert layout.view_box == f"0 0 {fmt(layout.width)} {fmt(layout.height)}"
    for shape in layout.shapes:
        for ring in parse_path(shape.path):
            for x, y in ring:
                assert 0 <= x <= layout.width, (shape.label, x)
                assert 0 <= y <= layout.height, (shape.label, y)


def square(x0: float, y0: float, size: float) -> list[list[float]]:
    """A closed, counter-clockwise GeoJSON ring."""
    return [[x0, y0], [x0 + size, y0], [x0 + size, y0 + size], [x0, y0 + size], [x0, y0]]


# --- real data: the 13 Kommunen of Landkreis Rotenburg (Wümme) -------------------------------


@pytest.fixture(scope="module")
def features() -> list[dict[str, Any]]:
    with (DATA / "rotenburg_kommunen.geojson").open(encoding="utf-8") as f:
        collection = json.load(f)
    result: list[dict[str, Any]] = collection["features"]
    return result


@pytest.fixture(scope="module")
def shapes(features: list[dict[str, Any]]) -> list[Shape]:
    return [Shape(f["properties"]["ars"], f["properties"]["name"], f["geometry"]) for f in features]


@pytest.fixture(scope="module")
def layout(shapes: list[Shape]) -> MapLayout:
    return project(shapes)


def by_label(layout: MapLayout, label: str) -> ProjectedShape:
    return next(shape for shape in layout.shapes if shape.label == label)


def test_all_13_kommunen_in_input_order(layout: MapLayout, shapes: list[Shape]) -> None:
    assert len(layout.shapes) == 13
    assert [s.key for s in layout.shapes] == [s.key for s in shapes]
    assert [s.label for s in layout.shapes] == [s.label for s in shapes]


def test_paths_are_closed_subpaths_one_per_ring(layout: MapLayout) -> None:
    for shape in layout.shapes:
        assert shape.path.startswith("M ")
        assert shape.path.endswith("Z")
        assert shape.path.count("M") == shape.path.count("Z") == 1  # all 13 are simple polygons
        assert len(parse_path(shape.path)[0]) >= 20


def test_coordinates_have_at_most_one_decimal(layout: MapLayout) -> None:
    numbers = [t for s in layout.shapes for t in s.path.split() if t not in {"M", "L", "Z"}]
    numbers += [str(s.label_x) for s in layout.shapes] + [str(s.label_y) for s in layout.shapes]
    for token in numbers:
        assert len(token.partition(".")[2]) <= 1, token


def test_everything_within_view_box_and_the_map_fills_the_width(layout: MapLayout) -> None:
    assert layout.width == 640
    assert_within_view_box(layout)
    xs = [x for s in layout.shapes for ring in parse_path(s.path) for x, _ in ring]
    ys = [y for s in layout.shapes for ring in parse_path(s.path) for _, y in ring]
    assert min(xs) == pytest.approx(8, abs=0.1)
    assert max(xs) == pytest.approx(632, abs=0.1)
    assert min(ys) == pytest.approx(8, abs=0.1)
    assert max(ys) == pytest.approx(layout.height - 8, abs=0.1)


def test_label_points_lie_inside_their_own_kommune(layout: MapLayout) -> None:
    for shape in layout.shapes:
        rings = parse_path(shape.path)
        assert inside_evenodd(shape.label_x, shape.label_y, rings), shape.label
        others = [s for s in layout.shapes if s is not shape]
        for other in others:
            assert not inside_evenodd(shape.label_x, shape.label_y, parse_path(other.path))


def test_north_is_up_and_west_is_left(layout: MapLayout) -> None:
    bremervoerde = by_label(layout, "Bremervörde")  # the north of the Landkreis
    visselhoevede = by_label(layout, "Visselhövede")  # the south-east
    gnarrenburg = by_label(layout, "Gnarrenburg")  # the west
    assert bremervoerde.label_y < visselhoevede.label_y
    assert gnarrenburg.label_x < visselhoevede.label_x
    assert gnarrenburg.label_x < bremervoerde.label_x


def test_orientation_matches_coordinates(shapes: list[Shape], layout: MapLayout) -> None:
    to_svg = projector(shapes)
    x_west, _ = to_svg(9.0, 53.3)
    x_east, _ = to_svg(9.5, 53.3)
    _, y_north = to_svg(9.3, 53.5)
    _, y_south = to_svg(9.3, 53.1)
    assert x_west < x_east
    assert y_north < y_south


def test_aspect_ratio_follows_the_cosine_of_the_latitude(
    features: list[dict[str, Any]], layout: MapLayout
) -> None:
    positions = [p for f in features for ring in f["geometry"]["coordinates"] for p in ring]
    lons = [p[0] for p in positions]
    lats = [p[1] for p in positions]
    cos_lat = math.cos(math.radians((min(lats) + max(lats)) / 2))
    expected = (max(lats) - min(lats)) / ((max(lons) - min(lons)) * cos_lat)
    actual = (layout.height - 16) / (layout.width - 16)
    assert actual == pytest.approx(expected, rel=1e-3)
    assert 1.2 < actual < 1.4  # the Landkreis is taller than wide, as on any map


def test_projector_agrees_with_the_drawn_paths(
    features: list[dict[str, Any]], shapes: list[Shape], layout: MapLayout
) -> None:
    to_svg = projector(shapes)
    for feature, shape in zip(features, layout.shapes, strict=True):
        drawn = set(parse_path(shape.path)[0])
        for lon, lat in feature["geometry"]["coordinates"][0]:
            assert to_svg(lon, lat) in drawn


def test_seat_markers_land_in_their_kommune(shapes: list[Shape], layout: MapLayout) -> None:
    """The seat Gemeinde's centre (from the Gemeindeverzeichnis) lies in its Kommune's drawing."""
    to_svg = projector(shapes)
    with (DATA / "rotenburg_kommunen.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 13
    for row in rows:
        x, y = to_svg(float(row["lon"]), float(row["lat"]))
        shape = next(s for s in layout.shapes if s.key == row["ars"])
        assert inside_evenodd(x, y, parse_path(shape.path)), row["name"]


def test_output_is_deterministic(shapes: list[Shape], layout: MapLayout) -> None:
    again = project([Shape(s.key, s.label, copy.deepcopy(s.geometry)) for s in shapes])
    assert again == layout
    assert repr(again) == repr(layout)


def test_width_and_padding_scale_the_map(shapes: list[Shape], layout: MapLayout) -> None:
    small = project(shapes, width=320, padding=0)
    assert small.width == 320
    assert small.view_box.startswith("0 0 320 ")
    assert small.height == pytest.approx((layout.height - 16) / 624 * 320, abs=0.1)
    assert_within_view_box(small)


# --- small hand-made geometries --------------------------------------------------------------


def test_unit_square_at_the_equator_gives_exact_path() -> None:
    geometry = {"type": "Polygon", "coordinates": [square(0, -0.5, 1)]}
    result = project([Shape("a", "A", geometry)], width=100, padding=0)
    assert result.view_box == "0 0 100 100"
    assert result.height == 100
    assert result.shapes[0].path == "M 0 100 L 100 100 L 100 0 L 0 0 Z"
    assert (result.shapes[0].label_x, result.shapes[0].label_y) == (50, 50)


def test_polygon_with_hole_keeps_the_label_out_of_the_hole() -> None:
    # A square frame: its centroid is the middle of the hole.
    geometry = {
        "type": "Polygon",
        "coordinates": [square(9.0, 53.0, 1.0), square(9.2, 53.2, 0.6)[::-1]],
    }
    result = project([Shape("frame", "Frame", geometry)])
    shape = result.shapes[0]
    rings = parse_path(shape.path)
    assert len(rings) == 2
    assert shape.path.count("M") == shape.path.count("Z") == 2
    assert inside_evenodd(shape.label_x, shape.label_y, rings)
    assert not inside_evenodd(shape.label_x, shape.label_y, rings[1:])  # not in the hole
    assert_within_view_box(result)


def test_concave_polygon_label_is_inside_although_the_centroid_is_not() -> None:
    u_shape = [[0, 0], [3, 0], [3, 3], [2, 3], [2, 1], [1, 1], [1, 3], [0, 3], [0, 0]]
    result = project([Shape("u", "U", {"type": "Polygon", "coordinates": [u_shape]})])
    shape = result.shapes[0]
    rings = parse_path(shape.path)
    centroid_x = sum(x for x, _ in rings[0]) / len(rings[0])
    centroid_y = sum(y for _, y in rings[0]) / len(rings[0])
    assert not inside_evenodd(centroid_x, centroid_y, rings)
    assert inside_evenodd(shape.label_x, shape.label_y, rings)


def test_multipolygon_draws_every_part_and_labels_the_largest() -> None:
    geometry = {
        "type": "MultiPolygon",
        "coordinates": [
            [square(9.0, 53.0, 0.1)],  # a small island first
            [square(9.5, 53.0, 0.4), square(9.6, 53.1, 0.1)[::-1]],  # the mainland, with a hole
        ],
    }
    neighbour = {"type": "Polygon", "coordinates": [square(9.0, 53.5, 0.2)]}
    result = project([Shape("m", "Multi", geometry), Shape("n", "Neighbour", neighbour)])
    multi = result.shapes[0]
    rings = parse_path(multi.path)
    assert len(rings) == 3
    island, mainland, hole = rings
    assert shoelace(mainland) > shoelace(island)
    assert inside_evenodd(multi.label_x, multi.label_y, [mainland, hole])
    assert not inside_evenodd(multi.label_x, multi.label_y, [island])
    assert [s.key for s in result.shapes] == ["m", "n"]
    assert_within_view_box(result)


def test_open_rings_are_accepted_and_duplicates_dropped() -> None:
    closed = project([Shape("a", "A", {"type": "Polygon", "coordinates": [square(9, 53, 1)]})])
    open_ring = square(9, 53, 1)[:-1]
    open_ring.insert(1, [9, 53])  # a repeated position
    opened = project([Shape("a", "A", {"type": "Polygon", "coordinates": [open_ring]})])
    assert opened == closed


@pytest.mark.parametrize(
    "geometry",
    [
        {"type": "Point", "coordinates": [9.0, 53.0]},
        {"type": "LineString", "coordinates": [[9.0, 53.0], [9.1, 53.1]]},
        {"type": "GeometryCollection", "geometries": []},
        {"coordinates": [square(9, 53, 1)]},
        {"type": "Polygon", "coordinates": []},
        {"type": "Polygon"},
        {"type": "Polygon", "coordinates": [[]]},
        {"type": "MultiPolygon", "coordinates": []},
        {"type": "MultiPolygon", "coordinates": [[]]},
        {"type": "Polygon", "coordinates": [[[9, 53], [9.1, 53], [9, 53]]]},
        {"type": "Polygon", "coordinates": [[[9, 53], [9.1, "53"], [9, 53.1], [9, 53]]]},
        {"type": "Polygon", "coordinates": [[[9, 53], [9.1, math.nan], [9, 53.1], [9, 53]]]},
        {"type": "Polygon", "coordinates": [[[9, 53], [9.1], [9, 53.1], [9, 53]]]},
        {"type": "Polygon", "coordinates": [[[9, 53], [9.1, 95], [9, 53.1], [9, 53]]]},
        {"type": "Polygon", "coordinates": [[[9, 53], [9.1, 53], [9.2, 53], [9, 53]]]},  # no area
    ],
)
def test_bad_geometries_raise_value_error(geometry: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        project([Shape("x", "X", geometry)])


def test_no_shapes_raise_value_error() -> None:
    with pytest.raises(ValueError):
        project([])
    with pytest.raises(ValueError):
        projector([])


@pytest.mark.parametrize(("width", "padding"), [(0, 0), (16, 8), (100, -1), (math.inf, 8)])
def test_bad_width_or_padding_raise_value_error(width: float, padding: float) -> None:
    geometry = {"type": "Polygon", "coordinates": [square(9, 53, 1)]}
    with pytest.raises(ValueError):
        project([Shape("a", "A", geometry)], width=width, padding=padding)


# --- generated polygons ----------------------------------------------------------------------


@st.composite
def star_ring(
    draw: st.DrawFn, center: tuple[float, float], radius: float, min_vertices: int = 3
) -> list[list[float]]:
    """A simple polygon: vertices at strictly increasing angles around ``center``.

    The jitter keeps every angle within its own sector, so edges never cross.
    """
    n = draw(st.integers(min_value=min_vertices, max_value=24))
    step = 2 * math.pi / n
    jitter = st.floats(min_value=-0.4, max_value=0.4)
    fraction = st.floats(min_value=0.3, max_value=1.0)
    lon0, lat0 = center
    ring = []
    for i in range(n):
        angle = (i + draw(jitter)) * step
        r = radius * draw(fraction)
        ring.append([lon0 + r * math.cos(angle), lat0 + r * math.sin(angle)])
    return [*ring, ring[0]]


centers = st.tuples(
    st.floats(min_value=-170, max_value=170), st.floats(min_value=-70, max_value=70)
)
radii = st.floats(min_value=1e-3, max_value=3)
widths = st.floats(min_value=50, max_value=2000)
paddings = st.floats(min_value=0, max_value=20)


def check_layout(layout: MapLayout, width: float) -> None:
    assert layout.width == round(width, 1)
    assert layout.height > 0
    assert_within_view_box(layout)
    for shape in layout.shapes:
        assert shape.path.startswith("M ") and shape.path.endswith("Z")
        assert inside_evenodd(shape.label_x, shape.label_y, parse_path(shape.path)), shape


@settings(max_examples=150)
@given(data=st.data(), center=centers, radius=radii, width=widths, padding=paddings)
def test_star_polygons_stay_in_view_and_are_labelled_inside(
    data: st.DataObject, center: tuple[float, float], radius: float, width: float, padding: float
) -> None:
    ring = data.draw(star_ring(center, radius))
    layout = project([Shape("s", "S", {"type": "Polygon", "coordinates": [ring]})], width, padding)
    check_layout(layout, width)


@given(data=st.data(), center=centers, radius=radii, scale=st.floats(0.1, 0.5))
def test_star_polygons_with_a_hole(
    data: st.DataObject, center: tuple[float, float], radius: float, scale: float
) -> None:
    # With at least 4 vertices every angular gap is below 180°, so the polygon is star-shaped
    # around its centre and a shrunken copy of it lies strictly inside: a valid hole.
    outer = data.draw(star_ring(center, radius, min_vertices=4))
    lon0, lat0 = center
    hole = [[lon0 + (x - lon0) * scale, lat0 + (y - lat0) * scale] for x, y in outer][::-1]
    geometry = {"type": "Polygon", "coordinates": [outer, hole]}
    layout = project([Shape("h", "H", geometry)])
    check_layout(layout, 640)
    shape = layout.shapes[0]
    assert not inside_evenodd(shape.label_x, shape.label_y, parse_path(shape.path)[1:])


@given(data=st.data(), center=centers, radius=st.floats(1e-2, 1), count=st.integers(1, 4))
def test_several_shapes_and_multipolygons(
    data: st.DataObject, center: tuple[float, float], radius: float, count: int
) -> None:
    lon0, lat0 = center
    shapes = []
    for i in range(count):
        # Centres 3 radii apart: the parts never overlap.
        parts = [
            [data.draw(star_ring((lon0 + 3 * radius * i, lat0 + 3 * radius * j), radius))]
            for j in range(data.draw(st.integers(1, 3)))
        ]
        geometry: dict[str, Any] = (
            {"type": "Polygon", "coordinates": parts[0]}
            if len(parts) == 1
            else {"type": "MultiPolygon", "coordinates": parts}
        )
        shapes.append(Shape(str(i), f"Shape {i}", geometry))
    layout = project(shapes)
    check_layout(layout, 640)
    assert [s.key for s in layout.shapes] == [str(i) for i in range(count)]
    assert project(shapes) == layout


def text_box(text: str, x: float, y: float, size: float = 15) -> tuple[float, float, float, float]:
    """What a text drawn with text-anchor="middle" at baseline (x, y) covers, at most: Fira Sans'
    letters average about half the font size; capitals reach 0.7, descenders 0.2 of it."""
    half = len(text) * 0.55 * size / 2
    return (x - half, y - 0.72 * size, x + half, y + 0.22 * size)


def test_the_labels_of_the_real_map_do_not_overlap(shapes: list[Shape]) -> None:
    """Rotenburg (Wümme) was drawn under Sottrum and Bothel; the texts are shown without
    "Samtgemeinde " as the map template does."""
    short = [
        Shape(s.key, s.label, s.geometry, s.label.removeprefix("Samtgemeinde ")) for s in shapes
    ]
    placed = project(short)
    boxes = [(s.text, text_box(s.text, s.label_x, s.label_y)) for s in placed.shapes]
    for i, (a_text, a) in enumerate(boxes):
        for b_text, b in boxes[i + 1 :]:
            apart = a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]
            assert apart, (a_text, b_text)
    for shape in placed.shapes:  # still inside its own area, in no other
        assert inside_evenodd(shape.label_x, shape.label_y, parse_path(shape.path)), shape.text
        for other in placed.shapes:
            if other is not shape:
                assert not inside_evenodd(shape.label_x, shape.label_y, parse_path(other.path))
