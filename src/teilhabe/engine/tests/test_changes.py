import pytest
from hypothesis import given
from hypothesis import strategies as st

from teilhabe.engine.changes import Kind, State, diff


def s(
    status: str = "active",
    municipality: int | None = 1,
    category: int = 10,
    title: str = "Sprachcafé",
) -> State:
    return State(municipality, category, status, title)


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        ({}, {1: s()}, [Kind.NEW]),
        ({}, {1: s("ended")}, [Kind.NEW, Kind.ENDED]),
        ({1: s()}, {1: s("ended")}, [Kind.ENDED]),
        ({1: s("planned")}, {1: s("active")}, [Kind.STATUS]),
        ({1: s()}, {}, [Kind.REMOVED]),
        ({1: s()}, {1: s(municipality=2)}, [Kind.MOVED]),
        ({1: s(category=10)}, {1: s("paused", category=11)}, [Kind.MOVED, Kind.STATUS]),
        ({1: s()}, {1: s(title="Neuer Titel")}, []),  # an edit of the title is not news
        ({1: s()}, {1: s()}, []),
    ],
    ids=["new", "new-ended", "ended", "status", "removed", "moved", "moved+status", "edit", "same"],
)
def test_changes_between_two_snapshots(
    before: dict[int, State], after: dict[int, State], expected: list[Kind]
) -> None:
    assert [c.kind for c in diff(before, after)] == expected


def test_a_change_is_reported_where_the_activity_is_now() -> None:
    (change,) = diff({1: s(municipality=1)}, {1: s(municipality=2)})
    assert change.municipality == 2
    (removed,) = diff({1: s(municipality=3)}, {})
    assert removed.municipality == 3


states = st.builds(
    State,
    st.one_of(st.none(), st.integers(1, 3)),
    st.integers(1, 3),
    st.sampled_from(["planned", "starting", "active", "paused", "ended"]),
    st.just("x"),
)
snapshots = st.dictionaries(st.integers(1, 20), states, max_size=20)


@given(snapshots)
def test_no_changes_between_a_snapshot_and_itself(snapshot: dict[int, State]) -> None:
    assert diff(snapshot, snapshot) == []


@given(snapshots, snapshots)
def test_every_new_and_removed_activity_is_reported(
    before: dict[int, State], after: dict[int, State]
) -> None:
    found = diff(before, after)
    assert {c.activity for c in found if c.kind is Kind.NEW} == after.keys() - before.keys()
    assert {c.activity for c in found if c.kind is Kind.REMOVED} == before.keys() - after.keys()
    ended = {c.activity for c in found if c.kind is Kind.ENDED}
    assert ended == {
        a
        for a, st_ in after.items()
        if st_.status == "ended" and (a not in before or before[a].status != "ended")
    }
