"""The dot vote of a workshop, end to end through the services: proposals, ballots, ranking;
and the buttons that open and close it, which ask first."""

import datetime

import pytest
from django.urls import reverse

from teilhabe.actionplan import services
from teilhabe.actionplan.models import Ballot, Proposal
from teilhabe.engine.dotvote import BallotError
from teilhabe.events import services as events
from teilhabe.regions.models import Municipality
from teilhabe.testing import SOTTRUM_ARS, ZEVEN_ARS, post_asks_first

pytestmark = pytest.mark.django_db


def workshop(district, **values):
    return events.create_event(
        district, {"title": "Workshop", "date": datetime.date(2026, 5, 6), **values}
    )


@pytest.fixture
def event(rotenburg):
    return workshop(rotenburg, vote_points=5)


@pytest.fixture
def proposals(event):
    return [
        services.submit_proposal(event, {"title": title})
        for title in ("Sprachcafé in Zeven", "Lotsen für Behördengänge", "Fahrdienst")
    ]


def reload(event):
    event.refresh_from_db()
    return event


def test_proposals_are_collected_until_the_vote_opens(event, proposals):
    services.open_vote(event)
    with pytest.raises(services.ProposalsClosed):
        services.submit_proposal(event, {"title": "Zu spät"})
    assert not reload(event).proposals_open
    assert Proposal.objects.count() == 3


def test_opening_and_closing_the_vote_ask_first(client, personas, event, proposals):
    client.force_login(personas["alice"])

    def state():
        return reload(event).vote_opened_at, event.vote_closed_at

    asked, _done = post_asks_first(client, reverse("actionplan:vote-open", args=[event.pk]), state)
    assert "Punktabfrage öffnen?" in asked.content.decode()
    assert reload(event).voting_open
    asked, _done = post_asks_first(client, reverse("actionplan:vote-close", args=[event.pk]), state)
    assert "Punktabfrage schließen?" in asked.content.decode()
    assert reload(event).vote_closed_at is not None


def test_no_proposals_once_the_coordinator_closes_the_collection(event):
    events.update_event(event, {"proposals_open": False})
    with pytest.raises(services.ProposalsClosed):
        services.submit_proposal(event, {"title": "Zu spät"})
    assert not Proposal.objects.exists()


def test_only_a_workshop_collects_proposals(rotenburg):
    meeting = workshop(rotenburg, kind="network_meeting")
    with pytest.raises(services.ProposalsClosed):
        services.submit_proposal(meeting, {"title": "Vorschlag"})


def test_a_vote_needs_a_proposal(event):
    with pytest.raises(services.VoteNotOpen):
        services.open_vote(event)
    assert reload(event).vote_opened_at is None


def test_no_ballot_before_the_vote_opens(event, proposals):
    with pytest.raises(services.VoteNotOpen):
        services.cast_ballot(event, "user:1", {proposals[0].pk: 1})
    assert not Ballot.objects.exists()


def test_no_ballot_after_the_vote_closed_and_the_old_one_stays(event, proposals):
    services.open_vote(event)
    services.cast_ballot(event, "user:1", {proposals[0].pk: 2})
    services.close_vote(event)
    with pytest.raises(services.VoteNotOpen):
        services.cast_ballot(event, "user:1", {proposals[1].pk: 5})
    with pytest.raises(services.VoteNotOpen):
        services.cast_ballot(event, "user:2", {proposals[1].pk: 5})
    assert services.ballot_of(event, "user:1") == {proposals[0].pk: 2}
    assert Ballot.objects.count() == 1


def test_a_closed_vote_cannot_be_opened_again(event, proposals):
    services.open_vote(event)
    services.close_vote(event)
    with pytest.raises(services.VoteNotOpen):
        services.open_vote(event)
    assert not reload(event).voting_open


@pytest.mark.parametrize(
    ("points", "code"),
    [({0: 3, 1: 3}, "over_budget"), ({0: 6}, "over_budget"), ({0: -1}, "not_a_count")],
)
def test_a_ballot_that_breaks_a_rule_writes_nothing(points, code, event, proposals):
    services.open_vote(event)
    services.cast_ballot(event, "user:1", {proposals[2].pk: 1})
    for voter in ("user:1", "user:2"):
        with pytest.raises(BallotError) as refused:
            services.cast_ballot(event, voter, {proposals[i].pk: n for i, n in points.items()})
        assert refused.value.code == code
    assert list(Ballot.objects.values_list("voter", flat=True)) == ["user:1"]
    assert services.ballot_of(event, "user:1") == {proposals[2].pk: 1}


