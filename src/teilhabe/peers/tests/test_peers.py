"""Peer start-up help through its services and queries: gaps, needs, suggestions, tandems."""

import datetime

import pytest
from django.utils import timezone

from teilhabe.inventory.models import Category
from teilhabe.peers import queries, services
from teilhabe.peers.models import ScoringWeights, Tandem, TandemStatus
from teilhabe.regions.models import Municipality
from teilhabe.surveys import services as surveys
from teilhabe.testing import SOTTRUM_ARS, ZEVEN_ARS, default_questionnaire, make_activity

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 24)


@pytest.fixture
def places(rotenburg):
    zeven = Municipality.objects.get(ars=ZEVEN_ARS)
    sottrum = Municipality.objects.get(ars=SOTTRUM_ARS)
    return zeven, sottrum, Category.objects.get(district=rotenburg, key="language")


def test_gaps_are_fields_without_an_active_activity(rotenburg, places):
    zeven, sottrum, language = places
    make_activity(rotenburg, zeven, status="starting")
    make_activity(rotenburg, sottrum)
    gaps = queries.gaps(rotenburg)
    zeven_gap = next(g for g in gaps[zeven.pk] if g.category == language)
    assert zeven_gap.status == "starting"
    assert language not in [g.category for g in gaps[sottrum.pk]]
    assert len(gaps[sottrum.pk]) == Category.objects.filter(district=rotenburg).count() - 1


def test_needs_come_from_the_latest_submitted_answers(rotenburg, places):
    zeven, _sottrum, _language = places
    version = surveys.create_questionnaire(rotenburg, default_questionnaire())
    for n, (opens, need) in enumerate([(TODAY.replace(month=3), "Räume"), (TODAY, "Ehrenamt")]):
        wave, _tokens = surveys.create_wave(version, f"W{n}", opens, opens, [zeven])
        response = wave.invitations.get().response
        surveys.save_answer(response, "language_needs", need, None)
        response.status = "submitted"
        response.save()
    assert queries.stated_needs(rotenburg) == {(zeven.pk, "language"): "Ehrenamt"}
    gap = next(g for g in queries.gaps(rotenburg)[zeven.pk] if g.category.key == "language")
    assert gap.need == "Ehrenamt"


def test_suggestions_name_the_activity_and_follow_the_office_weights(rotenburg, places):
    zeven, sottrum, language = places
    bothel = rotenburg.municipalities.get(name="Samtgemeinde Bothel")
    experienced = make_activity(
        rotenburg, sottrum, volunteers=1, start_date=datetime.date(2020, 1, 1)
    )
    make_activity(rotenburg, bothel, volunteers=20, start_date=datetime.date(2026, 10, 1))
    make_activity(rotenburg, zeven, status="planned")
    ranked = queries.suggestions(zeven, language, TODAY)
    assert [o.municipality for o in ranked] == [sottrum, bothel]
    assert ranked[0].activity == experienced
    ScoringWeights.objects.create(
        district=rotenburg, experience=0, volunteers=10, size=0, distance=0, tandems=0
    )
    assert queries.suggestions(zeven, language, TODAY)[0].municipality == bothel


def test_a_tandem_is_agreed_when_both_sides_confirm(rotenburg, places):
    zeven, sottrum, language = places
    activity = make_activity(rotenburg, sottrum)
    tandem = services.propose(zeven, language, sottrum, activity)
    assert services.confirm(tandem, "giver").status == TandemStatus.PROPOSED
    assert services.confirm(tandem, "receiver").status == TandemStatus.AGREED
    with pytest.raises(services.TandemRefused):
        services.confirm(tandem, "giver")


@pytest.mark.parametrize(
    "case", ["self", "planned activity", "other municipality's activity", "twice"]
)
def test_impossible_tandems_are_refused_and_nothing_is_written(rotenburg, places, case):
    zeven, sottrum, language = places
    active = make_activity(rotenburg, sottrum)
    services.propose(zeven, language, sottrum, active)
    before = Tandem.objects.count()
    giver, activity = {
        "self": (zeven, None),
        "planned activity": (sottrum, make_activity(rotenburg, sottrum, status="planned")),
        "other municipality's activity": (sottrum, make_activity(rotenburg, zeven)),
        "twice": (sottrum, active),
    }[case]
    with pytest.raises(services.TandemRefused):
        services.propose(zeven, language, giver, activity)
    assert Tandem.objects.count() == before


def test_status_follows_the_life_cycle_and_the_outcome_is_the_receivers(rotenburg, places):
    zeven, sottrum, language = places
    tandem = services.propose(zeven, language, sottrum, None)
    with pytest.raises(services.TandemRefused):
        services.set_status(tandem, TandemStatus.ACTIVE)  # not agreed yet
    services.confirm(tandem, "giver")
    services.confirm(tandem, "receiver")
    services.set_status(tandem, TandemStatus.ACTIVE)
    with pytest.raises(services.TandemRefused):
        services.record_outcome(tandem, make_activity(rotenburg, sottrum), "falsch")
    started = make_activity(rotenburg, zeven, status="starting")
    services.record_outcome(tandem, started, "gestartet")
    services.set_status(tandem, TandemStatus.FINISHED)
    tandem.refresh_from_db()
    assert (tandem.outcome_activity, tandem.status) == (started, TandemStatus.FINISHED)
    today = timezone.localdate(tandem.created_at)
    [row] = queries.tandems_for_report(rotenburg, today, today)
    assert (row["giver"], row["receiver"], row["status"]) == (sottrum.name, zeven.name, "finished")
