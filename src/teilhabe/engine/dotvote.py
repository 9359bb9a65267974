"""Dot voting (Punktabfrage): the rules of one ballot and the ranking of proposals.

Each voter (a participant, or a municipality when the points are per municipality) has a
budget of points to spread over the proposals, several on one proposal if they like. A ballot
is checked as a whole: a ballot that breaks a rule is refused, never trimmed."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass


class BallotError(ValueError):
    """Why a ballot was refused; `code` names the rule for messages in the user's language."""

    def __init__(self, code: str, **details: object) -> None:
        super().__init__(code)
        self.code = code
        self.details = details


def check_ballot(
    points: Mapping[int, object],  # as submitted: anything not a whole count is refused
    allowed: Iterable[int],
    budget: int,
    per_proposal: int | None = None,
) -> dict[int, int]:
    """The ballot without zero entries, or BallotError: points must be whole, not negative,
    on proposals open for the vote, within the budget and, if set, within the per-proposal cap."""
    allowed = set(allowed)
    clean: dict[int, int] = {}
    for proposal, value in points.items():
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise BallotError("not_a_count", proposal=proposal)
        if proposal not in allowed:
            raise BallotError("unknown_proposal", proposal=proposal)
        if per_proposal is not None and value > per_proposal:
            raise BallotError("too_many_on_one", proposal=proposal, limit=per_proposal)
        if value:
            clean[proposal] = value
    total = sum(clean.values())
    if total > budget:
        raise BallotError("over_budget", total=total, budget=budget)
    return clean


@dataclass(frozen=True)
class Ranked:
    proposal: int
    points: int
    voters: int  # how many ballots gave it at least one point
    place: int  # equal points and voters share a place


def rank(proposals: Iterable[int], ballots: Iterable[Mapping[int, int]]) -> list[Ranked]:
    """Proposals by points, then by the number of voters who backed them; ties share a place
    and keep the order in which the proposals were given (usually: submitted first)."""
    order = list(proposals)
    points = dict.fromkeys(order, 0)
    voters = dict.fromkeys(order, 0)
    for ballot in ballots:
        for proposal, value in ballot.items():
            if proposal in points and value > 0:
                points[proposal] += value
                voters[proposal] += 1
    ordered = sorted(order, key=lambda p: (-points[p], -voters[p]))
    result: list[Ranked] = []
    for i, p in enumerate(ordered):
        same = result and (result[-1].points, result[-1].voters) == (points[p], voters[p])
        place = result[-1].place if same else i + 1
        result.append(Ranked(p, points[p], voters[p], place))
    return result
