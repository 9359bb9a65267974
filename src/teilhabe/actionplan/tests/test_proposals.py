"""Editing, withdrawing and merging proposals before the vote; the ballot's points left; the
result instead of the form once the vote has closed."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from teilhabe.actionplan import proposals as changes
from teilhabe.actionplan import services, voting
from teilhabe.actionplan.models import Priority, Proposal
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


def propose(event, title, ars=None, **values):
    municipality = Municipality.objects.get(ars=ars) if ars else None
    return services.submit_proposal(event, {"title": title, "municipality": municipality, **values})


# The services ----------------------------------------------------------------------------------


def test_merging_keeps_one_proposal_with_both_texts(event):
    keep = propose(event, "Sprachcafé", description="Treffpunkt zum Deutschüben")
    other = propose(event, "Sprachtreff", description="Einmal pro Woche")
    changes.merge_proposals(keep.pk, other.pk)
    merged = Proposal.objects.get()
    assert merged.pk == keep.pk
    assert merged.description == (
        "Treffpunkt zum Deutschüben\n\nZusammengeführt aus „Sprachtreff“: Einmal pro Woche"
    )


def test_merging_takes_over_a_priority_of_the_removed_proposal(event):
    keep, other = propose(event, "A"), propose(event, "B")
    priority = services.adopt(other)
    changes.merge_proposals(keep.pk, other.pk)
    priority.refresh_from_db()
    assert priority.proposal_id == keep.pk


def test_proposals_of_different_events_are_not_merged(rotenburg, event):
    keep = propose(event, "Sprachcafé")
    elsewhere = propose(workshop(rotenburg, title="Netzwerktreffen Ost"), "Sprachtreff")
    with pytest.raises(ValidationError) as refused:
        changes.merge_proposals(keep.pk, elsewhere.pk)
    assert "Netzwerktreffen Ost" in refused.value.messages[0]
    assert Proposal.objects.count() == 2
    assert Proposal.objects.get(pk=keep.pk).description == ""


def test_a_proposal_is_not_merged_with_itself(event):
    keep = propose(event, "A")
    with pytest.raises(ValidationError):
        changes.merge_proposals(keep.pk, keep.pk)
    assert Proposal.objects.count() == 1


def test_nothing_changes_once_the_vote_has_opened(event):
    first, second = propose(event, "A"), propose(event, "B")
    services.open_vote(event)
    for attempt in (
        lambda: changes.edit_proposal(first.pk, {"title": "Neu"}),
        lambda: changes.withdraw_proposal(first.pk),
        lambda: changes.merge_proposals(first.pk, second.pk),
    ):
        with pytest.raises(ValidationError):
            attempt()
    assert list(Proposal.objects.values_list("title", "description")) == [("A", ""), ("B", "")]


def test_edit_and_withdraw_before_the_vote(event):
    first, second = propose(event, "A"), propose(event, "B")
    changes.edit_proposal(first.pk, {"title": "A, klarer"})
    changes.withdraw_proposal(second.pk)
    assert list(Proposal.objects.values_list("title", flat=True)) == ["A, klarer"]


def test_points_left_count_what_was_typed(event):
    a, b = propose(event, "A"), propose(event, "B")
    event.refresh_from_db()
    assert voting.points_left(event, {}) == 5
    assert voting.points_left(event, {a.pk: 2, b.pk: "1"}) == 2
    assert voting.points_left(event, {a.pk: "x", b.pk: "-3"}) == 5
    assert voting.points_left(event, {a.pk: 4, b.pk: 3}) == -2


# The pages ------------------------------------------------------------------------------------


def test_an_editor_edits_their_municipality_s_proposal_only(client, personas, event):
    own = propose(event, "Zeven", ZEVEN_ARS)
    other = propose(event, "Sottrum", SOTTRUM_ARS)
    district = propose(event, "Landkreis")
    client.force_login(personas["bob"])  # edits Zeven
    data = {"title": "Zeven, genauer", "municipality": own.municipality_id}
    assert client.post(reverse("actionplan:proposal-edit", args=[own.pk]), data).status_code == 302
    for foreign in (other, district):
        url = reverse("actionplan:proposal-edit", args=[foreign.pk])
        assert client.post(url, {**data, "title": "Übernommen"}).status_code == 403
        url = reverse("actionplan:proposal-withdraw", args=[foreign.pk])
        assert client.post(url, {"confirmed": "yes"}).status_code == 403
    titles = sorted(Proposal.objects.values_list("title", flat=True))
    assert titles == ["Landkreis", "Sottrum", "Zeven, genauer"]


def test_a_coordinator_of_another_district_finds_no_proposal(client, personas, event):
    proposal = propose(event, "A")
    client.force_login(personas["dave"])
    assert client.get(reverse("actionplan:proposal-edit", args=[proposal.pk])).status_code == 404
    url = reverse("actionplan:proposal-merge", args=[proposal.pk])
    assert client.post(url, {"other": proposal.pk, "confirmed": "yes"}).status_code == 404


def test_withdrawing_asks_first(client, personas, event):
    proposal = propose(event, "Sprachcafé")
    client.force_login(personas["alice"])
    url = reverse("actionplan:proposal-withdraw", args=[proposal.pk])
    asked, _done = post_asks_first(client, url, lambda: Proposal.objects.count())
    assert "Vorschlag „Sprachcafé“ zurückziehen?" in asked.content.decode()
    assert not Proposal.objects.exists()


def test_merging_asks_first_and_an_editor_may_not(client, personas, event):
    keep, other = propose(event, "Sprachcafé", ZEVEN_ARS), propose(event, "Sprachtreff")
    url = reverse("actionplan:proposal-merge", args=[keep.pk])
    client.force_login(personas["bob"])
    assert client.post(url, {"other": other.pk, "confirmed": "yes"}).status_code == 403
    client.force_login(personas["alice"])
    asked, done = post_asks_first(
        client, url, lambda: Proposal.objects.count(), {"other": str(other.pk)}
    )
    assert "„Sprachtreff“ mit „Sprachcafé“ zusammenführen?" in asked.content.decode()
    assert done.status_code == 302 and Proposal.objects.get().pk == keep.pk


def test_the_merge_page_explains_another_event(client, personas, rotenburg, event):
    keep = propose(event, "Sprachcafé")
    elsewhere = propose(workshop(rotenburg, title="Netzwerktreffen Ost"), "Sprachtreff")
    client.force_login(personas["alice"])
    url = reverse("actionplan:proposal-merge", args=[keep.pk])
    response = client.post(url, {"other": elsewhere.pk, "confirmed": "yes"})
    assert response.status_code == 400
    assert "Netzwerktreffen Ost" in response.content.decode()
    assert Proposal.objects.count() == 2


def test_the_ballot_shows_the_points_left_without_javascript(client, personas, event):
    a, b = propose(event, "A"), propose(event, "B")
    services.open_vote(event)
    client.force_login(personas["alice"])
    url = reverse("actionplan:vote", args=[event.pk])
    page = client.get(url).content.decode()
    assert 'data-budget="5">5</output>' in page
    response = client.post(url, {f"points-{a.pk}": "4", f"points-{b.pk}": "3"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'data-budget="5">-2</output>' in html
    assert 'id="points-over" class="warning" hidden' not in html
    client.post(url, {f"points-{a.pk}": "3"})
    assert 'data-budget="5">2</output>' in client.get(url).content.decode()


def test_after_the_vote_every_participant_sees_the_result(client, personas, event):
    a, b = propose(event, "Sprachcafé"), propose(event, "Fahrdienst")
    services.open_vote(event)
    services.cast_ballot(event, f"user:{personas['bob'].pk}", {b.pk: 3})
    services.cast_ballot(event, "user:0", {b.pk: 1, a.pk: 2})
    services.close_vote(event)
    client.force_login(personas["bob"])
    url = reverse("actionplan:vote", args=[event.pk])
    for response in (client.get(url), client.post(url, {f"points-{a.pk}": "5"})):
        html = response.content.decode()
        assert response.status_code == 200
        assert 'id="result"' in html and 'id="ballot"' not in html
        assert "Die Punktabfrage wurde am" in html
    assert services.ballot_of(event, f"user:{personas['bob'].pk}") == {b.pk: 3}
    assert [(p.title, r.points) for p, r in services.ranking(event)] == [
        ("Fahrdienst", 4),
        ("Sprachcafé", 2),
    ]
    assert not Priority.objects.exists()


def test_the_personal_link_shows_the_result_after_the_vote(client, rotenburg):
    event = workshop(rotenburg, date=timezone.localdate() + datetime.timedelta(days=10))
    propose(event, "Sprachcafé")
    tokens = events.invite(event, all_municipalities=True)
    services.open_vote(event)
    services.close_vote(event)
    token = next(iter(tokens.values()))
    rsvp = client.get(reverse("events:rsvp", args=[token])).content.decode()
    assert reverse("actionplan:link-vote", args=[token]) in rsvp and "Ergebnis ansehen" in rsvp
    html = client.get(reverse("actionplan:link-vote", args=[token])).content.decode()
    assert 'id="result"' in html and 'id="ballot"' not in html
