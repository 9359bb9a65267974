"""Writes of placement, each in one transaction: announced batches and their households while
they are drafts, the lines the coordinator fixes by hand, and confirming a batch.

A batch belongs to the open allocation period of its arrival date. A confirmed batch never
changes again: every write here refuses one. Confirming writes only the proposal the coordinator
read (`proposals.Proposal.digest`): if anything it depends on changed in between, nothing is
written (`StaleProposal`)."""

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from teilhabe.allocation import services as allocation
from teilhabe.allocation.models import AllocationPeriod, HousingUnit
from teilhabe.placement import proposals
from teilhabe.placement.inputs import digest
from teilhabe.placement.models import MAX_HOUSEHOLDS, AnnouncedHousehold, Batch, BatchStatus
from teilhabe.regions.models import District

__all__ = [
    "StaleProposal",
    "add_household",
    "choose_unit",
    "confirm_batch",
    "create_batch",
    "delete_batch",
    "remove_household",
    "update_batch",
    "update_household",
]


class StaleProposal(Exception):
    """The data changed after the proposal was read; nothing was written."""


def _draft(batch_id: int, open_period: bool = True) -> Batch:
    """The batch, locked, or a refusal once it is confirmed (or, with `open_period`, once its
    allocation period is closed: nothing can be placed there any more)."""
    batch = Batch.objects.select_for_update().select_related("period").get(pk=batch_id)
    if batch.is_confirmed:
        raise ValidationError(
            _("The batch “%(name)s” is confirmed and cannot be changed.") % {"name": batch.name}
        )
    if open_period and batch.period.is_closed:
        raise ValidationError(
            _(
                "The allocation period “%(period)s” is closed: nothing more can be placed in it. "
                "Give the batch an arrival date in an open period."
            )
            % {"period": batch.period.name}
        )
    return batch


def _touch(batch: Batch) -> None:
    batch.version += 1
    batch.save(update_fields=["version"])


@transaction.atomic
def create_batch(district: District, values: dict[str, Any]) -> Batch:
    period = allocation.period_of(district.pk, values["arrival_date"])
    batch = Batch(district=district, period=period, **values)
    batch.full_clean()
    batch.save()
    return batch


@transaction.atomic
def update_batch(batch_id: int, values: dict[str, Any]) -> Batch:
    batch = _draft(batch_id, open_period=False)  # a new date may lead into an open period
    batch.period = allocation.period_of(batch.district_id, values["arrival_date"])
    for name, value in values.items():
        setattr(batch, name, value)
    batch.version += 1
    batch.full_clean()
    batch.save()
    return batch


@transaction.atomic
def delete_batch(batch_id: int) -> None:
    _draft(batch_id, open_period=False).delete()


@transaction.atomic
def add_household(batch_id: int, values: dict[str, Any]) -> AnnouncedHousehold:
    batch = _draft(batch_id)
    count = batch.households.count()
    if count >= MAX_HOUSEHOLDS:
        raise ValidationError(_("A batch holds at most %(n)d households.") % {"n": MAX_HOUSEHOLDS})
    last = batch.households.aggregate(last=Max("position"))["last"] or 0
    household = AnnouncedHousehold(batch=batch, position=last + 1, **values)
    household.full_clean()
    household.save()
    _touch(batch)
    return household


def add_households(batch_id: int, rows: list[dict[str, Any]]) -> int:
    """Several households at once (an import): all or none."""
    with transaction.atomic():
        for values in rows:
            add_household(batch_id, values)
    return len(rows)


@transaction.atomic
def update_household(household_id: int, values: dict[str, Any]) -> AnnouncedHousehold:
    household = AnnouncedHousehold.objects.get(pk=household_id)
    batch = _draft(household.batch_id)
    for name, value in values.items():
        setattr(household, name, value)
    household.full_clean()
    household.save()
    _touch(batch)
    return household


@transaction.atomic
def remove_household(household_id: int) -> None:
    """Remove a line; the lines after it move up, so the numbers stay 1, 2, 3 …"""
    household = AnnouncedHousehold.objects.get(pk=household_id)
    batch = _draft(household.batch_id)
    household.delete()
    for position, row in enumerate(batch.households.order_by("position"), start=1):
        if row.position != position:
            row.position = position
            row.save(update_fields=["position"])
    _touch(batch)


@transaction.atomic
def choose_unit(household_id: int, unit: HousingUnit | None) -> AnnouncedHousehold:
    """Fix a line by hand (the engine places the others around it), or give it back to the
    engine (`unit` None). Refused with the rule it breaks (German), nothing written."""
    household = AnnouncedHousehold.objects.get(pk=household_id)
    batch = _draft(household.batch_id)
    if unit is not None:
        inputs, _dropped = proposals.prepare(batch)
        key = str(household.pk)
        pins = {k: u for k, u in inputs.pins.items() if k != key}
        problem = proposals.check_choice(inputs, key, str(unit.pk), pins)
        if problem:
            raise ValidationError(problem)
    household.chosen_unit = unit
    household.save(update_fields=["chosen_unit"])
    _touch(batch)
    return household


def confirm_batch(batch_id: int, shown: str, user: Any) -> Batch:
    """Write the proposal the coordinator read (`shown`: its digest): every placed household
    becomes an arrival counted toward the quota and occupies its unit; the batch is frozen.
    The search runs before the transaction, so no lock is held while it runs."""
    batch = Batch.objects.select_related("period", "district").get(pk=batch_id)
    if batch.is_confirmed:
        raise ValidationError(
            _("The batch “%(name)s” is already confirmed.") % {"name": batch.name}
        )
    proposal = proposals.propose_batch(batch)
    if isinstance(proposal, proposals.Refusal):
        raise ValidationError(proposal.message)
    if proposal.digest != shown:
        raise StaleProposal
    return _write(batch.pk, proposal, user)


@transaction.atomic
def _write(batch_id: int, proposal: proposals.Proposal, user: Any) -> Batch:
    batch = _draft(batch_id)
    AllocationPeriod.objects.select_for_update().get(pk=batch.period_id)
    list(HousingUnit.objects.select_for_update().filter(municipality__district=batch.district_id))
    inputs, _dropped = proposals.prepare(batch)
    if digest(inputs, proposal.assignment) != proposal.digest:
        raise StaleProposal
    with translation.override(settings.LANGUAGE_CODE):
        note = (_("Announced batch “%(name)s”") % {"name": batch.name})[:200]
    for line in proposal.lines:
        household = line.household
        household.reason = line.reason
        if line.unit is not None:
            allocation.occupy(line.unit.pk, household.size)
            household.unit = line.unit
            household.municipality = line.unit.municipality
            household.arrival = allocation.record_arrival(
                line.unit.municipality,
                {
                    "date": batch.arrival_date,
                    "persons": household.size,
                    "households": 1,
                    "kind": batch.kind,
                    "counts_toward_quota": True,
                    "note": note,
                },
            )
        household.save(update_fields=["reason", "unit", "municipality", "arrival"])
    batch.status = BatchStatus.CONFIRMED
    batch.confirmed_at = timezone.now()
    batch.confirmed_by = user
    batch._history_user = user  # type: ignore[attr-defined]  # the version's user, from a task too
    batch.outcome = proposal.outcome()
    batch.version += 1
    batch.save()
    return batch
