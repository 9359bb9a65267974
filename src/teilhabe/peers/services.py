"""Writes of peer start-up help: proposing, confirming and following tandems."""

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from teilhabe.inventory.models import Activity, Category
from teilhabe.peers.models import NoteKind, ScoringWeights, Tandem, TandemNote, TandemStatus
from teilhabe.regions.models import District, Municipality

NEXT: dict[str, set[str]] = {  # which status may follow which
    TandemStatus.PROPOSED: {TandemStatus.CANCELLED},
    TandemStatus.AGREED: {TandemStatus.ACTIVE, TandemStatus.CANCELLED},
    TandemStatus.ACTIVE: {TandemStatus.FINISHED, TandemStatus.CANCELLED},
    TandemStatus.FINISHED: set(),
    TandemStatus.CANCELLED: set(),
}


class TandemRefused(ValueError):
    """Why a tandem or a step of it was refused; `code` names the rule."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@transaction.atomic
def propose(
    receiver: Municipality,
    category: Category,
    giver: Municipality,
    activity: Activity | None,
    user: Any = None,
) -> Tandem:
    if giver.pk == receiver.pk:
        raise TandemRefused("same_municipality")
    if giver.district_id != receiver.district_id or category.district_id != receiver.district_id:
        raise TandemRefused("other_district")
    if activity is not None and (
        activity.municipality_id != giver.pk
        or activity.category_id != category.pk
        or activity.status != "active"
    ):
        raise TandemRefused("activity_not_offered")
    open_ = (TandemStatus.PROPOSED, TandemStatus.AGREED, TandemStatus.ACTIVE)
    if Tandem.objects.filter(
        giver=giver, receiver=receiver, category=category, status__in=open_
    ).exists():
        raise TandemRefused("exists")
    return Tandem.objects.create(
        district_id=receiver.district_id,
        giver=giver,
        receiver=receiver,
        category=category,
        giver_activity=activity,
        created_by=user,
    )


@transaction.atomic
def confirm(tandem: Tandem, side: str) -> Tandem:
    """One side agrees; with both sides the tandem is agreed."""
    tandem = Tandem.objects.select_for_update().get(pk=tandem.pk)
    if tandem.status != TandemStatus.PROPOSED:
        raise TandemRefused("not_proposed")
    field = {"giver": "giver_confirmed_at", "receiver": "receiver_confirmed_at"}.get(side)
    if field is None:
        raise TandemRefused("unknown_side")
    if getattr(tandem, field) is None:
        setattr(tandem, field, timezone.now())
    if tandem.giver_confirmed_at and tandem.receiver_confirmed_at:
        tandem.status = TandemStatus.AGREED
    tandem.save(update_fields=[field, "status"])
    return tandem


@transaction.atomic
def set_status(tandem: Tandem, status: str) -> Tandem:
    tandem = Tandem.objects.select_for_update().get(pk=tandem.pk)
    if status not in NEXT.get(tandem.status, set()):
        raise TandemRefused("transition")
    tandem.status = status
    tandem.save(update_fields=["status"])
    return tandem


def add_note(tandem: Tandem, date: datetime.date, kind: str, text: str, user: Any) -> TandemNote:
    if kind not in NoteKind.values or not text.strip():
        raise TandemRefused("note")
    return TandemNote.objects.create(
        tandem=tandem, date=date, kind=kind, text=text.strip(), author=user
    )


@transaction.atomic
def record_outcome(tandem: Tandem, activity: Activity | None, text: str) -> Tandem:
    """What came of it: an activity that started in the receiving municipality, and a note."""
    if activity is not None and activity.municipality_id != tandem.receiver_id:
        raise TandemRefused("outcome_elsewhere")
    tandem.outcome_activity = activity
    tandem.outcome = text
    tandem.save(update_fields=["outcome_activity", "outcome"])
    return tandem


@transaction.atomic
def save_weights(district: District, values: dict[str, Any]) -> ScoringWeights:
    """The district's weights of the reasons for suggesting a helper (one row per district)."""
    row, _created = ScoringWeights.objects.update_or_create(district=district, defaults=values)
    return row
