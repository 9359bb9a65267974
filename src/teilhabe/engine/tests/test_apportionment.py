"""Tests for the apportionment engine: published results, textbook cases, ties and properties.

The reference implementations below are written independently of the module under test and
as plainly as possible (one unit at a time, ``Fraction`` everywhere): slow, but easy to check
by reading. Hypothesis compares the fast engine against them.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from fractions import Fraction

import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from teilhabe.engine.apportionment import (
    Allocation,
    ApportionmentError,
    Method,
    Result,
    Share,
    apportion,
    format_quota,
)

HN, SL, DH = Method.HARE_NIEMEYER, Method.SAINTE_LAGUE, Method.DHONDT
DIVISOR_METHODS = [SL, DH]


def seats(total: int, weights: dict[str, int], method: Method) -> dict[str, int]:
    return apportion(total, [Share(k, w) for k, w in weights.items()], method).seats()


# --- published results --------------------------------------------------------------------------

# Bundestagswahl 2021, first step: the 598 seats split among the Länder by German population on
# 31 May 2021, Sainte-Laguë/Schepers. Source: Der Bundeswahlleiter, "Bundestagswahl 2021:
# Sitzkontingente der Länder", 9 September 2021,
# https://www.bundeswahlleiter.de/mitteilungen/bundestagswahlen/2021/20210909_btw21-sitzkontingente.html
BUNDESTAG_2021_LAENDER = {
    "Schleswig-Holstein": (2_659_792, 22),
    "Mecklenburg-Vorpommern": (1_532_412, 13),
    "Hamburg": (1_537_766, 13),
    "Niedersachsen": (7_207_587, 59),
    "Bremen": (548_941, 5),
    "Brandenburg": (2_397_701, 20),
    "Sachsen-Anhalt": (2_056_177, 17),
    "Berlin": (2_942_960, 24),
    "Nordrhein-Westfalen": (15_415_642, 127),
    "Sachsen": (3_826_905, 32),
    "Hessen": (5_222_158, 43),
    "Thüringen": (1_996_822, 16),
    "Rheinland-Pfalz": (3_610_865, 30),
    "Bayern": (11_328_866, 93),
    "Baden-Württemberg": (9_313_413, 77),
    "Saarland": (865_191, 7),
}

# Bundestagswahl 2017, same step, German population on 31 May 2016. Source: Der Bundeswahlleiter,
# Pressemitteilung Nr. 26/17 vom 19. September 2017, "Sitzkontingente der Länder",
# https://www.bundeswahlleiterin.de/info/presse/mitteilungen/bundestagswahl-2017/26_17_sitzkontingente.html
BUNDESTAG_2017_LAENDER = {
    "Schleswig-Holstein": (2_673_713, 22),
    "Mecklenburg-Vorpommern": (1_548_590, 13),
    "Hamburg": (1_524_428, 12),
    "Niedersachsen": (7_278_380, 59),
    "Bremen": (569_016, 5),
    "Brandenburg": (2_391_644, 19),
    "Sachsen-Anhalt": (2_147_125, 18),
    "Berlin": (2_974_786, 24),
    "Nordrhein-Westfalen": (15_710_276, 128),
    "Sachsen": (3_915_541, 32),
    "Hessen": (5_281_620, 43),
    "Thüringen": (2_078_902, 17),
    "Rheinland-Pfalz": (3_661_200, 30),
    "Bayern": (11_360_915, 93),
    "Baden-Württemberg": (9_363_841, 76),
    "Saarland": (900_253, 7),
}

# Bundestagswahl 2025, Oberverteilung: 630 seats among the parties in the Bundestag by second
# votes, Sainte-Laguë/Schepers (SSW exempt from the 5 % threshold). Votes: official final result
# of the Bundeswahlleiterin (kerg2.csv, Bund rows); seats: CDU 164 and CSU 44 (208 for the
# Union), AfD 152, SPD 120, Grüne 85, Linke 64, SSW 1, as published by the Bundeswahlleiterin
# and tabulated e.g. at https://www.wahl-system.de/Web/Web300.html ("Mandate M1").
BUNDESTAG_2025_PARTEIEN = {
    "CDU": (11_196_374, 164),
    "AfD": (10_328_780, 152),
    "SPD": (8_149_124, 120),
    "GRÜNE": (5_762_380, 85),
    "Die Linke": (4_356_532, 64),
    "CSU": (2_964_028, 44),
    "SSW": (76_138, 1),
}


@pytest.mark.parametrize(
    ("total", "table"),
    [(598, BUNDESTAG_2021_LAENDER), (598, BUNDESTAG_2017_LAENDER), (630, BUNDESTAG_2025_PARTEIEN)],
    ids=["bundestag-2021-laender", "bundestag-2017-laender", "bundestag-2025-parteien"],
)
def test_it_reproduces_official_sainte_lague_results(
    total: int, table: dict[str, tuple[int, int]]
) -> None:
    weights = {name: population for name, (population, _) in table.items()}
    expected = {name: n for name, (_, n) in table.items()}
    result = apportion(total, [Share(k, w) for k, w in weights.items()], SL)
    assert result.seats() == expected
    assert result.tie_keys == frozenset()
    assert result.contested == 0


TEXTBOOK_CASES: list[tuple[Method, int, dict[str, int], dict[str, int]]] = [
    # Stadt Braunschweig, Wahl-ABC "Hare/Niemeyer": 8 seats, 17,500 votes.
    # https://www.braunschweig.de/politik_verwaltung/politik/wahlen/abc/h/hare_niemeyer.php
    (HN, 8, {"A": 10_000, "B": 6_000, "C": 1_500}, {"A": 4, "B": 3, "C": 1}),
    # Bezirk Oberbayern, Wahllexikon "Hare/Niemeyer": 8 seats, quotas 3.3548, 3.0968, 1.5484.
    # https://www.bezirk-oberbayern.de/ (Wahllexikon, Stichwort Hare/Niemeyer)
    (HN, 8, {"A": 6_500, "B": 6_000, "C": 3_000}, {"A": 3, "B": 3, "C": 2}),
    # Honikel, Staatsrecht, "Berechnungsbeispiele - Lösungen": one vote, three methods, 10 seats.
    # https://staatsrecht.honikel.de/en/berechnungsbeispiele-loesungen.htm
    (SL, 10, {"A": 6_100, "B": 5_000, "C": 900}, {"A": 5, "B": 4, "C": 1}),
    (HN, 10, {"A": 6_100, "B": 5_000, "C": 900}, {"A": 5, "B": 4, "C": 1}),
    (DH, 10, {"A": 6_100, "B": 5_000, "C": 900}, {"A": 6, "B": 4, "C": 0}),
    # The classic D'Hondt example (English Wikipedia, "D'Hondt method"): 8 seats. Averages
    # A 100k 50k 33.3k 25k | B 80k 40k 26.7k | C 30k | D 20k -> 4, 3, 1, 0.
    (
        DH,
        8,
        {"A": 100_000, "B": 80_000, "C": 30_000, "D": 20_000},
        {"A": 4, "B": 3, "C": 1, "D": 0},
    ),
    # The same votes with Sainte-Laguë, checked by hand: averages over 1, 3, 5 ...
    # A 100k 33.3k 20k | B 80k 26.7k 16k | C 30k | D 20k; the 8th highest is B's 16k -> 3, 3, 1, 1.
    (
        SL,
        8,
        {"A": 100_000, "B": 80_000, "C": 30_000, "D": 20_000},
        {"A": 3, "B": 3, "C": 1, "D": 1},
    ),
    # Electoral Reform Wiki, "Sainte-Laguë Method": 10 seats -> 4, 3, 2, 1, "in this case the
    # results [of D'Hondt] do not differ" (both checked by hand).
    (SL, 10, {"A": 25_000, "B": 19_000, "C": 12_000, "D": 8_000}, {"A": 4, "B": 3, "C": 2, "D": 1}),
    (DH, 10, {"A": 25_000, "B": 19_000, "C": 12_000, "D": 8_000}, {"A": 4, "B": 3, "C": 2, "D": 1}),
    # The example in the house style guide: the leftover unit goes to the largest remainder.
    (HN, 7, {"a": 60, "b": 40}, {"a": 4, "b": 3}),
]


@pytest.mark.parametrize(("method", "total", "weights", "expected"), TEXTBOOK_CASES)
def test_it_reproduces_textbook_examples(
    method: Method, total: int, weights: dict[str, int], expected: dict[str, int]
) -> None:
    assert seats(total, weights, method) == expected


def test_hare_niemeyer_shows_the_alabama_paradox() -> None:
    """One more unit to share can cost a key a unit: a known property of largest remainder.

    Quotas for 10 units: 4.29, 4.29, 1.43 -> 4, 4, 2; for 11 units: 4.71, 4.71, 1.57 -> 5, 5, 1.
    Divisor methods never do this (see the hypothesis test below)."""
    weights = {"A": 6, "B": 6, "C": 2}
    assert seats(10, weights, HN) == {"A": 4, "B": 4, "C": 2}
    assert seats(11, weights, HN) == {"A": 5, "B": 5, "C": 1}
    for method in DIVISOR_METHODS:
        assert seats(11, weights, method)["C"] >= seats(10, weights, method)["C"]


# --- result shape and quotas --------------------------------------------------------------------


def test_the_result_keeps_input_order_and_exact_quotas() -> None:
    result = apportion(7, [Share("b", 40), Share("a", 60)])
    assert result == Result(
        method=HN,
        total=7,
        allocations=(
            Allocation(key="b", weight=40, quota=Fraction(14, 5), seats=3, tied=False),
            Allocation(key="a", weight=60, quota=Fraction(21, 5), seats=4, tied=False),
        ),
        tie_keys=frozenset(),
        contested=0,
    )
    assert list(result.seats()) == ["b", "a"]


def test_quotas_ignore_bounds() -> None:
    result = apportion(10, [Share("a", 1, minimum=5), Share("b", 3)])
    assert [a.quota for a in result.allocations] == [Fraction(5, 2), Fraction(15, 2)]
    assert result.seats() == {"a": 5, "b": 5}


def test_the_method_may_be_given_by_its_cli_name() -> None:
    assert apportion(8, [Share("A", 100_000), Share("D", 20_000)], "dhondt").method is DH


def test_nothing_to_share() -> None:
    assert apportion(0, []).allocations == ()
    result = apportion(0, [Share("a", 0), Share("b", 5)], SL)
    assert result.seats() == {"a": 0, "b": 0}
    assert result.allocations[1].quota == 0


@pytest.mark.parametrize(
    ("quota", "places", "text"),
    [
        (Fraction(14, 5), 6, "2.800000"),
        (Fraction(1, 3), 6, "0.333333"),
        (Fraction(2, 3), 6, "0.666667"),
        (Fraction(2_000_001, 1_000_000), 5, "2.00000"),  # 2.000001 rounds down
        (Fraction(4_000_001, 2_000_000), 6, "2.000001"),  # exactly half: rounds up (2.0000005)
        (Fraction(5, 2), 0, "3"),  # half up, not Python's round-half-to-even ("2")
        (Fraction(0), 2, "0.00"),
        (Fraction(-1, 3), 3, "-0.333"),
        (Fraction(-1, 10_000), 2, "0.00"),  # no "-0.00"
        (Fraction(72_463_198, 121_400), 3, "596.896"),
    ],
)
def test_format_quota_writes_a_fixed_number_of_decimals(
    quota: Fraction, places: int, text: str
) -> None:
    assert format_quota(quota, places) == text


def test_format_quota_rejects_negative_places() -> None:
    with pytest.raises(ValueError):
        format_quota(Fraction(1), -1)


# --- ties ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("method", list(Method))
def test_two_equal_weights_competing_for_one_unit_are_a_tie(method: Method) -> None:
    result = apportion(1, [Share("b", 5), Share("a", 5)], method)
    assert result.tie_keys == {"a", "b"}
    assert result.contested == 1
    # Provisionally to the first key in key order, whatever the input order.
    assert result.seats() == {"b": 0, "a": 1}
    assert all(a.tied for a in result.allocations)


def test_a_tie_can_contest_several_units_among_several_keys() -> None:
    result = apportion(2, [Share("a", 1), Share("b", 1), Share("c", 1), Share("d", 0)])
    assert result.tie_keys == {"a", "b", "c"}
    assert result.contested == 2
    assert result.seats() == {"a": 1, "b": 1, "c": 0, "d": 0}
    assert [a.tied for a in result.allocations] == [True, True, True, False]


def test_a_divisor_tie_can_involve_a_key_that_already_has_units() -> None:
    # Sainte-Laguë averages: d 6, 2, 1.2 ... and a, b, c 2 each. The first unit goes to d; the
    # next two are decided among four equal averages of 2: d's second and a, b, c's first.
    result = apportion(3, [Share("a", 1), Share("b", 1), Share("c", 1), Share("d", 3)], SL)
    assert result.tie_keys == {"a", "b", "c", "d"}
    assert result.contested == 2
    assert result.seats() == {"a": 1, "b": 1, "c": 0, "d": 1}


def test_d_hondt_tie_between_a_second_and_a_first_unit() -> None:
    result = apportion(2, [Share("a", 2), Share("b", 1)], DH)
    assert (result.tie_keys, result.contested) == (frozenset({"a", "b"}), 1)
    assert result.seats() == {"a": 2, "b": 0}


@pytest.mark.parametrize(
    ("method", "total", "weights"),
    [
        (HN, 3, {"a": 1, "b": 1, "c": 2}),  # quotas 0.75, 0.75, 1.5: both remainders 0.75 win
        (SL, 3, {"a": 1, "b": 1, "c": 2}),  # averages c 4, then a 2 and b 2: both win
        (DH, 4, {"a": 2, "b": 2, "c": 5}),  # averages c 5, 2.5, then a 2 and b 2: both win
    ],
)
def test_equal_values_that_all_win_are_no_tie(
    method: Method, total: int, weights: dict[str, int]
) -> None:
    result = apportion(total, [Share(k, w) for k, w in weights.items()], method)
    assert result.tie_keys == frozenset()
    assert result.contested == 0
    assert not any(a.tied for a in result.allocations)
    assert result.seats()["a"] == result.seats()["b"] == 1


def test_a_tie_respects_the_maximum() -> None:
    # b is at its maximum and does not compete: no tie between a and b.
    result = apportion(2, [Share("a", 5), Share("b", 5, maximum=1)], DH)
    assert result.seats() == {"a": 1, "b": 1}
    result = apportion(3, [Share("a", 5), Share("b", 5, maximum=1)], DH)
    assert result.seats() == {"a": 2, "b": 1}
    assert result.tie_keys == frozenset()


# --- bounds -------------------------------------------------------------------------------------


@pytest.mark.parametrize("method", list(Method))
def test_a_minimum_is_granted_and_the_rest_is_shared_among_the_others(method: Method) -> None:
    result = apportion(10, [Share("small", 1, minimum=2), Share("a", 50), Share("b", 49)], method)
    assert result.seats()["small"] == 2
    assert sum(result.seats().values()) == 10


@pytest.mark.parametrize("method", list(Method))
def test_a_maximum_caps_a_key_and_its_excess_goes_to_the_others(method: Method) -> None:
    result = apportion(10, [Share("big", 90, maximum=5), Share("a", 6), Share("b", 4)], method)
    assert result.seats() == {"big": 5, "a": 3, "b": 2}


def test_hare_niemeyer_fixes_keys_at_bounds_in_cascade() -> None:
    # 10 units for weights 5, 20, 75: a's share 0.5 is below its minimum 3, so a is fixed at 3.
    # The other 7 units give b 7 * 20 / 95 = 1.47, now below its minimum 2 (largest remainder
    # alone would give b 1 and c 6), so b is fixed at 2 and c gets the remaining 5.
    shares = [Share("a", 5, minimum=3), Share("b", 20, minimum=2), Share("c", 75)]
    assert apportion(10, shares, HN).seats() == {"a": 3, "b": 2, "c": 5}


def test_weight_zero_gets_its_minimum_and_nothing_more() -> None:
    result = apportion(5, [Share("empty", 0, minimum=1, maximum=3), Share("a", 10)])
    assert result.seats() == {"empty": 1, "a": 4}


@pytest.mark.parametrize(
    ("total", "shares", "message"),
    [
        (
            3,
            [Share("a", 1, minimum=2), Share("b", 1, minimum=2)],
            "minimums add up to 4, more than the total of 3",
        ),
        (
            5,
            [Share("a", 1, maximum=2), Share("b", 1, maximum=2)],
            "maximums allow at most 4 units, fewer than the total of 5",
        ),
        (
            5,
            [Share("a", 1, maximum=2), Share("b", 0, maximum=9)],
            "weight 0 never gets more than its minimum",
        ),
    ],
)
@pytest.mark.parametrize("method", list(Method))
def test_impossible_bounds_are_an_error(
    total: int, shares: list[Share], message: str, method: Method
) -> None:
    with pytest.raises(ApportionmentError, match=message):
        apportion(total, shares, method)


# --- validation ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("total", "shares", "message"),
    [
        (-1, [Share("a", 1)], "total must be a non-negative integer, got -1"),
        (2.0, [Share("a", 1)], "total must be a non-negative integer, got 2.0"),
        (True, [Share("a", 1)], "total must be a non-negative integer, got True"),
        (3, [Share("a", -5)], "weight of 'a' must be a non-negative integer, got -5"),
        # Wrong types on purpose (from a file or the API they can arrive): refused at run time.
        (3, [Share("a", 1.5)], "weight of 'a' must be a non-negative integer, got 1.5"),  # type: ignore[arg-type]  # on purpose
        (3, [Share("a", Fraction(1))], "weight of 'a' must be a non-negative integer"),  # type: ignore[arg-type]  # on purpose
        (3, [Share("a", 1, minimum=-1)], "minimum of 'a' must be a non-negative integer, got -1"),
        (
            3,
            [Share("a", 1, maximum=-1)],
            "maximum of 'a' must be a non-negative integer or None, got -1",
        ),
        (
            3,
            [Share("a", 1, minimum=2, maximum=1)],
            r"maximum of 'a' \(1\) is below its minimum \(2\)",
        ),
        (3, [Share("a", 1), Share("b", 2), Share("a", 3)], "duplicate key 'a'"),
        (3, [Share(7, 1)], "key must be a string, got 7"),  # type: ignore[arg-type]  # on purpose
        (
            3,
            [Share("a", 0), Share("b", 0)],
            "cannot apportion 3 units: no key has a positive weight",
        ),
        (3, [], "cannot apportion 3 units: no key has a positive weight"),
    ],
)
def test_bad_input_is_rejected_with_a_clear_message(
    total: int, shares: list[Share], message: str
) -> None:
    with pytest.raises(ApportionmentError, match=message):
        apportion(total, shares)


def test_an_unknown_method_is_rejected() -> None:
    with pytest.raises(ApportionmentError, match="unknown method 'webster'"):
        apportion(1, [Share("a", 1)], "webster")


def test_the_error_is_a_value_error() -> None:
    assert issubclass(ApportionmentError, ValueError)


# --- reference implementations ------------------------------------------------------------------


def effective_bounds(share: Share, total: int) -> tuple[int, int]:
    if share.weight == 0:
        return share.minimum, share.minimum
    return share.minimum, total if share.maximum is None else min(share.maximum, total)


def reference_divisor(total: int, shares: Sequence[Share], method: Method) -> dict[str, int]:
    """Highest averages, one unit at a time; equal averages go to the smaller key first."""
    offset = Fraction(1, 2) if method is SL else Fraction(1)
    result = {s.key: s.minimum for s in shares}
    bounds = {s.key: effective_bounds(s, total) for s in shares}
    for _ in range(total - sum(result.values())):
        candidates = [s for s in shares if result[s.key] < bounds[s.key][1]]
        best = min(
            candidates, key=lambda s: (-Fraction(s.weight) / (result[s.key] + offset), s.key)
        )
        result[best.key] += 1
    return result


def reference_hare_niemeyer(total: int, shares: Sequence[Share]) -> dict[str, int]:
    """Largest remainder among the keys whose bounded share is not clamped.

    The factor lam of the bounded shares clamp(lam * w, min, max) is found by trying every
    breakpoint min/w and max/w: between two breakpoints the sum is linear in lam."""
    bounds = {s.key: effective_bounds(s, total) for s in shares}

    def clamped(lam: Fraction) -> dict[str, Fraction]:
        return {
            s.key: min(max(lam * s.weight, Fraction(bounds[s.key][0])), Fraction(bounds[s.key][1]))
            for s in shares
        }

    points = sorted(
        {Fraction(b, s.weight) for s in shares if s.weight for b in bounds[s.key]} | {Fraction(0)}
    )
    lam = points[-1]
    for low, high in itertools.pairwise(points):
        at_low, at_high = sum(clamped(low).values()), sum(clamped(high).values())
        if at_low <= total <= at_high:
            lam = (
                low
                if at_high == at_low
                else low + (high - low) * (total - at_low) / (at_high - at_low)
            )
            break
    shares_of = clamped(lam)
    result = {key: math.floor(q) for key, q in shares_of.items()}
    left = total - sum(result.values())
    by_remainder = sorted(shares_of, key=lambda k: (-(shares_of[k] - result[k]), k))
    for key in by_remainder[:left]:
        result[key] += 1
    return result


def reference(total: int, shares: Sequence[Share], method: Method) -> dict[str, int]:
    if method is HN:
        return reference_hare_niemeyer(total, shares)
    return reference_divisor(total, shares, method)


# --- properties ---------------------------------------------------------------------------------

methods = st.sampled_from(list(Method))


@st.composite
def share_lists(draw: st.DrawFn, bounded: bool = False, max_size: int = 8) -> list[Share]:
    keys = draw(
        st.lists(
            st.text("abcxyz", min_size=1, max_size=3), min_size=1, max_size=max_size, unique=True
        )
    )
    weights = st.one_of(st.integers(0, 20), st.integers(0, 10**6))
    result = []
    for key in keys:
        minimum, maximum = 0, None
        if bounded and draw(st.booleans()):
            minimum = draw(st.integers(0, 4))
            maximum = draw(st.none() | st.integers(minimum, minimum + 6))
        result.append(Share(key, draw(weights), minimum, maximum))
    assume(any(s.weight for s in result))
    return result


def feasible(total: int, shares: Sequence[Share]) -> bool:
    bounds = [effective_bounds(s, total) for s in shares]
    return sum(low for low, _ in bounds) <= total <= sum(high for _, high in bounds)


@given(total=st.integers(0, 60), shares=share_lists(), method=methods)
@example(total=1, shares=[Share("a", 1), Share("b", 1)], method=HN)
def test_unbounded_results_match_the_reference(
    total: int, shares: list[Share], method: Method
) -> None:
    result = apportion(total, shares, method)
    assert result.seats() == reference(total, shares, method)
    assert sum(result.seats().values()) == total


@given(total=st.integers(0, 40), shares=share_lists(bounded=True), method=methods)
@settings(max_examples=300)
def test_bounded_results_match_the_reference_or_fail_as_impossible(
    total: int, shares: list[Share], method: Method
) -> None:
    if not feasible(total, shares):
        with pytest.raises(ApportionmentError, match="impossible bounds"):
            apportion(total, shares, method)
        return
    result = apportion(total, shares, method)
    assert result.seats() == reference(total, shares, method)
    assert sum(result.seats().values()) == total
    for share, allocation in zip(shares, result.allocations, strict=True):
        low, high = effective_bounds(share, total)
        assert low <= allocation.seats <= high


@given(total=st.integers(0, 200), shares=share_lists(max_size=12))
def test_hare_niemeyer_keeps_the_quota_rule(total: int, shares: list[Share]) -> None:
    for allocation in apportion(total, shares, HN).allocations:
        assert math.floor(allocation.quota) <= allocation.seats <= math.ceil(allocation.quota)


@given(total=st.integers(0, 100), shares=share_lists(bounded=True), method=methods, data=st.data())
def test_the_input_order_does_not_matter(
    total: int, shares: list[Share], method: Method, data: st.DataObject
) -> None:
    assume(feasible(total, shares))
    shuffled = data.draw(st.permutations(shares))
    first, second = apportion(total, shares, method), apportion(total, shuffled, method)
    # Even with a tie: it is settled by key order, not by input order.
    assert first.seats() == second.seats()
    assert (first.tie_keys, first.contested) == (second.tie_keys, second.contested)
    assert [a.key for a in second.allocations] == [s.key for s in shuffled]


@given(
    total=st.integers(0, 100), shares=share_lists(), method=methods, factor=st.integers(2, 10**9)
)
def test_scaling_all_weights_changes_nothing(
    total: int, shares: list[Share], method: Method, factor: int
) -> None:
    scaled = [Share(s.key, s.weight * factor) for s in shares]
    first, second = apportion(total, shares, method), apportion(total, scaled, method)
    assert first.seats() == second.seats()
    assert (first.tie_keys, first.contested) == (second.tie_keys, second.contested)
    assert [a.quota for a in first.allocations] == [a.quota for a in second.allocations]


@given(total=st.integers(0, 100), shares=share_lists(bounded=True), method=methods)
def test_weight_zero_gets_exactly_its_minimum(
    total: int, shares: list[Share], method: Method
) -> None:
    assume(feasible(total, shares))
    result = apportion(total, shares, method)
    for share, allocation in zip(shares, result.allocations, strict=True):
        if share.weight == 0:
            assert allocation.seats == share.minimum
            assert not allocation.tied


@given(
    total=st.integers(0, 100),
    shares=share_lists(max_size=10),
    method=st.sampled_from(DIVISOR_METHODS),
)
def test_divisor_methods_have_no_alabama_paradox(
    total: int, shares: list[Share], method: Method
) -> None:
    before, after = apportion(total, shares, method), apportion(total + 1, shares, method)
    assume(not before.tie_keys and not after.tie_keys)
    for key, n in before.seats().items():
        assert after.seats()[key] >= n


@given(total=st.integers(0, 100), shares=share_lists(bounded=True), method=methods)
def test_a_reported_tie_is_real(total: int, shares: list[Share], method: Method) -> None:
    """Reversing the key order hands the contested units to the other tied keys, nothing else."""
    assume(feasible(total, shares))
    result = apportion(total, shares, method)
    assert {a.key for a in result.allocations if a.tied} == result.tie_keys
    assert (result.contested == 0) == (not result.tie_keys)
    assert result.contested < len(result.tie_keys) or not result.tie_keys

    ranked = sorted(s.key for s in shares)
    renamed = {key: f"{len(ranked) - i:04d}" for i, key in enumerate(ranked)}
    mirrored = apportion(
        total, [Share(renamed[s.key], s.weight, s.minimum, s.maximum) for s in shares], method
    )
    assert mirrored.tie_keys == {renamed[k] for k in result.tie_keys}
    assert mirrored.contested == result.contested
    before, after = result.seats(), mirrored.seats()
    tied = sorted(result.tie_keys)
    for key in before:
        if key not in result.tie_keys:
            assert after[renamed[key]] == before[key]
    # The first `contested` tied keys got a unit before, the last `contested` ones get it now.
    moved = {key: after[renamed[key]] - before[key] for key in tied}
    n = result.contested
    if n and 2 * n <= len(tied):
        assert [moved[k] for k in tied[:n]] == [-1] * n
        assert [moved[k] for k in tied[-n:]] == [1] * n


@given(shares=share_lists(max_size=6), method=methods)
def test_many_units_for_few_keys(shares: list[Share], method: Method) -> None:
    """Large totals take the guessed-divisor path; compare with textbook computations."""
    total = 10_000 + sum(s.weight for s in shares) % 997
    result = apportion(total, shares, method)
    assert sum(result.seats().values()) == total
    if method is HN:
        assert result.seats() == reference_hare_niemeyer(total, shares)
    elif not result.tie_keys:
        assert result.seats() == reference_by_divisor_search(total, shares, method)


def reference_by_divisor_search(
    total: int, shares: Sequence[Share], method: Method
) -> dict[str, int]:
    """Divisor method the textbook way: bisect on the divisor until the rounded seats add up."""

    def count(divisor: Fraction) -> dict[str, int]:
        if method is SL:  # standard rounding; .5 rounds up
            return {s.key: math.floor(s.weight / divisor + Fraction(1, 2)) for s in shares}
        return {s.key: math.floor(s.weight / divisor) for s in shares}

    low, high = Fraction(1, 10**9), Fraction(sum(s.weight for s in shares) + 1)
    for _ in range(200):
        middle = (low + high) / 2
        n = sum(count(middle).values())
        if n == total:
            return count(middle)
        low, high = (middle, high) if n > total else (low, middle)
    return {}  # a tie: no divisor gives exactly `total`
