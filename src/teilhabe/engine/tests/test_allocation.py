from fractions import Fraction

import pytest

from teilhabe.engine.allocation import Input, Status, capacity_bounded, targets, who_is_next
from teilhabe.engine.apportionment import Method


def test_target_is_new_quota_plus_carried_minus_credited() -> None:
    lines, _ = targets(
        10, [Input("a", 600, carried=3, credited=2), Input("b", 400)], Method.HARE_NIEMEYER
    )
    a, b = lines
    assert (a.new, a.target) == (6, 7)
    assert (b.new, b.target) == (4, 4)
    assert a.share == Fraction(3, 5) and a.quota == 6


def test_an_exempt_municipality_gets_no_new_quota_but_keeps_its_carry() -> None:
    lines, _ = targets(
        10, [Input("a", 600, carried=-2, exempt=True), Input("b", 400)], Method.HARE_NIEMEYER
    )
    assert [(line.new, line.target) for line in lines] == [(0, -2), (10, 10)]
    assert lines[0].share == 0


def test_lower_saxony_example_210_new_and_127_carried() -> None:
    (line,), _ = targets(210, [Input("district", 1, carried=127)], Method.HARE_NIEMEYER)
    assert line.target == 337


def status(
    key: str,
    target: int,
    arrived: int,
    free: int | None = None,
    fte: Fraction | int | None = None,
    limit: int = 80,
) -> Status:
    return Status(key, target, arrived, free, Fraction(fte) if fte is not None else None, limit)


def test_status_figures() -> None:
    s = status("a", target=40, arrived=10, free=20, fte=Fraction(1, 2))
    assert (s.remaining, s.fulfilment, s.housing_short) == (30, Fraction(1, 4), 10)
    assert s.persons_per_fte == 80 and not s.staff_overloaded
    assert status("a", 41, 10, fte=Fraction(1, 2)).staff_overloaded
    assert status("a", 10, 14).carry_forward == -4 and status("a", 10, 14).remaining == 0


def test_who_is_next_prefers_the_one_most_behind_with_room() -> None:
    statuses = [
        status("a", 10, 9, free=5),  # 90 %
        status("b", 10, 2, free=1),  # 20 % but no room for 3 persons
        status("c", 20, 5, free=10),  # 25 %
        status("d", 10, 10, free=10),  # done
        status("e", 8, 2),  # 25 %, capacity unknown: a candidate
    ]
    order = [s.key for s in who_is_next(statuses, household_size=3)]
    assert order == ["c", "e", "a"]  # c before e: same 25 %, more remaining
    with pytest.raises(ValueError):
        who_is_next(statuses, 0)


def test_capacity_bounded_proposal_respects_free_places() -> None:
    proposal = capacity_bounded(
        100, {"a": 500, "b": 500}, {"a": 10, "b": 200}, Method.HARE_NIEMEYER
    )
    assert proposal.seats == {"a": 10, "b": 90} and proposal.unplaced == 0
    short = capacity_bounded(100, {"a": 500, "b": 500}, {"a": 10, "b": 20}, Method.DHONDT)
    assert short.seats == {"a": 10, "b": 20} and short.unplaced == 70
    unknown = capacity_bounded(100, {"a": 500, "b": 500}, {"a": 10, "b": None}, Method.DHONDT)
    assert unknown.seats == {"a": 10, "b": 90} and unknown.unplaced == 0
