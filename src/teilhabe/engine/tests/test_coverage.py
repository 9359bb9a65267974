import random

from hypothesis import given
from hypothesis import strategies as st

from teilhabe.engine.coverage import STATUS_ORDER, Cell, best_status, coverage


def test_it_picks_the_best_status_present() -> None:
    cells = coverage([("zeven", "language", "planned", 2), ("zeven", "language", "active", 1)])
    cell = cells[("zeven", "language")]
    assert (cell.best, cell.total) == ("active", 3)


def test_the_order_is_active_starting_paused_planned_ended() -> None:
    assert best_status(["ended", "planned"]) == "planned"
    assert best_status(["planned", "paused"]) == "paused"
    assert best_status(["paused", "starting"]) == "starting"
    assert best_status(["starting", "active", "ended"]) == "active"
    assert best_status([]) is None


def test_an_empty_cell_has_no_status() -> None:
    assert (Cell().best, Cell().total) == (None, 0)


def test_rows_of_the_same_cell_are_added_up() -> None:
    cells = coverage([(1, 2, "ended", 1), (1, 2, "ended", 4), (1, 3, "active", 1)])
    assert cells[(1, 2)].counts == {"ended": 5}
    assert cells[(1, 3)].total == 1


def test_unknown_status_is_refused() -> None:
    import pytest

    with pytest.raises(ValueError, match="unknown status"):
        coverage([(1, 1, "geplant", 1)])


Count = tuple[int, int, str, int]  # row, column, status, count
rows = st.lists(
    st.tuples(
        st.integers(0, 3), st.integers(0, 3), st.sampled_from(STATUS_ORDER), st.integers(1, 5)
    ),
    max_size=40,
)


@given(rows)
def test_totals_are_preserved_and_best_is_present(counts: list[Count]) -> None:
    cells = coverage(counts)
    assert sum(c.total for c in cells.values()) == sum(n for *_, n in counts)
    for (r, c), cell in cells.items():
        statuses = [s for rr, cc, s, _ in counts if (rr, cc) == (r, c)]
        assert cell.best in statuses
        assert STATUS_ORDER.index(cell.best) == min(STATUS_ORDER.index(s) for s in statuses)


@given(rows, st.randoms())
def test_order_of_rows_does_not_matter(counts: list[Count], rnd: random.Random) -> None:
    shuffled = list(counts)
    rnd.shuffle(shuffled)
    a, b = coverage(counts), coverage(shuffled)
    assert {k: (v.best, v.counts) for k, v in a.items()} == {
        k: (v.best, v.counts) for k, v in b.items()
    }
