"""Charts as plain geometry for inline SVG: the same picture in the browser and, later, in PDF
reports, without JavaScript or a charting library."""

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    y: float  # top of the bar
    width: float  # length of the bar
    text_x: float  # where the value is written


@dataclass(frozen=True)
class BarChart:
    width: float
    height: float
    bar_height: float
    label_width: float
    bars: tuple[Bar, ...]

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width:g} {self.height:g}"


def bar_chart(
    items: Sequence[tuple[str, float]],
    width: float = 560,
    bar_height: float = 22,
    gap: float = 8,
    label_width: float = 200,
) -> BarChart:
    """Horizontal bars, longest = full width after the labels; zero and negative values get
    no bar (counts are never negative)."""
    if width <= label_width + 40:
        raise ValueError("the chart is too narrow for its labels")
    room = width - label_width - 40  # space for the value after the bar
    largest = max((v for _, v in items), default=0)
    bars = []
    for i, (label, value) in enumerate(items):
        length = room * value / largest if largest > 0 and value > 0 else 0.0
        y = i * (bar_height + gap)
        bars.append(
            Bar(label, value, round(y, 1), round(length, 1), round(label_width + length + 6, 1))
        )
    height = max(len(items) * (bar_height + gap) - gap, 0)
    return BarChart(width, height, bar_height, label_width, tuple(bars))
