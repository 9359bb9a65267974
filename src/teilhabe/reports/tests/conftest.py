"""A district with something in every section of the report, set up through the services the
pages use: activities (one with volunteers), an allocation period with an arrival and a
capacity, a questionnaire wave with a submitted answer, a workshop with attendance, a priority
with an overdue measure."""

import datetime
import subprocess
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from teilhabe.regions.models import Municipality
from teilhabe.testing import SOTTRUM_ARS, ZEVEN_ARS, default_questionnaire, make_activity

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def de(message: str) -> str:
    """The German text for `message` as the catalog has it now (English while untranslated)."""
    with translation.override("de"):
        return translation.gettext(message)


def pdf_text(data: bytes) -> str:
    """The PDF's text with whitespace folded, so words wrapped in a table cell still match."""
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()
    return " ".join(text.split())


@pytest.fixture
def filled(rotenburg):
    from teilhabe.actionplan import services as plan
    from teilhabe.actionplan.models import Measure, Priority
    from teilhabe.allocation import services as allocation
    from teilhabe.events import services as events
    from teilhabe.surveys import services as surveys

    zeven = Municipality.objects.get(ars=ZEVEN_ARS)
    sottrum = Municipality.objects.get(ars=SOTTRUM_ARS)
    make_activity(rotenburg, zeven, title="Sprachcafé Zeven", volunteers=12)
    make_activity(rotenburg, sottrum, title="Lernpaten Sottrum", status="planned")
    period = allocation.create_period(
        rotenburg,
        {
            "name": "Testzeitraum",
            "start": TODAY - 30 * DAY,
            "end": TODAY + 150 * DAY,
            "quota": 200,
            "population_date": rotenburg.population_date,
            "method": "hare-niemeyer",
            "staff_ratio_limit": 80,
        },
    )
    allocation.record_arrival(
        zeven,
        {
            "date": TODAY - DAY,
            "persons": 7,
            "households": 2,
            "kind": "asylum",
            "counts_toward_quota": True,
        },
    )
    allocation.record_capacity(
        zeven,
        {
            "date": TODAY - 10 * DAY,
            "housing_total": 10,
            "housing_occupied": 9,
            "staff_fte": Decimal("0.5"),
        },
    )
    version = surveys.create_questionnaire(rotenburg, default_questionnaire())
    wave, _tokens = surveys.create_wave(
        version, "Testwelle", TODAY - 5 * DAY, TODAY + 5 * DAY, rotenburg.municipalities.all()
    )
    response = wave.invitations.get(municipality=zeven).response
    for item in default_questionnaire().questions():
        if item.name.endswith("_exists"):
            answer = "yes" if item.name == "language_exists" else "no"
            surveys.save_answer(response, item.name, answer, None)
    surveys.save_answer(response, "language_since", "2019", None)
    assert surveys.submit(response) == {}
    workshop = events.create_event(
        rotenburg, {"title": "Workshop im Kreishaus", "date": TODAY - 3 * DAY}
    )
    events.record_attendance(workshop, {zeven.pk: 2, sottrum.pk: 1})
    priority = Priority.objects.create(district=rotenburg, title="Sprache stärken")
    plan.save_measure(
        Measure(priority=priority),
        {
            "title": "Starterpaket Sprachcafé",
            "responsible": "Koordinierungsstelle",
            "due": TODAY - 2 * DAY,
            "municipalities": [sottrum],
        },
    )
    return {"district": rotenburg, "period": period, "zeven": zeven, "sottrum": sottrum}
