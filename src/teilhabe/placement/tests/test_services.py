"""Placement services: a batch is proposed, adjusted and confirmed; confirming writes arrivals
and occupies units in one transaction, and nothing before it. Bad input (issue 19) gets a
German message and writes nothing. The register's fixture (conftest): Zeven a barrier-free flat
of 5 and a flat of 2, Sottrum shared accommodation with 6 of 10 places free, Bothel a flat of 2:
15 free places in all."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from teilhabe.allocation import services as allocation
from teilhabe.allocation.models import AllocationPeriod, Arrival, HousingUnit
from teilhabe.placement import presentation, proposals, services
from teilhabe.placement.models import BatchStatus
from teilhabe.placement.tests.conftest import households
from teilhabe.regions.models import Municipality
from teilhabe.testing import SOTTRUM_ARS


@pytest.fixture(autouse=True)
def _german():
    with translation.override("de"):
        yield


def _proposal(batch) -> proposals.Proposal:
    found = proposals.propose_batch(batch)
    assert isinstance(found, proposals.Proposal), found
    return found


def _state() -> list[tuple]:
    """What confirming would change: arrivals and occupied places."""
    return [
        *Arrival.objects.order_by("pk").values_list("pk", "persons"),
        *HousingUnit.objects.order_by("pk").values_list("pk", "occupied", "version"),
    ]


def test_a_batch_is_proposed_and_confirmed(rotenburg, personas, units, batch):
    households(batch, 4, 1, 6)
    proposal = _proposal(batch)
    placed = {line.household.size: line.unit.label for line in proposal.lines if line.unit}
    # By hand: 6 fits only Sottrum's shared places; 4 then only the flat of 5; 1 the smallest.
    assert placed[6] == "GU Sottrum"
    assert placed[4] == "Am Markt 3"
    assert Arrival.objects.count() == 0
    services.confirm_batch(batch.pk, proposal.digest, personas["alice"])
    batch.refresh_from_db()
    assert batch.status == BatchStatus.CONFIRMED
    assert Arrival.objects.count() == 3
    assert sum(Arrival.objects.values_list("persons", flat=True)) == 11
    assert HousingUnit.objects.get(label="GU Sottrum").occupied == 10
    assert HousingUnit.objects.get(label="Am Markt 3").occupied == 4
    assert batch.outcome["proposal"]["persons"] == 11


def test_confirming_without_a_request_records_the_acting_user_in_the_history(
    personas, units, batch
):
    """A task or command confirms with the user passed in; no request names anyone else."""
    households(batch, 4)
    services.confirm_batch(batch.pk, _proposal(batch).digest, personas["alice"])
    latest = batch.history.order_by("-history_date", "-history_id").first()
    assert (latest.status, latest.history_user) == (BatchStatus.CONFIRMED, personas["alice"])


def test_every_line_has_a_reason_in_words(units, batch):
    households(batch, 6)
    (line,) = presentation.lines(_proposal(batch))
    assert line.sentence.startswith("Samtgemeinde Sottrum liegt")
    assert "hinter ihrem Soll" in line.sentence
    assert "die Gemeinschaftsunterkunft „GU Sottrum“ hat 6 freie Plätze (danach 0 frei)" in (
        line.sentence
    )


def test_an_overload_notice_shows_in_the_reason(units, batch):
    sottrum = Municipality.objects.get(ars=SOTTRUM_ARS)
    allocation.file_notice(
        sottrum,
        {"shortage": "social_work", "since": datetime.date(2026, 11, 1), "amount": 1.5},
        None,
    )
    households(batch, 6)
    (line,) = presentation.lines(_proposal(batch))
    assert "Überlastungsanzeige von Samtgemeinde Sottrum" in line.sentence
    assert "seit 01.11.2026 fehlen 1,5 Vollzeitstellen" in line.sentence


def test_a_household_larger_than_every_unit_is_named_and_left_out(units, batch):
    households(batch, 7, 2)
    proposal = _proposal(batch)
    assert any(
        "Haushalt 1 hat 7 Personen, mehr als jede Unterkunft" in w for w in proposal.warnings
    )
    family = next(line for line in presentation.lines(proposal) if line.household.size == 7)
    assert not family.placed
    assert "Es fehlt: eine Unterkunft mit mindestens 7 Plätzen" in family.sentence
    assert proposal.figures["persons"] == 2


def test_a_batch_larger_than_all_free_places_is_placed_as_far_as_it_goes(units, batch):
    households(batch, 6, 6, 5)  # 17 persons, 15 free places
    proposal = _proposal(batch)
    assert any("Mindestens 2 Personen bleiben ohne Platz" in w for w in proposal.warnings)
    assert proposal.figures["persons"] == 11  # 6 into Sottrum, 5 into the flat of 5
    (left,) = proposal.unplaced
    assert left.household.size == 6
    assert "belegen andere Haushalte dieser Ankündigung" in presentation.lines(proposal)[1].sentence


def test_a_batch_for_a_closed_period_is_refused(rotenburg, units):
    past = allocation.create_period(
        rotenburg,
        {
            "name": "2026/I",
            "start": datetime.date(2026, 4, 1),
            "end": datetime.date(2026, 9, 30),
            "quota": 300,
            "population_date": datetime.date(2022, 5, 15),
            "method": "hare-niemeyer",
            "staff_ratio_limit": 80,
        },
    )
    late = services.create_batch(
        rotenburg, {"name": "KW 39", "arrival_date": datetime.date(2026, 9, 28), "kind": "asylum"}
    )
    households(late, 2)
    allocation.close_period(past)
    late.period.refresh_from_db()
    refusal = proposals.propose_batch(late)
    assert isinstance(refusal, proposals.Refusal)
    assert "„2026/I“ ist abgeschlossen" in refusal.message
    with pytest.raises(ValidationError, match="abgeschlossen"):
        services.create_batch(
            rotenburg,
            {"name": "Spät", "arrival_date": datetime.date(2026, 9, 29), "kind": "asylum"},
        )
    with pytest.raises(ValidationError, match="ist abgeschlossen"):
        services.add_household(late.pk, {"size": 1})


def test_a_batch_outside_every_period_is_refused(rotenburg, period):
    with pytest.raises(ValidationError, match="liegt in keinem Verteilzeitraum"):
        services.create_batch(
            rotenburg,
            {"name": "Zu früh", "arrival_date": datetime.date(2025, 1, 5), "kind": "asylum"},
        )


def test_nothing_is_written_before_confirmation_and_a_stale_proposal_writes_nothing(
    personas, units, batch
):
    households(batch, 4, 2)
    before = _state()
    proposal = _proposal(batch)
    services.choose_unit(batch.households.get(position=2).pk, units["bothel"])
    assert _state() == before  # reading and adjusting write no arrival and occupy nothing
    with pytest.raises(services.StaleProposal):
        services.confirm_batch(batch.pk, proposal.digest, personas["alice"])
    assert _state() == before
    batch.refresh_from_db()
    assert batch.status == BatchStatus.DRAFT


def test_a_line_chosen_by_hand_is_kept_and_the_rest_placed_around_it(personas, units, batch):
    households(batch, 2, 2)
    first = batch.households.get(position=1)
    services.choose_unit(first.pk, units["gu"])
    proposal = _proposal(batch)
    assert proposal.lines[0].unit == units["gu"] and proposal.lines[0].by_hand
    assert proposal.optimum is not None  # the page says what the choice costs
    services.confirm_batch(batch.pk, proposal.digest, personas["alice"])
    assert HousingUnit.objects.get(pk=units["gu"].pk).occupied == 6


def test_a_choice_against_the_hard_rules_is_refused(units, batch):
    (needs,) = households(batch, 2, barrier_free=True)
    with pytest.raises(ValidationError, match="braucht barrierefreien Wohnraum"):
        services.choose_unit(needs.pk, units["linden"])
    (big,) = households(batch, 3)
    with pytest.raises(ValidationError, match="hat 3 Personen, aber „Dorfstraße 7“ hat nur 2"):
        services.choose_unit(big.pk, units["bothel"])
    assert not batch.households.exclude(chosen_unit=None).exists()


def test_a_confirmed_batch_is_frozen(personas, units, batch):
    (one,) = households(batch, 2)
    services.confirm_batch(batch.pk, _proposal(batch).digest, personas["alice"])
    for change in (
        lambda: services.add_household(batch.pk, {"size": 1}),
        lambda: services.update_household(one.pk, {"size": 3}),
        lambda: services.remove_household(one.pk),
        lambda: services.choose_unit(one.pk, None),
        lambda: services.delete_batch(batch.pk),
        lambda: services.confirm_batch(batch.pk, "", personas["alice"]),
    ):
        with pytest.raises(ValidationError, match="bestätigt"):
            change()
    assert Arrival.objects.count() == 1


def test_households_are_counts_within_bounds(batch):
    with pytest.raises(ValidationError):
        services.add_household(batch.pk, {"size": 0})
    with pytest.raises(ValidationError, match="erwachsene Person"):
        services.add_household(batch.pk, {"size": 2, "children": 2})
    assert not batch.households.exists()


def test_the_period_view_counts_confirmed_placements(personas, units, batch):
    from teilhabe.allocation.queries import period_view

    households(batch, 6)
    period = AllocationPeriod.objects.get(pk=batch.period_id)
    arrived = {r.municipality.ars: r.status.arrived for r in period_view(period).rows}
    services.confirm_batch(batch.pk, _proposal(batch).digest, personas["alice"])
    after = {r.municipality.ars: r.status.arrived for r in period_view(period).rows}
    assert after[SOTTRUM_ARS] == arrived[SOTTRUM_ARS] + 6


def test_the_committee_report_shows_confirmed_batches_and_notices(
    rotenburg, personas, units, batch
):
    from django.utils import timezone

    from teilhabe.reports import snapshot

    sottrum = Municipality.objects.get(ars=SOTTRUM_ARS)
    allocation.file_notice(
        sottrum, {"shortage": "housing", "since": datetime.date(2026, 11, 1), "amount": 12}, None
    )
    households(batch, 6, 2)
    services.confirm_batch(batch.pk, _proposal(batch).digest, personas["alice"])
    today = timezone.localdate()
    built = snapshot.build(
        rotenburg, today - datetime.timedelta(days=30), today, "Ausschuss", today
    )
    quotas = built["allocation"]
    assert quotas is not None
    (placed,) = quotas["batches"]
    assert (placed["name"], placed["persons_placed"], placed["households"]) == (
        "Zuweisung KW 51",
        8,
        2,
    )
    (notice,) = quotas["notices"]
    assert (notice["municipality"], notice["shortage"], notice["status"]) == (
        "Samtgemeinde Sottrum",
        "housing",
        "open",
    )
