"""Text labels on a map without overlaps: each label is moved off its best point (the pole of
inaccessibility, engine/svgmap.py) only as far as needed for its box to clear the labels already
placed, and only to points still inside its own area.

Plain numbers in, plain numbers out; the box of a text is estimated from its length (no font
metrics here), generously, so estimated boxes that do not touch mean drawn texts that do not."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

type Point = tuple[float, float]
type Box = tuple[float, float, float, float]  # left, top, right, bottom

CHAR_WIDTH = 0.6  # of the font size: wider than Fira Sans' average letter
ASCENT, DESCENT = 0.8, 0.25  # of the font size, above and below the baseline
GAP = 1.0  # user units kept free between two boxes


@dataclass(frozen=True)
class Label:
    """A text to place with `text-anchor="middle"` at a baseline point inside its area."""

    text: str
    anchor: Point  # the best point
    inside: Callable[[float, float], bool]  # is a point inside the label's own area?
    area: float  # of the area; small areas choose first, they have the fewest good points


def box(text: str, point: Point, font_size: float) -> Box:
    """The box a text covers when drawn centred on `point` (its baseline)."""
    half = len(text) * CHAR_WIDTH * font_size / 2
    x, y = point
    return (x - half, y - ASCENT * font_size, x + half, y + DESCENT * font_size)


def overlap(a: Box, b: Box) -> float:
    """The area two boxes share, counting GAP around each as shared."""
    width = min(a[2], b[2]) - max(a[0], b[0]) + GAP
    height = min(a[3], b[3]) - max(a[1], b[1]) + GAP
    return width * height if width > 0 and height > 0 else 0.0


def _candidates(label: Label, font_size: float) -> list[Point]:
    """Points near the anchor, nearest first: up and down by half lines, sideways by letters."""
    x, y = label.anchor
    step_y, step_x = font_size / 2, font_size * CHAR_WIDTH
    offsets = [(i * step_x, j * step_y) for i in range(-6, 7) for j in range(-8, 9)]
    offsets.sort(key=lambda o: (o[0] ** 2 + (2 * o[1]) ** 2, o[1], o[0]))  # prefer sideways
    return [(round(x + dx, 1), round(y + dy, 1)) for dx, dy in offsets]


def place(labels: Sequence[Label], font_size: float) -> list[Point]:
    """A point per label, in input order, such that no two label boxes overlap where that is
    possible; where it is not, the point with the least overlap."""
    chosen: dict[int, Point] = {}
    boxes: list[Box] = []
    for index in sorted(range(len(labels)), key=lambda i: (labels[i].area, i)):
        label = labels[index]
        best, best_overlap = label.anchor, float("inf")
        for point in _candidates(label, font_size):
            shared = sum(overlap(box(label.text, point, font_size), b) for b in boxes)
            if shared >= best_overlap:
                continue
            if point != label.anchor and not label.inside(*point):
                continue  # tested last: it is the slow part
            best, best_overlap = point, shared
            if shared == 0:
                break
        chosen[index] = best
        boxes.append(box(label.text, best, font_size))
    return [chosen[i] for i in range(len(labels))]
