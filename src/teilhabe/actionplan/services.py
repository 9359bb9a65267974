"""Writes of the action plan: proposals, the dot vote, priorities, measures and progress."""

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone

from teilhabe.actionplan.models import (
    Ballot,
    Measure,
    MeasureStatus,
    Priority,
    ProgressNote,
    Proposal,
)
from teilhabe.core.errors import require_version
from teilhabe.engine import dotvote
from teilhabe.events.models import Event, EventKind, VotePer
from teilhabe.regions.models import Municipality


class VoteNotOpen(Exception):
    """The vote has not been opened yet or is already closed."""


class ProposalsClosed(Exception):
    """No more proposals: the coordinator closed the collection or the vote has begun."""


@transaction.atomic
def submit_proposal(event: Event, values: Mapping[str, Any]) -> Proposal:
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.kind != EventKind.WORKSHOP or not event.proposals_open or event.vote_opened_at:
        raise ProposalsClosed
    proposal = Proposal(event=event, **values)
    proposal.full_clean()
    proposal.save()
    return proposal


@transaction.atomic
def open_vote(event: Event) -> None:
    """Opening the vote ends the collection of proposals."""
    if event.vote_closed_at or not event.proposals.exists():
        raise VoteNotOpen
    event.vote_opened_at = event.vote_opened_at or timezone.now()
    event.proposals_open = False
    event.save(update_fields=["vote_opened_at", "proposals_open"])


@transaction.atomic
def close_vote(event: Event) -> None:
    if not event.voting_open:
        raise VoteNotOpen
    event.vote_closed_at = timezone.now()
    event.save(update_fields=["vote_closed_at"])


def voter_key(
    event: Event,
    *,
    invitation_id: int | None = None,
    user_id: int | None = None,
    municipality: Municipality | None = None,
) -> str:
    """Who a ballot belongs to. With points per municipality all its people share one ballot."""
    if event.vote_per == VotePer.MUNICIPALITY:
        if municipality is None:
            raise dotvote.BallotError("no_municipality")
        return f"municipality:{municipality.pk}"
    if invitation_id is not None:
        return f"invitation:{invitation_id}"
    if user_id is not None:
        return f"user:{user_id}"
    raise dotvote.BallotError("no_voter")


@transaction.atomic
def cast_ballot(
    event: Event, voter: str, points: Mapping[int, int], municipality: Municipality | None = None
) -> Ballot:
    """Store the voter's one ballot (replacing an earlier one while the vote is open).
    Raises VoteNotOpen or dotvote.BallotError; nothing is written then."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    if not event.voting_open:
        raise VoteNotOpen
    allowed = event.proposals.values_list("pk", flat=True)
    clean = dotvote.check_ballot(points, allowed, event.vote_points, event.vote_max_per_proposal)
    ballot, _created = Ballot.objects.update_or_create(
        event=event,
        voter=voter,
        defaults={"points": {str(k): v for k, v in clean.items()}, "municipality": municipality},
    )
    return ballot


def ballot_of(event: Event, voter: str) -> dict[int, int]:
    ballot = Ballot.objects.filter(event=event, voter=voter).first()
    return ballot.as_counts() if ballot else {}


def ranking(event: Event) -> list[tuple[Proposal, dotvote.Ranked]]:
    proposals = {
        p.pk: p for p in event.proposals.select_related("category", "municipality", "priority")
    }
    ballots = [b.as_counts() for b in event.ballots.all()]
    return [(proposals[r.proposal], r) for r in dotvote.rank(proposals, ballots)]


@transaction.atomic
def adopt(proposal: Proposal, order: int | None = None) -> Priority:
    """Make a proposal a priority of the district's action plan (once)."""
    existing = Priority.objects.filter(proposal=proposal).first()
    if existing:
        return existing
    district = proposal.event.district
    if order is None:
        order = Priority.objects.filter(district=district).count() + 1
    return Priority.objects.create(
        district=district,
        title=proposal.title,
        description=proposal.description,
        category=proposal.category,
        proposal=proposal,
        order=order,
    )


@transaction.atomic
def save_priority(priority: Priority, values: Mapping[str, Any]) -> Priority:
    for name, value in values.items():
        setattr(priority, name, value)
    priority.full_clean()
    priority.save()
    return priority


@transaction.atomic
def save_measure(
    measure: Measure, values: Mapping[str, Any], expected_version: int | None = None
) -> Measure:
    """Create or change a measure; `municipalities` and `activities` are lists of objects."""
    if measure.pk:
        current = Measure.objects.select_for_update().get(pk=measure.pk)
        require_version(current, expected_version)
        measure.version = current.version + 1
    relations = {k: values[k] for k in ("municipalities", "activities") if k in values}
    for name, value in values.items():
        if name not in relations:
            setattr(measure, name, value)
    measure.full_clean()
    measure.save()
    for name, objects in relations.items():
        getattr(measure, name).set(objects)
    return measure


@transaction.atomic
def record_progress(
    measure: Measure,
    progress: int,
    text: str,
    user: Any,
    date: datetime.date | None = None,
    expected_version: int | None = None,
) -> ProgressNote:
    """A dated progress note; the measure takes its percentage (100 % marks it done)."""
    if isinstance(progress, bool) or not isinstance(progress, int) or not 0 <= progress <= 100:
        raise ValueError("progress must be between 0 and 100")
    current = Measure.objects.select_for_update().get(pk=measure.pk)
    require_version(current, expected_version)
    note = ProgressNote(
        measure=current,
        progress=progress,
        text=text,
        author=user,
        date=date or timezone.localdate(),
    )
    note.full_clean()
    note.save()
    current.progress = progress
    if progress == 100:
        current.status = MeasureStatus.DONE
    elif progress > 0 and current.status in (MeasureStatus.PLANNED, MeasureStatus.DONE):
        current.status = MeasureStatus.IN_PROGRESS
    current.version += 1
    current.save(update_fields=["progress", "status", "version"])
    measure.refresh_from_db()
    return note


def plan(district_id: int) -> list[tuple[Priority, list[Measure]]]:
    """Priorities with their measures, for the action plan page and its export."""
    priorities = list(Priority.objects.filter(district_id=district_id).select_related("category"))
    measures = (
        Measure.objects.filter(priority__district_id=district_id)
        .prefetch_related("municipalities", "activities")
        .order_by("due", "pk")
    )
    by_priority: dict[int, list[Measure]] = {}
    for m in measures:
        by_priority.setdefault(m.priority_id, []).append(m)
    return [(p, by_priority.get(p.pk, [])) for p in priorities]


def overdue(measures: Iterable[Measure], today: datetime.date | None = None) -> list[Measure]:
    return [m for m in measures if m.is_overdue(today)]
