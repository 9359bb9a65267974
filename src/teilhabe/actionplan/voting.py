"""The ballot form, shared by the personal link and the logged-in vote."""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from teilhabe.actionplan.models import Proposal
from teilhabe.core import parsing
from teilhabe.engine.dotvote import BallotError, Ranked
from teilhabe.events.models import Event
from teilhabe.regions.models import Municipality


@dataclass(frozen=True)
class Row:
    proposal: Proposal
    value: str  # as entered, so nothing typed is lost on an error


def rows(event: Event, values: Mapping[int, object]) -> list[Row]:
    return [
        Row(p, str(values.get(p.pk, 0)))
        for p in event.proposals.select_related("category", "municipality")
    ]


def parse(event: Event, data: QueryDict) -> tuple[dict[int, int], dict[int, str]]:
    """Points by proposal id from the form, and what was typed where it is not a count."""
    points: dict[int, int] = {}
    typed: dict[int, str] = {}
    for proposal in event.proposals.values_list("pk", flat=True):
        raw = data.get(f"points-{proposal}", "").strip() or "0"
        typed[proposal] = raw
        try:
            points[proposal] = parsing.parse_int(raw, min_value=0)
        except parsing.InvalidInput:
            points[proposal] = -1  # refused below as not a count
    return points, typed


def chosen_municipality(
    municipalities: list[Municipality], wanted: str | None
) -> Municipality | None:
    """With points per municipality: whose ballot this is. The one asked for (its id, from
    the form or the link) among those the user may speak for, or the only one."""
    chosen = next((m for m in municipalities if str(m.pk) == wanted), None)
    if chosen is None and len(municipalities) == 1:
        return municipalities[0]
    return chosen


def points_left(event: Event, values: Mapping[int, object]) -> int:
    """The voter's points not given yet (negative when they typed more than they have); what
    is not a whole count counts as 0, as the page's script does."""
    given = 0
    for value in values.values():
        try:
            given += max(parsing.parse_int(str(value), min_value=0), 0)
        except parsing.InvalidInput:
            continue
    return event.vote_points - given


def result(event: Event, own: Mapping[int, int]) -> list[tuple[Proposal, Ranked, int]]:
    """After the vote: the ranking, with the voter's own points on each proposal."""
    from teilhabe.actionplan import services

    return [(p, r, own.get(p.pk, 0)) for p, r in services.ranking(event)]


def context(event: Event, values: Mapping[int, object], own: Mapping[int, int]) -> dict[str, Any]:
    """What the ballot (or, once the vote has closed, its result) needs on the page."""
    if event.vote_closed_at is not None:
        return {"result": result(event, own)}
    return {"rows": rows(event, values), "points_left": points_left(event, values)}


SAVED = gettext_noop("Your points have been saved. You can change them until the vote closes.")


def cast(
    event: Event, key: str, data: QueryDict, municipality: Municipality | None
) -> tuple[str, dict[int, object]]:
    """Cast the ballot from a submitted form. Returns ("", …) when saved, else the message
    for the user and what was typed, so that nothing typed is lost."""
    from teilhabe.actionplan import services

    points, typed = parse(event, data)
    try:
        services.cast_ballot(event, key, points, municipality)
    except services.VoteNotOpen:
        return _("The vote is not open. Nothing has been saved."), dict(typed)
    except BallotError as refused:
        return message(refused, event) + " " + _("Nothing has been saved."), dict(typed)
    return "", {}


def message(error: BallotError, event: Event) -> str:
    texts = {
        "not_a_count": _("Points must be whole numbers, 0 or more."),
        "unknown_proposal": _("One of the proposals is not part of this vote."),
        "too_many_on_one": _("At most %(limit)s points may go to one proposal.")
        % {"limit": event.vote_max_per_proposal},
        "over_budget": _("You gave %(total)s points, but only %(budget)s are available.")
        % {"total": error.details.get("total"), "budget": event.vote_points},
        "no_municipality": _("Points are given per municipality; choose the municipality."),
        "no_voter": _("Nobody to give the points to."),
    }
    return texts[error.code]
