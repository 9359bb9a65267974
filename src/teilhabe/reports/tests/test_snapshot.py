"""The snapshot: every section built from the live data, and plain JSON."""

import datetime
import json

import pytest

from teilhabe.reports import snapshot
from teilhabe.reports.tests.conftest import DAY, TODAY
from teilhabe.testing import default_questionnaire, make_activity

pytestmark = pytest.mark.django_db


def test_every_section_has_the_figures_of_the_period(filled):
    s = snapshot.build(filled["district"], TODAY - 20 * DAY, TODAY, "Sozialausschuss")
    assert json.loads(json.dumps(s)) == s
    summary = s["summary"]
    assert summary["municipalities"] == 13 and summary["population"] > 160_000
    assert (summary["activities"], summary["active"], summary["new"]) == (2, 1, 2)
    assert summary["without_activities"] == 11
    assert {r["title"] for r in s["changes"]["rows"]} == {"Sprachcafé Zeven", "Lernpaten Sottrum"}
    zeven = next(r for r in s["coverage"]["rows"] if r["name"] == "Samtgemeinde Zeven")
    assert zeven["active"] == 1
    wave = s["surveys"]["waves"][0]
    assert (wave["name"], wave["invited"], wave["submitted"], wave["rate"]) == (
        "Testwelle",
        13,
        1,
        8,
    )
    language = next(q for q in wave["key_results"] if "„Sprache“" in q["label"])
    assert dict(language["counts"]) == {"Ja": 1, "Nein": 0}
    rows = {r["name"]: r for r in s["allocation"]["rows"]}
    assert rows["Samtgemeinde Zeven"]["arrived"] == 7
    assert rows["Samtgemeinde Zeven"]["free_places"] == 1
    assert rows["Samtgemeinde Zeven"]["housing_short"] > 0
    assert s["allocation"]["totals"]["target"] == 200
    assert summary["arrived_in_period"] == 7 and summary["warnings"] >= 1
    event = s["network"]["events"][0]
    assert event["represented"] == ["Samtgemeinde Sottrum", "Samtgemeinde Zeven"]
    assert [m["title"] for m in s["network"]["overdue"]] == ["Starterpaket Sprachcafé"]
    assert (summary["events"], summary["represented"], summary["overdue"]) == (1, 2, 1)
    assert summary["volunteers"] == 12 == s["volunteering"]["total"]
    assert s["map"] and len(s["map"]["shapes"]) == 13
    assert any("Zensus 2022" in source["title"] for source in s["sources"])


def test_the_period_bounds_what_changed_and_what_was_held(filled):
    s = snapshot.build(filled["district"], TODAY - 60 * DAY, TODAY - 10 * DAY)
    assert s["changes"]["rows"] == [] and s["network"]["events"] == []
    assert s["summary"]["activities"] == 0  # created today, after the period
    assert s["surveys"]["waves"] == []
    assert s["summary"]["arrived_in_period"] == 0


def test_an_activity_changed_after_the_period_is_shown_as_it_was(filled):
    from teilhabe.inventory.models import Activity
    from teilhabe.inventory.services import update_activity

    activity = Activity.objects.get(title="Lernpaten Sottrum")
    update_activity(activity.pk, {"status": "active"}, activity.version)
    before = snapshot.build(filled["district"], TODAY - 2 * DAY, TODAY)
    assert before["coverage"]["by_status"]["active"] == 2
    assert [r["kind"] for r in before["changes"]["rows"]].count("new") == 2


def test_an_empty_district_builds_with_empty_sections(osterholz):
    s = snapshot.build(osterholz, datetime.date(2026, 1, 1), datetime.date(2026, 2, 28))
    assert s["coverage"]["total"] == 0 and s["changes"]["rows"] == []
    assert s["allocation"] is None and s["surveys"] == {"waves": [], "comparison": None}
    assert s["network"]["events"] == [] and s["network"]["priorities"] == []
    assert s["volunteering"]["rows"] == [] and s["map"] is None
    assert s["summary"]["response_rate"] is None and s["summary"]["fulfilment"] is None


def test_two_waves_of_a_questionnaire_are_compared(filled):
    from teilhabe.surveys import services as surveys
    from teilhabe.surveys.models import Wave

    district = filled["district"]
    first = Wave.objects.get(name="Testwelle")
    later, _tokens = surveys.create_wave(
        first.version, "Zweite Welle", TODAY, TODAY + 9 * DAY, district.municipalities.all()
    )
    response = later.invitations.get(municipality=filled["sottrum"]).response
    surveys.save_answer(response, "language_exists", "yes", None)
    # Zeven submitted in both waves, Sottrum only answered the later one: like for like, only
    # Zeven is compared (before, Sottrum's answer counted as if it were progress).
    again = later.invitations.get(municipality__name="Samtgemeinde Zeven").response
    for name in ("language_exists", "language_since"):
        surveys.save_answer(again, name, "yes" if name == "language_exists" else "2019", None)
    for item in default_questionnaire().questions():
        if item.name.endswith("_exists") and item.name != "language_exists":
            surveys.save_answer(again, item.name, "no", None)
    assert surveys.submit(again) == {}
    s = snapshot.build(district, TODAY - 2 * DAY, TODAY)
    comparison = s["surveys"]["comparison"]
    assert (comparison["earlier"], comparison["later"]) == ("Testwelle", "Zweite Welle")
    assert comparison["municipalities"] == ["Samtgemeinde Zeven"]
    language = next(r for r in comparison["rows"] if "„Sprache“" in r["label"])
    assert ["Ja", 1, 1] in language["counts"]


def test_peer_tandems_only_when_the_peers_app_is_installed(filled, monkeypatch):
    from django.apps import apps

    monkeypatch.setattr(apps, "is_installed", lambda name: False)
    s = snapshot.build(filled["district"], TODAY - DAY, TODAY)
    assert s["peers"] == {"installed": False, "rows": []}
    assert s["summary"]["tandems"] is None


def test_peer_tandems_come_from_the_peers_app(filled, monkeypatch):
    import sys
    import types

    from django.apps import apps

    row = {
        "giver": "Samtgemeinde Zeven",
        "receiver": "Samtgemeinde Sottrum",
        "field": "Sprache",
        "status": "active",
        "status_label": "läuft",
    }
    fake = types.ModuleType("teilhabe.peers.queries")
    fake.tandems_for_report = lambda district, since, until: [row]
    monkeypatch.setattr(apps, "is_installed", lambda name: name == "teilhabe.peers")
    monkeypatch.setitem(sys.modules, "teilhabe.peers.queries", fake)
    s = snapshot.build(filled["district"], TODAY - DAY, TODAY)
    assert s["peers"] == {"installed": True, "rows": [row]}
    assert s["summary"]["tandems"] == 1


def test_a_period_that_ends_before_it_begins_is_refused(rotenburg):
    with pytest.raises(ValueError):
        snapshot.build(rotenburg, TODAY, TODAY - DAY)


def test_district_wide_activities_have_their_own_row(rotenburg):
    make_activity(rotenburg, None, title="Runder Tisch", volunteers=3)
    s = snapshot.build(rotenburg, TODAY - DAY, TODAY)
    assert s["coverage"]["rows"][-1]["name"] == ""
    assert s["volunteering"]["rows"] == [{"name": "", "volunteers": 3, "activities": 1, "with": 1}]
