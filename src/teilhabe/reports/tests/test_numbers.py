"""Counts of a thousand and more carry the German thousands separator (1.370) in the report's
key figures and coverage, as the allocation pages do."""

import datetime

from django.template.loader import render_to_string
from django.utils import translation

SUMMARY = {
    "municipalities": 13,
    "population": 170_000,
    "activities": 1370,
    "active": 1204,
    "without_activities": 0,
    "changes": 0,
    "new": 0,
    "ended": 0,
    "response_rate": None,
    "fulfilment": None,
    "arrived_in_period": 1370,
    "warnings": 0,
    "events": 0,
    "represented": 0,
    "measures": 0,
    "overdue": 0,
    "tandems": None,
    "volunteers": 2500,
}


def test_the_key_figures_group_thousands():
    context = {
        "r": {"summary": SUMMARY, "district": {"name": "Landkreis Rotenburg (Wümme)"}},
        "population_date": datetime.date(2022, 5, 15),
    }
    with translation.override("de"):
        html = render_to_string("reports/_summary.html", context)
    assert "1.370 Angebote, davon 1.204 aktiv" in html
    assert "1.370 Personen im Zeitraum zugegangen" in html
    assert "2.500 Ehrenamtliche in aktiven Angeboten" in html
    assert "1370" not in html


def test_the_coverage_groups_thousands():
    coverage = {
        "total": 1370,
        "categories": [{"label": "Sprache"}],
        "rows": [],
    }
    context = {
        "r": {"coverage": coverage, "district": {"name": "Landkreis"}},
        "statuses_present": [("aktiv", 1370)],
        "matrix": [{"name": "Zeven", "cells": [{"total": 1370, "best": "active", "symbol": "●"}]}],
        "until": datetime.date(2026, 12, 1),
    }
    with translation.override("de"):
        html = render_to_string("reports/_coverage.html", context)
    assert "aktiv 1.370" in html
    assert "</span> 1.370<span" in html
