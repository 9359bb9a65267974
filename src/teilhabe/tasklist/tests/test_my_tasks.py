"""Meine Aufgaben: bob (Zeven's editor) sees what is asked of Zeven, by due date, each with a
link; alice (coordinator) sees every municipality's; carol (viewer) and dave (another
district) see none of it; finished work leaves the list."""

import datetime
from importlib.resources import files

import pytest
from django.urls import reverse
from django.utils import timezone

from teilhabe.actionplan.models import Measure, Priority
from teilhabe.actionplan.services import save_measure
from teilhabe.events.services import create_event, invite
from teilhabe.inventory.models import Category
from teilhabe.peers.services import confirm, propose
from teilhabe.regions.models import Municipality
from teilhabe.surveys import services as surveys
from teilhabe.testing import SOTTRUM_ARS, ZEVEN_ARS, make_activity

XLSFORM = files("teilhabe.surveys") / "data" / "bestandsaufnahme.xlsx"
TODAY = timezone.localdate()


@pytest.fixture
def asked(rotenburg, personas):
    zeven = Municipality.objects.get(ars=ZEVEN_ARS)
    sottrum = Municipality.objects.get(ars=SOTTRUM_ARS)
    version = surveys.import_questionnaire(rotenburg, XLSFORM.read_bytes(), XLSFORM.name)
    wave, _tokens = surveys.create_wave(
        version, "Herbst 2026", TODAY, TODAY + datetime.timedelta(days=20), [zeven, sottrum]
    )
    event = create_event(
        rotenburg,
        {
            "title": "Netzwerktreffen",
            "date": TODAY + datetime.timedelta(days=30),
            "rsvp_until": TODAY + datetime.timedelta(days=10),
        },
    )
    invite(event, all_municipalities=True)
    language = Category.objects.get(district=rotenburg, key="language")
    tandem = propose(zeven, language, sottrum, None)
    priority = Priority.objects.create(district=rotenburg, title="Sprache stärken")
    measure = save_measure(
        Measure(priority=priority),
        {
            "title": "Kursräume finden",
            "responsible": "Samtgemeinde Zeven",
            "due": TODAY - datetime.timedelta(days=3),
        },
    )
    stale = make_activity(
        rotenburg, zeven, title="Alter Treff", last_confirmed=TODAY - datetime.timedelta(days=400)
    )
    make_activity(rotenburg, zeven, title="Frisch bestätigt", last_confirmed=TODAY)
    return {"wave": wave, "tandem": tandem, "measure": measure, "stale": stale}


def _rows(client) -> list[tuple[str, str, str]]:
    response = client.get(reverse("tasklist:my-tasks"))
    assert response.status_code == 200
    return [(t.kind, t.title, t.municipality) for t in response.context["tasks"]]


def test_the_editor_sees_what_is_asked_of_their_municipality_by_due_date(client, personas, asked):
    client.force_login(personas["bob"])
    assert client.get(reverse("core:home")).url == reverse("tasklist:my-tasks")
    rows = _rows(client)
    assert [kind for kind, _t, _m in rows] == [
        "Angebot",  # confirmed 400 days ago: due 35 days ago
        "Maßnahme",  # due 3 days ago
        "Einladung",  # answer by in 10 days
        "Fragebogen",  # closes in 20 days
        "Tandem",  # no date
    ]
    assert {m for kind, _t, m in rows if kind != "Maßnahme"} == {"Samtgemeinde Zeven"}
    (measure,) = [t for kind, t, _m in rows if kind == "Maßnahme"]
    assert measure == "Kursräume finden (verantwortlich: Samtgemeinde Zeven)"
    page = client.get(reverse("tasklist:my-tasks")).content.decode()
    zeven = asked["wave"].invitations.get(municipality__ars=ZEVEN_ARS)
    assert reverse("surveys:answer-as-member", args=[zeven.response.pk]) in page
    assert reverse("peers:tandem-detail", args=[asked["tandem"].pk]) in page
    assert reverse("inventory:activity-edit", args=[asked["stale"].pk]) in page
    assert "Frisch bestätigt" not in page and "überfällig" in page


def test_done_work_leaves_the_list(client, personas, asked):
    client.force_login(personas["bob"])
    confirm(asked["tandem"], "receiver")
    response = asked["wave"].invitations.get(municipality__ars=ZEVEN_ARS).response
    response.status = "submitted"
    response.save()
    kinds = [kind for kind, _t, _m in _rows(client)]
    assert "Tandem" not in kinds and "Fragebogen" not in kinds


def test_the_coordinator_sees_who_is_behind_in_the_district(client, personas, asked):
    client.force_login(personas["alice"])
    rows = _rows(client)
    municipalities = {m for _k, _t, m in rows}
    assert {"Samtgemeinde Zeven", "Samtgemeinde Sottrum"} <= municipalities
    tandems = sorted(m for kind, _t, m in rows if kind == "Tandem")
    assert tandems == ["Samtgemeinde Sottrum", "Samtgemeinde Zeven"]  # neither side confirmed
    assert sum(1 for kind, _t, _m in rows if kind == "Einladung") == 13
    page = client.get(reverse("tasklist:my-tasks")).content.decode()
    assert "Offene Aufgaben je Kommune" in page


def test_a_viewer_and_another_district_see_nothing_of_it(client, personas, asked):
    for name in ("carol", "dave"):
        client.force_login(personas[name])
        assert _rows(client) == []
        assert (
            "Im Moment wird nichts von Ihnen erwartet."
            in client.get(reverse("tasklist:my-tasks")).content.decode()
        )
