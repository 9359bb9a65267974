"""Placement services: a batch is proposed, adjusted and confirmed; confirming writes arrivals
and occupies units in one transaction, and nothing before it."""

from teilhabe.allocation.models import Arrival, HousingUnit
from teilhabe.placement import proposals, services
from teilhabe.placement.models import BatchStatus
from teilhabe.placement.tests.conftest import households


def test_a_batch_is_proposed_and_confirmed(rotenburg, personas, units, batch):
    households(batch, 4, 1, 6)
    proposal = proposals.propose_batch(batch)
    assert isinstance(proposal, proposals.Proposal), proposal
    placed = {line.household.size: line.unit.label for line in proposal.lines if line.unit}
    assert placed[6] == "GU Sottrum"
    assert Arrival.objects.count() == 0
    services.confirm_batch(batch.pk, proposal.digest, personas["alice"])
    batch.refresh_from_db()
    assert batch.status == BatchStatus.CONFIRMED
    assert Arrival.objects.count() == 3
    assert HousingUnit.objects.get(label="GU Sottrum").occupied == 10
