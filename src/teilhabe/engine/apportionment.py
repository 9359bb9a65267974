"""Apportionment: split a whole number of units among keys in proportion to their weights.

A district assigns asylum seekers to its municipalities by a fixed key based on population. A
committee member must be able to recompute every quota by hand, so this module

- computes with integers and ``Fraction`` only: a float could turn an exact tie into a coin flip
  decided by rounding error, and a figure that differs in the last place from the hand
  calculation is a figure nobody trusts;
- never hides a tie: when the last units are decided by equal remainders (Hare-Niemeyer) or
  equal averages (divisor methods), the law leaves them to lot. The result names the keys in the
  tie and the number of contested units. It still assigns them provisionally, to the tied keys in
  ascending key order, so that a rerun gives the same table until the lot has been drawn;
- knows nothing about municipalities, Django or files: plain data in, plain data out.

Methods
    Hare-Niemeyer (largest remainder): every key gets the whole part of its exact quota
    ``total * weight / sum(weights)``; the units left over go to the largest remainders.

    Sainte-Laguë/Schepers (divisor method with standard rounding): ``round(weight / divisor)``
    with a divisor that makes the seats add up. Computed as the equivalent highest-averages
    procedure (Schepers) with divisors 0.5, 1.5, 2.5, ...

    D'Hondt (divisor method rounding down): highest averages with divisors 1, 2, 3, ...

Bounds
    A share may carry a minimum and a maximum. Divisor methods honour them in the standard way,
    ``seats = clamp(round(weight / divisor), minimum, maximum)`` with one common divisor; this is
    the same as giving every key its minimum and then handing out the remaining units by highest
    averages among the keys still below their maximum. Hare-Niemeyer fixes the keys whose
    proportional share, recomputed among the keys not yet fixed, falls outside their bounds at
    that bound and apportions the rest among the others (see `_bounded_free_keys`).

    A key with weight 0 never earns a unit by weight: it gets its minimum, whatever its maximum.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction
from itertools import repeat
from typing import NamedTuple

__all__ = [
    "Allocation",
    "ApportionmentError",
    "Method",
    "Result",
    "Share",
    "apportion",
    "format_quota",
]

# Divisor methods start from a guessed divisor and correct it up to this many times while it
# misses the total by more than _CLOSE_ENOUGH units; the rest is moved unit by unit.
_MAX_GUESSES = 8
_CLOSE_ENOUGH = 16


class Method(StrEnum):
    """The apportionment methods German law uses; the values are the CLI spellings."""

    HARE_NIEMEYER = "hare-niemeyer"
    SAINTE_LAGUE = "sainte-lague"
    DHONDT = "dhondt"


class ApportionmentError(ValueError):
    """Input that cannot be apportioned.

    The message is English. Callers that speak to people translate by `code` and `params`
    instead of parsing the message (like Django's ``ValidationError``):

    ``method`` (method), ``total`` (total), ``key`` (key), ``duplicate_key`` (key),
    ``weight`` / ``minimum`` / ``maximum`` (key, value), ``maximum_below_minimum`` (key, minimum,
    maximum), ``no_weight`` (total), ``minimums_exceed_total`` (minimums, total),
    ``maximums_below_total`` (maximums, total, weight_zero_capped: a key with weight 0 has a
    maximum above its minimum, which it can never use).
    """

    def __init__(self, message: str, code: str, **params: object) -> None:
        super().__init__(message)
        self.code = code
        self.params = params


@dataclass(frozen=True)
class Share:
    """One key to receive units, e.g. a municipality with its population."""

    key: str  # e.g. the official municipality key (ARS)
    weight: int  # e.g. population on the reference date
    minimum: int = 0
    maximum: int | None = None  # None: no upper bound


class Allocation(NamedTuple):
    """What one key receives, with the exact share that a committee can recompute by hand.

    A NamedTuple rather than a frozen dataclass: immutable all the same, and three times
    faster to create, which is most of the time of a national apportionment."""

    key: str
    weight: int
    quota: Fraction  # exact proportional share total * weight / sum(weights), bounds ignored
    seats: int
    tied: bool  # part of an unresolved tie at the cut, to be decided by lot


@dataclass(frozen=True)
class Result:
    """An apportionment: one allocation per share, in input order, and any tie at the cut."""

    method: Method
    total: int
    allocations: tuple[Allocation, ...]
    tie_keys: frozenset[str]  # keys in the tie at the cut (empty if none)
    contested: int  # number of units decided by the tie (0 if none)

    def seats(self) -> dict[str, int]:
        """Units per key, in input order."""
        return {a.key: a.seats for a in self.allocations}


def apportion(
    total: int, shares: Sequence[Share], method: Method | str = Method.HARE_NIEMEYER
) -> Result:
    """Split `total` units among `shares` in proportion to their weights, within their bounds.

    The result is deterministic and does not depend on the input order. When an exact tie
    decides the last units, `Result.tie_keys` names the keys involved and `Result.contested` the
    number of units among them; those units go provisionally to the tied keys in ascending key
    order. `method` may also be given by its CLI spelling ("dhondt").

    Raises `ApportionmentError` for malformed input (negative or non-integer numbers, duplicate
    keys, a maximum below its minimum, a positive total without any positive weight) and for
    bounds that make the total impossible.
    """
    try:
        method = Method(method)
    except ValueError:
        raise ApportionmentError(f"unknown method {method!r}", "method", method=method) from None
    problem = _Problem.of(total, shares)
    if total == 0:
        seats, tie = list(problem.lows), _NO_TIE
    elif method is Method.HARE_NIEMEYER:
        seats, tie = _hare_niemeyer(problem)
    else:
        seats, tie = _divisor_method(problem, method)

    keys, weights, weight_sum = problem.keys, problem.weights, problem.weight_sum
    tie_keys = frozenset(keys[i] for i in tie.indices)
    # One Fraction per distinct weight: about half of Germany's municipalities share their
    # population figure with another one, and building Fractions is the slow part here.
    quota_of = {w: Fraction(total * w, weight_sum or 1) for w in set(weights)}
    quotas = map(quota_of.__getitem__, weights)
    tied = [key in tie_keys for key in keys] if tie_keys else repeat(False)
    allocations = tuple(map(Allocation, keys, weights, quotas, seats, tied))
    return Result(method, total, allocations, tie_keys, tie.contested)


def format_quota(q: Fraction, places: int = 6) -> str:
    """`q` with a decimal point and exactly `places` decimals, rounded half away from zero.

    A fixed number of decimals keeps a CSV column aligned and shows that the figure is rounded;
    the rounding is the one people use on paper (2.0000005 -> "2.000001"), not Python's
    round-half-to-even.
    """
    if places < 0:
        raise ValueError("places must not be negative")
    q = Fraction(q)
    scale = 10**places
    units = (2 * abs(q.numerator) * scale + q.denominator) // (2 * q.denominator)
    sign = "-" if q < 0 and units else ""
    whole, decimals = divmod(units, scale)
    return f"{sign}{whole}.{decimals:0{places}d}" if places else f"{sign}{whole}"


# --- input --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Problem:
    """Validated input as parallel lists, with effective upper bounds.

    ``highs[i]`` is the most key i can get: never more than the total, and for a weight of 0
    exactly its minimum, because such a key never earns a unit by weight."""

    total: int
    keys: list[str]
    weights: list[int]
    lows: list[int]
    highs: list[int]
    weight_sum: int
    bounded: bool  # some minimum or maximum can matter; False allows a faster path

    @classmethod
    def of(cls, total: int, shares: Sequence[Share]) -> _Problem:
        keys = [s.key for s in shares]
        weights = [s.weight for s in shares]
        lows = [s.minimum for s in shares]
        maxima = [s.maximum for s in shares]
        _validate(total, shares, keys, weights, lows, maxima)
        if not any(lows) and maxima.count(None) == len(maxima):
            highs = [total if w else 0 for w in weights]
            bounded = False
        else:
            highs = [
                lo if not w else total if hi is None else min(hi, total)
                for w, lo, hi in zip(weights, lows, maxima, strict=True)
            ]
            bounded = True
        _check_feasible(total, shares, lows, highs)
        return cls(total, keys, weights, lows, highs, sum(weights), bounded)


def _validate(
    total: int,
    shares: Sequence[Share],
    keys: list[str],
    weights: list[int],
    lows: list[int],
    maxima: list[int | None],
) -> None:
    """Reject malformed input; quick for the common valid case, precise about the first error."""
    if type(total) is not int or total < 0:  # bool is an int, but never a count
        raise ApportionmentError(
            f"total must be a non-negative integer, got {total!r}", "total", total=total
        )
    highs = [m for m in maxima if m is not None]
    numbers = (weights, lows, highs) if highs else (weights, lows)
    if (
        any(set(map(type, values)) - {int} for values in numbers)
        or any(values and min(values) < 0 for values in numbers)
        or set(map(type, keys)) - {str}
        or len(set(keys)) != len(keys)
        or (highs and any(hi is not None and hi < lo for lo, hi in zip(lows, maxima, strict=True)))
    ):
        _raise_for_first_bad_share(shares)
    if total > 0 and not any(weights):
        raise ApportionmentError(
            f"cannot apportion {total} units: no key has a positive weight",
            "no_weight",
            total=total,
        )


def _raise_for_first_bad_share(shares: Sequence[Share]) -> None:
    seen: set[str] = set()
    for share in shares:
        key = share.key
        if type(key) is not str:
            raise ApportionmentError(f"key must be a string, got {key!r}", "key", key=key)
        if key in seen:
            raise ApportionmentError(f"duplicate key {key!r}", "duplicate_key", key=key)
        seen.add(key)
        for field, value in (("weight", share.weight), ("minimum", share.minimum)):
            if type(value) is not int or value < 0:
                raise ApportionmentError(
                    f"{field} of {key!r} must be a non-negative integer, got {value!r}",
                    field,
                    key=key,
                    value=value,
                )
        maximum = share.maximum
        if maximum is not None:
            if type(maximum) is not int or maximum < 0:
                raise ApportionmentError(
                    f"maximum of {key!r} must be a non-negative integer or None, got {maximum!r}",
                    "maximum",
                    key=key,
                    value=maximum,
                )
            if maximum < share.minimum:
                raise ApportionmentError(
                    f"maximum of {key!r} ({maximum}) is below its minimum ({share.minimum})",
                    "maximum_below_minimum",
                    key=key,
                    minimum=share.minimum,
                    maximum=maximum,
                )


def _check_feasible(total: int, shares: Sequence[Share], lows: list[int], highs: list[int]) -> None:
    low_sum = sum(lows)
    if low_sum > total:
        raise ApportionmentError(
            f"impossible bounds: the minimums add up to {low_sum}, more than the total of {total}",
            "minimums_exceed_total",
            minimums=low_sum,
            total=total,
        )
    high_sum = sum(highs)
    if high_sum < total:
        weight_zero_capped = any(s.weight == 0 and s.maximum != s.minimum for s in shares)
        hint = " (a key with weight 0 never gets more than its minimum)"
        raise ApportionmentError(
            f"impossible bounds: the maximums allow at most {high_sum} units, "
            f"fewer than the total of {total}{hint if weight_zero_capped else ''}",
            "maximums_below_total",
            maximums=high_sum,
            total=total,
            weight_zero_capped=weight_zero_capped,
        )


# --- ties ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Tie:
    indices: tuple[int, ...]  # positions of the tied keys, in key order
    contested: int


_NO_TIE = _Tie((), 0)


def _settle_tie(seats: list[int], tied: list[int], contested: int, keys: list[str]) -> _Tie:
    """Give `contested` units to the first tied keys in key order; report the tie if it is one.

    `seats` holds the seats of the keys at the cut *without* the contested units. If every key
    at the cut gets a unit there is nothing to decide by lot."""
    if len(tied) == contested:
        for i in tied:
            seats[i] += 1
        return _NO_TIE
    ordered = sorted(tied, key=keys.__getitem__)
    for i in ordered[:contested]:
        seats[i] += 1
    return _Tie(tuple(ordered), contested)


# --- Hare-Niemeyer ------------------------------------------------------------------------------


def _hare_niemeyer(problem: _Problem) -> tuple[list[int], _Tie]:
    seats = list(problem.lows)
    free, free_total = _bounded_free_keys(problem, seats)
    if not free:
        return seats, _NO_TIE
    free_weights = [problem.weights[i] for i in free]
    free_weight = sum(free_weights)
    # Exact quota of a free key: free_total * w / free_weight. Keep the remainders as numerators
    # over the common denominator free_weight, so that comparing them is comparing integers.
    products = [free_total * w for w in free_weights]
    floors = [p // free_weight for p in products]
    remainders = [p % free_weight for p in products]
    for i, floor in zip(free, floors, strict=True):
        seats[i] = floor
    left = free_total - sum(floors)
    if left == 0:
        return seats, _NO_TIE
    # The remainders add up to left * free_weight and each is below free_weight, so more than
    # `left` keys have a positive remainder: the cut never falls on a remainder of zero.
    cut = sorted(remainders, reverse=True)[left - 1]
    at_cut = []
    for i, r in zip(free, remainders, strict=True):
        if r > cut:
            seats[i] += 1
            left -= 1
        elif r == cut:
            at_cut.append(i)
    return seats, _settle_tie(seats, at_cut, left, problem.keys)


def _bounded_free_keys(problem: _Problem, seats: list[int]) -> tuple[list[int], int]:
    """Fix the keys whose bounded proportional share lies on a bound; return the others.

    The bounded share of key i is ``clamp(lam * w_i, min_i, max_i)`` with the one factor ``lam``
    that makes the shares add up to the total (it exists because the bounds are feasible). Keys
    whose share is clamped get that bound in `seats`. The others ("free") have the proportional
    share ``free_total * w_i / free_weight`` within their bounds, so largest remainder among them
    respects the bounds too (a whole number of seats between floor and ceiling of the share).

    Computed by the usual fix-and-recompute loop, made independent of the input order: with
    ``lam`` computed from the free keys, if clamping would add more units than it removes, the
    true ``lam`` is smaller, so every key below its minimum is certainly clamped there (and
    symmetrically for the maximums). Every round fixes at least one key.
    """
    weights, lows, highs = problem.weights, problem.lows, problem.highs
    if not problem.bounded:  # lam * w_i lies between 0 and the total anyway
        return [i for i, w in enumerate(weights) if w], problem.total
    free = [i for i, w in enumerate(weights) if w and lows[i] < highs[i]]
    free_total = problem.total - sum(lows) + sum(lows[i] for i in free)
    while free:
        free_weight = sum(weights[i] for i in free)
        # Compare lam * w_i with a bound b as free_total * w_i with b * free_weight, and keep the
        # excess scaled by free_weight so that it stays an integer.
        below = [i for i in free if free_total * weights[i] < lows[i] * free_weight]
        over = [i for i in free if free_total * weights[i] > highs[i] * free_weight]
        if not below and not over:
            break
        excess = sum(lows[i] * free_weight - free_total * weights[i] for i in below) - sum(
            free_total * weights[i] - highs[i] * free_weight for i in over
        )
        fixed: dict[int, int] = {}
        if excess >= 0:
            fixed.update((i, lows[i]) for i in below)
        if excess <= 0:
            fixed.update((i, highs[i]) for i in over)
        for i, n in fixed.items():
            seats[i] = n
            free_total -= n
        free = [i for i in free if i not in fixed]
    return free, free_total


# --- divisor methods ----------------------------------------------------------------------------


def _divisor_method(problem: _Problem, method: Method) -> tuple[list[int], _Tie]:
    """Highest averages within the bounds, started from a good divisor instead of from zero.

    The unit that takes a key from k to k + 1 seats has the average ``w / d(k)`` with d(k) =
    k + 1 (D'Hondt) or k + 1/2 (Sainte-Laguë). Units between a key's minimum and maximum
    compete; the ``total - sum(minimums)`` highest averages win.

    Averages are compared as integers: ``priority = w * c * scale // e(k)`` where ``c * w / e(k)``
    is the average (c = 1, e = k + 1 for D'Hondt; c = 2, e = 2k + 1 for Sainte-Laguë) and
    ``scale`` exceeds ``e * e'`` for any two denominators that occur. Two different averages
    differ by at least 1 / (e * e'), i.e. by more than 1 after scaling, so priorities are equal
    exactly when the averages are equal and are ordered like them.

    Handing out units one at a time costs one heap step per unit, too slow for large totals.
    Instead we round ``w / divisor`` with a guessed divisor ``weight_sum / target``: that wins
    exactly the units whose average is at least the divisor, i.e. the best ones. After a few
    corrections of the guess the last units are moved one at a time through a heap.
    """
    total, weights, lows, highs = problem.total, problem.weights, problem.lows, problem.highs
    weight_sum = problem.weight_sum
    sainte_lague = method is Method.SAINTE_LAGUE
    step = 2 if sainte_lague else 1  # e(k) = step * k + 1
    factor = step * (2 * total + 2) ** 2  # c * scale; every e(k) here is below 2 * total + 2

    def guess(target: int) -> list[int]:
        if sainte_lague:  # round half up: an average equal to the divisor wins
            raw = [(2 * w * target + weight_sum) // (2 * weight_sum) for w in weights]
        else:
            raw = [w * target // weight_sum for w in weights]
        if not problem.bounded:
            return raw
        return [
            lo if r < lo else hi if r > hi else r
            for r, lo, hi in zip(raw, lows, highs, strict=True)
        ]

    # Secant steps on target -> sum(seats), a nondecreasing step function close to a line.
    target, seats = total, guess(total)
    missing = total - sum(seats)
    previous: tuple[int, int] | None = None
    for _ in range(_MAX_GUESSES):
        if abs(missing) <= _CLOSE_ENOUGH:
            break
        step_size = missing
        if previous is not None and previous[1] != missing:
            step_size = missing * (target - previous[0]) // (previous[1] - missing)
        previous = (target, missing)
        target = max(target + (step_size or (1 if missing > 0 else -1)), 0)
        seats = guess(target)
        missing = total - sum(seats)

    def gain(i: int) -> int:  # priority of key i's next unit
        return weights[i] * factor // (step * seats[i] + 1)

    def loss(i: int) -> int:  # priority of key i's last unit
        return weights[i] * factor // (step * seats[i] - step + 1)

    # `lowest_won` and `best_left` delimit the cut: a tie if they are equal. The heaps are built
    # with the formulas of gain() and loss() written out, which is twice as fast for 10,000 keys.
    everyone = range(len(seats))
    lowest_won: int | None = None
    best_left: int | None = None
    if missing > 0:
        heap = [
            (-(weights[i] * factor // (step * seats[i] + 1)), i)
            for i in everyone
            if seats[i] < highs[i]
        ]
        heapq.heapify(heap)
        for _ in range(missing):
            priority, i = heapq.heappop(heap)
            lowest_won = -priority  # units are won in falling order, the last is the lowest
            seats[i] += 1
            if seats[i] < highs[i]:
                heapq.heappush(heap, (-gain(i), i))
        best_left = -heap[0][0] if heap else None
    elif missing < 0:
        heap = [
            (weights[i] * factor // (step * seats[i] - step + 1), i)
            for i in everyone
            if seats[i] > lows[i]
        ]
        heapq.heapify(heap)
        for _ in range(-missing):
            best_left, i = heapq.heappop(heap)  # given back in rising order
            seats[i] -= 1
            if seats[i] > lows[i]:
                heapq.heappush(heap, (loss(i), i))
        lowest_won = heap[0][0] if heap else None
    else:
        lowest_won = min((loss(i) for i in everyone if seats[i] > lows[i]), default=None)
        best_left = max((gain(i) for i in everyone if seats[i] < highs[i]), default=None)
    if lowest_won is None or lowest_won != best_left:
        return seats, _NO_TIE

    # A key's averages strictly fall, so no key both won and missed a unit at the cut.
    won_at_cut = [i for i in everyone if seats[i] > lows[i] and loss(i) == lowest_won]
    missed = [i for i in everyone if seats[i] < highs[i] and gain(i) == lowest_won]
    for i in won_at_cut:
        seats[i] -= 1
    return seats, _settle_tie(seats, won_at_cut + missed, len(won_at_cut), problem.keys)
