import pytest
from hypothesis import given
from hypothesis import strategies as st

from teilhabe.engine.charts import bar_chart


def test_the_largest_value_fills_the_room_and_others_scale() -> None:
    chart = bar_chart([("Ja", 8), ("Nein", 4), ("keine Angabe", 0)], width=440, label_width=200)
    assert [b.width for b in chart.bars] == [200.0, 100.0, 0.0]
    assert [b.y for b in chart.bars] == [0, 30, 60]
    assert chart.view_box == "0 0 440 82"


def test_no_items_and_all_zero() -> None:
    assert bar_chart([]).bars == ()
    assert all(b.width == 0 for b in bar_chart([("a", 0), ("b", 0)]).bars)


def test_too_narrow_is_refused() -> None:
    with pytest.raises(ValueError):
        bar_chart([("a", 1)], width=210, label_width=200)


@given(st.lists(st.tuples(st.text(max_size=5), st.integers(0, 10_000)), max_size=30))
def test_bars_stay_inside_and_keep_order(items: list[tuple[str, int]]) -> None:
    chart = bar_chart(items)
    for bar in chart.bars:
        assert 0 <= bar.width <= chart.width - chart.label_width - 40 + 0.1
        assert 0 <= bar.y <= chart.height
    pairs = sorted((v, b.width) for (_, v), b in zip(items, chart.bars, strict=True))
    assert [w for _, w in pairs] == sorted(w for _, w in pairs)  # larger value, longer bar
