"""A submitted questionnaire proposes changes to the stock-take; coordinators decide."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from teilhabe.inventory.models import Activity, Category
from teilhabe.surveys import services
from teilhabe.surveys.models import InventoryProposal, ProposalStatus
from teilhabe.testing import ZEVEN_ARS, default_questionnaire, make_activity


@pytest.fixture
def response(rotenburg):
    version = services.create_questionnaire(rotenburg, default_questionnaire())
    today = timezone.localdate()
    wave, _tokens = services.create_wave(
        version, "Herbst", today, today + datetime.timedelta(days=9), rotenburg.municipalities.all()
    )
    return wave.invitations.get(municipality__ars=ZEVEN_ARS).response


def answer_and_submit(response, exists: set[str]):
    from teilhabe.engine import expressions  # noqa: F401  (the form's skip logic)

    for section in default_questionnaire().sections:
        key = section.extra.get("category")
        if not key:
            continue
        prefix = key.replace("-", "_")
        services.save_answer(response, f"{prefix}_exists", "yes" if key in exists else "no", None)
        if key in exists:
            services.save_answer(response, f"{prefix}_providers", ["volunteer_initiative"], None)
            services.save_answer(response, f"{prefix}_volunteers", "7", None)
            services.save_answer(response, f"{prefix}_since", "2019", None)
    assert services.submit(response) == {}


def test_submitting_proposes_new_and_confirmed_activities(response, rotenburg):
    zeven = response.invitation.municipality
    make_activity(
        rotenburg, zeven, category=Category.objects.get(district=rotenburg, key="language")
    )
    answer_and_submit(response, {"language", "housing"})
    proposals = {p.category.key: p.kind for p in InventoryProposal.objects.all()}
    assert proposals == {"language": "confirm", "housing": "create"}
    assert Activity.objects.count() == 1  # nothing changed yet


def test_accepting_and_rejecting(client, personas, response, rotenburg):
    answer_and_submit(response, {"housing", "health"})
    wave = response.invitation.wave
    url = reverse("surveys:proposals", args=[wave.pk])
    housing = InventoryProposal.objects.get(category__key="housing")
    health = InventoryProposal.objects.get(category__key="health")
    client.force_login(personas["bob"])  # an editor reads but does not decide
    assert client.get(url).status_code == 200
    assert client.post(url, {"proposal": housing.pk, "decision": "accept"}).status_code == 403
    client.force_login(personas["alice"])
    client.post(url, {"proposal": housing.pk, "decision": "accept"})
    client.post(url, {"proposal": health.pk, "decision": "reject"})
    activity = Activity.objects.get()
    assert (activity.category.key, activity.municipality.ars) == ("housing", ZEVEN_ARS)
    assert (activity.provider_kind, activity.volunteers) == ("volunteers", 7)
    assert activity.start_date == datetime.date(2019, 1, 1)
    health.refresh_from_db()
    assert health.status == ProposalStatus.REJECTED
    assert "Keine Vorschläge" in client.get(url).content.decode()


def test_a_proposal_that_is_no_number_is_not_found(client, personas, response):
    answer_and_submit(response, {"housing"})
    url = reverse("surveys:proposals", args=[response.invitation.wave.pk])
    client.force_login(personas["alice"])
    assert client.post(url, {"proposal": "kein", "decision": "accept"}).status_code == 404
    assert InventoryProposal.objects.get().status == ProposalStatus.PENDING


@pytest.mark.parametrize("value", ["²", "99999999999999999999999", "\x00"])
def test_a_proposal_id_beyond_numbers_is_not_found(client, personas, response, value):
    answer_and_submit(response, {"housing"})
    url = reverse("surveys:proposals", args=[response.invitation.wave.pk])
    client.force_login(personas["alice"])
    assert client.post(url, {"proposal": value, "decision": "accept"}).status_code == 404
    assert InventoryProposal.objects.get().status == ProposalStatus.PENDING


@pytest.mark.parametrize("decision", [None, "", "maybe"])
def test_without_a_decision_nothing_is_decided(client, personas, response, decision):
    """Only the two buttons decide; a post without either used to reject the proposal."""
    answer_and_submit(response, {"housing"})
    url = reverse("surveys:proposals", args=[response.invitation.wave.pk])
    proposal = InventoryProposal.objects.get()
    data = {"proposal": proposal.pk} | ({"decision": decision} if decision is not None else {})
    client.force_login(personas["alice"])
    assert client.post(url, data).status_code == 404
    assert InventoryProposal.objects.get().status == ProposalStatus.PENDING


def test_each_offer_listed_in_the_repeat_is_a_proposal_decided_alone(
    client, personas, response, rotenburg
):
    """The default questionnaire's repeat "Angebote": every submitted instance proposes an
    activity with its title, field of action, provider, status and target groups."""
    first = services.add_instance(response, "offers")
    second = services.add_instance(response, "offers")
    removed = services.add_instance(response, "offers")
    services.remove_instance(response, "offers", removed)
    for instance, title, field, provider, status, groups in [
        (first, "Sprachcafé", "language", "religious", "active", ["refugees", "women"]),
        (second, "Deutschkurs für Eltern", "language", "school", "planned", ["families"]),
    ]:
        for question, value in [
            ("offer_title", title),
            ("offer_field", field),
            ("offer_provider", provider),
            ("offer_status", status),
            ("offer_target_groups", groups),
        ]:
            services.save_answer(response, f"offers·{instance}·{question}", value, None)
    answer_and_submit(response, set())
    proposals = InventoryProposal.objects.order_by("instance")
    assert [(p.instance, p.category.key, p.kind, p.values["title"]) for p in proposals] == [
        (first, "language", "create", "Sprachcafé"),
        (second, "language", "create", "Deutschkurs für Eltern"),
    ]
    url = reverse("surveys:proposals", args=[response.invitation.wave.pk])
    client.force_login(personas["alice"])
    assert "„Sprachcafé“" in client.get(url).content.decode()
    client.post(url, {"proposal": proposals[0].pk, "decision": "accept"})
    client.post(url, {"proposal": proposals[1].pk, "decision": "reject"})
    activity = Activity.objects.get()
    assert (activity.title, activity.category.key, activity.municipality.ars) == (
        "Sprachcafé",
        "language",
        ZEVEN_ARS,
    )
    assert (activity.provider_kind, activity.status) == ("church", "active")
    assert activity.target_group_list == ["refugees", "women"]
    assert InventoryProposal.objects.get(instance=second).status == ProposalStatus.REJECTED
