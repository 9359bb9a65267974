"""Starthilfe: how each factor moves the ranking, where it saturates, and who is never suggested."""

from __future__ import annotations

import datetime
import math
from collections.abc import Hashable, Sequence
from dataclasses import replace
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from teilhabe.engine.peers import (
    FACTORS,
    FAR_KM,
    FULL_TANDEMS,
    FULL_VOLUNTEERS,
    FULL_YEARS,
    Candidate,
    Place,
    Reason,
    Suggestion,
    Weights,
    distance_km,
    score,
    suggest,
)

TODAY = datetime.date(2025, 6, 1)
ZEVEN_LAT, ZEVEN_LON = 53.2969, 9.2786
ZEVEN = Place("zeven", 10_000, ZEVEN_LAT, ZEVEN_LON)
ROTENBURG = Place("rotenburg", 22_000, 53.1110, 9.4103)
SEEKER = ZEVEN
AT_ROTENBURG = {"lat": ROTENBURG.lat, "lon": ROTENBURG.lon}
THREE_YEARS_AGO, ONE_YEAR_AGO = datetime.date(2022, 6, 1), datetime.date(2024, 6, 1)


Cand = Candidate[str, Hashable]  # places by name; activities by name or number


def cand(
    key: str = "a",
    population: int = 10_000,
    lat: float | None = ZEVEN_LAT,
    lon: float | None = ZEVEN_LON,
    status: str = "active",
    activity: Hashable = "act",
    **kw: Any,  # the other fields of Candidate
) -> Cand:
    return Candidate(Place(key, population, lat, lon), activity, status, **kw)


def reasons(candidate: Cand, seeker: Place[str] = SEEKER) -> dict[str, Reason]:
    return {r.factor: r for r in score(seeker, candidate, Weights(), TODAY).reasons}


def keys(suggestions: Sequence[Suggestion[str, Hashable]]) -> list[str]:
    return [s.candidate.place.key for s in suggestions]


# --- each factor on its own ---------------------------------------------------------------------

# Keyword arguments of cand() that make a candidate better or worse in one factor.
Fields = dict[str, Any]
FactorRow = tuple[str, Fields, Fields, float, float]
FACTOR_ROWS: list[FactorRow] = [
    # (factor, better, worse, documented value of the better one, its share)
    ("experience", {"active_since": THREE_YEARS_AGO}, {"active_since": ONE_YEAR_AGO}, 3.0, 0.6),
    ("volunteers", {"volunteers": 10}, {"volunteers": 4}, 10, 0.5),
    ("size", {"population": 5_000}, {"population": 2_500}, 0.5, 0.5),
    ("distance", AT_ROTENBURG, {"lat": 53.8}, 22.4, 1 - 22.4 / FAR_KM),  # vs about 56 km
    ("tandems", {"past_tandems": 2}, {"past_tandems": 1}, 2, 2 / 3),
]
assert [row[0] for row in FACTOR_ROWS] == list(FACTORS)


@pytest.mark.parametrize("row", FACTOR_ROWS, ids=FACTORS)
def test_the_candidate_better_in_one_factor_ranks_first_with_that_reason(row: FactorRow) -> None:
    factor, better, worse, value, share = row
    # "a" would win the tie-break by key, so only the factor can put "b" first
    ranked = suggest(SEEKER, [cand("a", **worse), cand("b", **better)], TODAY)
    assert keys(ranked) == ["b", "a"]
    assert ranked[0].score > ranked[1].score
    reason = {r.factor: r for r in ranked[0].reasons}[factor]
    assert reason.value == pytest.approx(value, abs=0.5 if factor == "distance" else 0.01)
    assert reason.share == pytest.approx(share, abs=0.01)
    assert reason.points == pytest.approx(reason.share * getattr(Weights(), factor))


@pytest.mark.parametrize("row", FACTOR_ROWS, ids=FACTORS)
def test_a_factor_weighted_zero_no_longer_separates_the_candidates(row: FactorRow) -> None:
    factor, better, worse, _, _ = row
    weights = replace(Weights(), **{factor: 0})
    ranked = suggest(SEEKER, [cand("b", **better), cand("a", **worse)], TODAY, weights)
    assert ranked[0].score == ranked[1].score
    assert keys(ranked) == ["a", "b"]


# --- caps and unknowns --------------------------------------------------------------------------

SATURATED: list[tuple[str, Fields]] = [
    ("experience", {"active_since": TODAY - datetime.timedelta(days=FULL_YEARS * 366)}),
    ("experience", {"active_since": datetime.date(1990, 1, 1)}),
    ("volunteers", {"volunteers": FULL_VOLUNTEERS}),
    ("volunteers", {"volunteers": 10 * FULL_VOLUNTEERS}),
    ("tandems", {"past_tandems": FULL_TANDEMS}),
    ("tandems", {"past_tandems": 10 * FULL_TANDEMS}),
]


@pytest.mark.parametrize(("factor", "fields"), SATURATED)
def test_shares_saturate_at_full_marks(factor: str, fields: Fields) -> None:
    assert reasons(cand(**fields))[factor].share == 1.0