def test_the_cap_per_proposal_is_enforced(rotenburg):
    capped = workshop(rotenburg, vote_points=5, vote_max_per_proposal=2)
    first = services.submit_proposal(capped, {"title": "Vorschlag"})
    services.open_vote(capped)
    with pytest.raises(BallotError) as refused:
        services.cast_ballot(capped, "user:1", {first.pk: 3})
    assert refused.value.code == "too_many_on_one"
    assert not Ballot.objects.exists()


def test_points_on_a_proposal_of_another_workshop_are_refused(rotenburg, event, proposals):
    other = workshop(rotenburg)
    elsewhere = services.submit_proposal(other, {"title": "Anderswo"})
    services.open_vote(event)
    with pytest.raises(BallotError) as refused:
        services.cast_ballot(event, "user:1", {proposals[0].pk: 1, elsewhere.pk: 1})
    assert refused.value.code == "unknown_proposal"
    assert not Ballot.objects.exists()


def test_casting_again_replaces_the_ballot(event, proposals):
    services.open_vote(event)
    voter = services.voter_key(event, invitation_id=7)
    services.cast_ballot(event, voter, {proposals[0].pk: 5})
    services.cast_ballot(event, voter, {proposals[1].pk: 2, proposals[2].pk: 0})
    assert Ballot.objects.filter(event=event).count() == 1
    assert services.ballot_of(event, voter) == {proposals[1].pk: 2}


def test_voter_keys_per_participant(event):
    assert services.voter_key(event, invitation_id=7) == "invitation:7"
    assert services.voter_key(event, user_id=3) == "user:3"
    with pytest.raises(BallotError):
        services.voter_key(event)


def test_per_municipality_its_participants_share_one_ballot(rotenburg):
    event = workshop(rotenburg, vote_per="municipality", vote_points=3)
    first = services.submit_proposal(event, {"title": "A"})
    second = services.submit_proposal(event, {"title": "B"})
    services.open_vote(event)
    zeven, sottrum = (Municipality.objects.get(ars=a) for a in (ZEVEN_ARS, SOTTRUM_ARS))
    anna = services.voter_key(event, invitation_id=1, municipality=zeven)
    ben = services.voter_key(event, user_id=2, municipality=zeven)
    assert anna == ben == f"municipality:{zeven.pk}"
    services.cast_ballot(event, anna, {first.pk: 3}, municipality=zeven)
    services.cast_ballot(event, ben, {second.pk: 3}, municipality=zeven)
    services.cast_ballot(
        event, services.voter_key(event, municipality=sottrum), {first.pk: 1}, municipality=sottrum
    )
    assert Ballot.objects.filter(municipality=zeven).count() == 1
    assert services.ballot_of(event, anna) == {second.pk: 3}  # three points, not six
    with pytest.raises(BallotError):
        services.voter_key(event, invitation_id=1)  # no municipality, no vote


def test_the_ranking_orders_by_points_then_voters_then_submission(event, proposals):
    lotsen, fahrdienst, sprachcafe = proposals[1], proposals[2], proposals[0]
    services.open_vote(event)
    services.cast_ballot(event, "user:1", {lotsen.pk: 4, fahrdienst.pk: 1})
    services.cast_ballot(event, "user:2", {fahrdienst.pk: 2, sprachcafe.pk: 1})
    services.cast_ballot(event, "user:3", {fahrdienst.pk: 1, sprachcafe.pk: 3})
    # Fahrdienst 4 points from 3 voters, Lotsen 4 from 1, Sprachcafé 4 from 2
    ranked = [(p.title, r.points, r.voters, r.place) for p, r in services.ranking(event)]
    assert ranked == [
        ("Fahrdienst", 4, 3, 1),
        ("Sprachcafé in Zeven", 4, 2, 2),
        ("Lotsen für Behördengänge", 4, 1, 3),
    ]


def test_equal_ranks_share_a_place_in_submission_order(event, proposals):
    services.open_vote(event)
    services.cast_ballot(event, "user:1", {p.pk: 1 for p in proposals})
    ranked = [(p.pk, r.place) for p, r in services.ranking(event)]
    assert ranked == [(p.pk, 1) for p in proposals]
