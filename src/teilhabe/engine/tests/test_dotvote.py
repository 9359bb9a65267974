"""Dot voting: every rule of a ballot, and the ranking with its ties."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from teilhabe.engine.dotvote import BallotError, Ranked, check_ballot, rank

ALLOWED = [1, 2, 3]


# --- check_ballot -------------------------------------------------------------------------------

Election = tuple[list[int], list[dict[int, int]]]  # proposals, ballots

REFUSED: list[tuple[dict[int, object], int, int | None, str, dict[str, int]]] = [
    # (points, budget, per_proposal, code, details)
    ({1: True}, 5, None, "not_a_count", {"proposal": 1}),
    ({1: False}, 5, None, "not_a_count", {"proposal": 1}),
    ({1: -1}, 5, None, "not_a_count", {"proposal": 1}),
    ({1: 1.0}, 5, None, "not_a_count", {"proposal": 1}),
    ({1: 2.5}, 5, None, "not_a_count", {"proposal": 1}),
    ({1: "2"}, 5, None, "not_a_count", {"proposal": 1}),
    ({1: None}, 5, None, "not_a_count", {"proposal": 1}),
    ({9: 1}, 5, None, "unknown_proposal", {"proposal": 9}),
    ({9: 0}, 5, None, "unknown_proposal", {"proposal": 9}),  # even with no points on it
    ({1: 3}, 5, 2, "too_many_on_one", {"proposal": 1, "limit": 2}),
    ({1: 1}, 5, 0, "too_many_on_one", {"proposal": 1, "limit": 0}),
    ({1: 3, 2: 3}, 5, None, "over_budget", {"total": 6, "budget": 5}),
    ({1: 6}, 5, None, "over_budget", {"total": 6, "budget": 5}),
    ({1: 1}, 0, None, "over_budget", {"total": 1, "budget": 0}),
]


@pytest.mark.parametrize(("points", "budget", "per_proposal", "code", "details"), REFUSED)
def test_a_ballot_that_breaks_a_rule_is_refused_with_its_code(
    points: dict[int, object],
    budget: int,
    per_proposal: int | None,
    code: str,
    details: dict[str, int],
) -> None:
    with pytest.raises(BallotError) as refused:
        check_ballot(points, ALLOWED, budget, per_proposal)
    assert refused.value.code == code
    assert refused.value.details == details
    assert isinstance(refused.value, ValueError)


def test_zero_entries_are_dropped() -> None:
    assert check_ballot({1: 0, 2: 3, 3: 0}, ALLOWED, 5) == {2: 3}


def test_an_empty_ballot_is_valid_and_empty() -> None:
    assert check_ballot({}, ALLOWED, 5) == {}
    assert check_ballot({1: 0}, ALLOWED, 5) == {}


def test_a_ballot_exactly_at_the_budget_is_accepted() -> None:
    assert check_ballot({1: 2, 2: 2, 3: 1}, ALLOWED, 5) == {1: 2, 2: 2, 3: 1}


def test_all_points_on_one_proposal_are_allowed_without_a_cap() -> None:
    assert check_ballot({3: 5}, ALLOWED, 5) == {3: 5}


def test_exactly_at_the_per_proposal_cap_is_accepted() -> None:
    assert check_ballot({1: 2, 2: 2}, ALLOWED, 5, per_proposal=2) == {1: 2, 2: 2}


def test_allowed_may_be_any_iterable_even_a_generator() -> None:
    assert check_ballot({2: 1}, (p for p in ALLOWED), 5) == {2: 1}


# --- rank ---------------------------------------------------------------------------------------


def test_proposals_are_ordered_by_points() -> None:
    ranked = rank([1, 2, 3], [{1: 1, 2: 3}, {3: 2}])
    assert ranked == [Ranked(2, 3, 1, 1), Ranked(3, 2, 1, 2), Ranked(1, 1, 1, 3)]


def test_equal_points_are_ordered_by_the_number_of_voters() -> None:
    # 1 has 4 points from one voter, 2 has 4 points from two voters
    ranked = rank([1, 2], [{1: 4}, {2: 2}, {2: 2}])
    assert [(r.proposal, r.voters, r.place) for r in ranked] == [(2, 2, 1), (1, 1, 2)]


def test_ties_share_a_place_and_the_next_place_is_skipped() -> None:
    ranked = rank([1, 2, 3, 4], [{1: 2, 2: 2, 3: 1}, {4: 3}])
    assert [(r.proposal, r.place) for r in ranked] == [(4, 1), (1, 2), (2, 2), (3, 4)]


def test_ties_keep_the_order_the_proposals_were_given_in() -> None:
    ballots = [{1: 1, 2: 1, 3: 1}]
    assert [r.proposal for r in rank([3, 1, 2], ballots)] == [3, 1, 2]
    assert [r.proposal for r in rank([2, 3, 1], ballots)] == [2, 3, 1]


def test_proposals_without_points_are_ranked_last_with_zero() -> None:
    ranked = rank([1, 2], [{2: 1}])
    assert ranked[-1] == Ranked(1, 0, 0, 2)


def test_no_ballots_all_share_the_first_place() -> None:
    assert [r.place for r in rank([1, 2, 3], [])] == [1, 1, 1]


def test_points_on_proposals_not_in_the_list_and_zeros_are_ignored() -> None:
    ranked = rank([1], [{1: 0, 9: 5}, {1: 2}])
    assert ranked == [Ranked(1, 2, 1, 1)]


# --- properties ---------------------------------------------------------------------------------

proposal_ids = st.lists(st.integers(1, 30), min_size=1, max_size=12, unique=True)


@st.composite
def election(draw: st.DrawFn) -> Election:
    proposals = draw(proposal_ids)
    ballot = st.dictionaries(st.sampled_from(proposals), st.integers(0, 10), max_size=6)
    return proposals, draw(st.lists(ballot, max_size=15))


@given(election())
def test_ranking_keeps_every_point(case: Election) -> None:
    proposals, ballots = case
    ranked = rank(proposals, ballots)
    assert sum(r.points for r in ranked) == sum(sum(b.values()) for b in ballots)


@given(election())
def test_places_never_decrease_and_start_at_one(case: Election) -> None:
    ranked = rank(*case)
    places = [r.place for r in ranked]
    assert places[0] == 1
    assert places == sorted(places)
    for i, r in enumerate(ranked):
        assert r.place <= i + 1
        if i and r.place != ranked[i - 1].place:
            assert r.place == i + 1


@given(election())
def test_every_proposal_appears_exactly_once(case: Election) -> None:
    proposals, ballots = case
    assert sorted(r.proposal for r in rank(proposals, ballots)) == sorted(proposals)


@given(election())
def test_shared_places_mean_equal_points_and_voters(case: Election) -> None:
    ranked = rank(*case)
    for a, b in itertools.pairwise(ranked):
        assert (a.points, a.voters) >= (b.points, b.voters)
        assert (a.place == b.place) == ((a.points, a.voters) == (b.points, b.voters))


@given(st.dictionaries(st.sampled_from(ALLOWED), st.integers(0, 5)), st.integers(0, 15))
def test_an_accepted_ballot_stays_within_budget_and_has_no_zeros(
    points: dict[int, int], budget: int
) -> None:
    try:
        clean = check_ballot(points, ALLOWED, budget)
    except BallotError as refused:
        assert refused.code == "over_budget"
        assert sum(points.values()) > budget
    else:
        assert sum(clean.values()) == sum(points.values()) <= budget
        assert 0 not in clean.values()