def test_distance_share_is_one_at_the_same_seat_and_zero_from_far_km_on() -> None:
    assert (reasons(cand())["distance"].value, reasons(cand())["distance"].share) == (0.0, 1.0)
    one_km_lat = 180 / (6371.0 * math.pi)
    at_far = reasons(cand(lat=ZEVEN_LAT + FAR_KM * one_km_lat))["distance"]
    assert at_far.value == pytest.approx(FAR_KM)
    assert at_far.share == pytest.approx(0.0, abs=1e-9)
    assert reasons(cand(lat=ZEVEN_LAT + 2 * FAR_KM * one_km_lat))["distance"].share == 0.0


def test_an_unknown_seat_or_start_scores_nothing_for_that_factor() -> None:
    for seeker, candidate in [(SEEKER, cand(lat=None)), (replace(SEEKER, lon=None), cand())]:
        reason = reasons(candidate, seeker)["distance"]
        assert (reason.value, reason.share, reason.points) == (-1.0, 0.0, 0.0)
    reason = reasons(cand(active_since=None))["experience"]
    assert (reason.value, reason.share, reason.points) == (0.0, 0.0, 0.0)


# --- who is never suggested ---------------------------------------------------------------------

BEST: Fields = {"active_since": datetime.date(1990, 1, 1), "volunteers": 99, "past_tandems": 9}


def test_the_seeker_never_gets_itself_suggested_even_with_the_best_activity() -> None:
    own = cand(SEEKER.key, population=1, lat=None, lon=None, **BEST)  # same key, other data
    assert keys(suggest(SEEKER, [own, cand("weak")], TODAY)) == ["weak"]
    assert suggest(SEEKER, [own], TODAY) == []


@pytest.mark.parametrize("status", ["starting", "planned", "paused", "ended"])
def test_inactive_activities_are_never_suggested(status: str) -> None:
    ranked = suggest(SEEKER, [cand("strong", status=status, **BEST), cand("weak")], TODAY)
    assert keys(ranked) == ["weak"]
    assert suggest(SEEKER, [cand("strong", status=status, **BEST)], TODAY) == []


def test_each_municipality_appears_once_with_its_best_activity() -> None:
    same_place = [cand("a", activity=v, volunteers=v) for v in (0, 99, 5)]
    ranked = suggest(SEEKER, [*same_place, cand("b", volunteers=5)], TODAY)
    assert keys(ranked) == ["a", "b"]
    assert ranked[0].candidate.activity == 99


def test_limit_keeps_the_best_suggestions() -> None:
    candidates = [cand("a"), cand("b", volunteers=20), cand("c", volunteers=10)]
    assert keys(suggest(SEEKER, candidates, TODAY)) == ["b", "c", "a"]
    assert keys(suggest(SEEKER, candidates, TODAY, limit=2)) == ["b", "c"]
    assert suggest(SEEKER, candidates, TODAY, limit=0) == []


@pytest.mark.parametrize("factor", FACTORS)
def test_negative_weights_are_refused(factor: str) -> None:
    with pytest.raises(ValueError, match=factor):
        Weights(**{factor: -0.1})


# --- distance_km --------------------------------------------------------------------------------


def test_distance_between_zeven_and_rotenburg_is_about_22_km_either_way() -> None:
    assert distance_km(ZEVEN, ROTENBURG) == pytest.approx(22.4, abs=1.0)
    assert distance_km(ROTENBURG, ZEVEN) == distance_km(ZEVEN, ROTENBURG)
    assert distance_km(ZEVEN, ZEVEN) == 0.0
    assert distance_km(ZEVEN, Place("x", 1)) is None


# --- properties ---------------------------------------------------------------------------------

seat = st.none() | st.floats(-80, 80)
places = st.builds(Place, st.sampled_from("abcde"), st.integers(-10, 10**6), seat, seat)
candidates = st.builds(
    Candidate,
    place=places,
    activity=st.integers(0, 3),
    status=st.sampled_from(["active", "active", "paused", "ended"]),
    active_since=st.none() | st.dates(datetime.date(1980, 1, 1), datetime.date(2030, 12, 31)),
    volunteers=st.integers(-5, 200),
    past_tandems=st.integers(-2, 20),
)
weight = st.floats(0, 10)
weights = st.builds(Weights, weight, weight, weight, weight, weight)


@given(places, st.lists(candidates, max_size=12), weights)
def test_scores_are_non_negative_sum_their_reasons_and_are_ranked_descending(
    seeker: Place[str], cands: list[Candidate[str, int]], w: Weights
) -> None:
    ranked = suggest(seeker, cands, TODAY, w)
    assert len(set(keys(ranked))) == len(ranked) and seeker.key not in keys(ranked)
    assert all(s.candidate.status == "active" for s in ranked)
    for s in ranked:
        assert s.score >= 0
        assert s.score == pytest.approx(sum(r.points for r in s.reasons), abs=1e-6)
        assert [r.factor for r in s.reasons] == list(FACTORS)
    assert [s.score for s in ranked] == sorted((s.score for s in ranked), reverse=True)


@given(places, candidates, weight)
def test_with_all_weights_w_the_score_is_at_most_five_w(
    seeker: Place[str], candidate: Candidate[str, int], w: float
) -> None:
    # the score is rounded to 6 decimals, hence the small tolerance
    assert score(seeker, candidate, Weights(w, w, w, w, w), TODAY).score <= 5 * w + 1e-6
