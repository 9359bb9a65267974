"""The housing register and the overload notices: units keep their places (German messages for
more occupied than places), a municipality's housing capacity is derived from its units (no
second figure), notices are answered and resolved, and the period page shows them beside the
targets. Who may change which unit is the permission table's (core/tests/targets_placement.py)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from teilhabe.allocation import register, services
from teilhabe.allocation.models import Capacity, NoticeStatus
from teilhabe.allocation.queries import period_view
from teilhabe.allocation.register_forms import HousingUnitForm
from teilhabe.regions.models import Municipality
from teilhabe.testing import SOTTRUM_ARS, ZEVEN_ARS

D = datetime.date
GERMAN = {"HTTP_ACCEPT_LANGUAGE": "de"}


@pytest.fixture
def zeven(rotenburg):
    return Municipality.objects.get(ars=ZEVEN_ARS)


@pytest.fixture
def period(rotenburg):
    return services.create_period(
        rotenburg,
        {
            "name": "2026/II",
            "start": D(2026, 10, 1),
            "end": D(2027, 3, 31),
            "quota": 420,
            "population_date": D(2022, 5, 15),
            "method": "hare-niemeyer",
            "staff_ratio_limit": 80,
        },
    )


def test_more_occupied_than_places_is_refused_in_german(zeven):
    with translation.override("de"):
        form = HousingUnitForm({"label": "A 1", "kind": "shared", "places": "4", "occupied": "6"})
        assert not form.is_valid()
        assert form.errors["occupied"] == ["6 Plätze belegt, aber die Unterkunft hat nur 4."]
        with pytest.raises(ValidationError, match="Mehr Plätze belegt"):
            services.create_unit(
                zeven, {"label": "A 1", "kind": "shared", "places": 4, "occupied": 6}
            )


def test_every_label_of_the_unit_form_begins_with_a_capital_in_german():
    with translation.override("de"):
        labels = [str(field.label) for field in HousingUnitForm().fields.values()]
    assert "Belegte Plätze" in labels and "Barrierefrei" in labels
    assert [label for label in labels if not label[0].isupper()] == []


def test_a_flat_with_anyone_in_it_has_no_free_place(zeven):
    flat = services.create_unit(zeven, {"label": "A 1", "kind": "flat", "places": 4, "occupied": 1})
    shared = services.create_unit(
        zeven, {"label": "GU", "kind": "shared", "places": 10, "occupied": 4}
    )
    assert (flat.free, shared.free) == (0, 6)
    with pytest.raises(ValidationError):
        services.occupy(flat.pk, 1)
    assert services.occupy(shared.pk, 6).occupied == 10


def test_the_register_is_the_only_housing_figure(zeven, period):
    services.record_capacity(
        zeven,
        {
            "date": D(2026, 10, 1),
            "housing_total": 90,
            "housing_occupied": 10,
            "staff_fte": Decimal(1),
        },
    )
    row = next(r for r in period_view(period, D(2026, 12, 1)).rows if r.municipality == zeven)
    assert (row.status.free_places, row.housing_source) == (80, register.CAPACITY)
    services.create_unit(zeven, {"label": "GU", "kind": "shared", "places": 20, "occupied": 5})
    services.create_unit(
        zeven,
        {"label": "Neu", "kind": "flat", "places": 4, "available_from": D(2027, 1, 1)},
    )
    row = next(r for r in period_view(period, D(2026, 12, 1)).rows if r.municipality == zeven)
    assert (row.status.free_places, row.housing_source) == (15, register.REGISTER)
    # A capacity recorded later takes its housing figures from the register, whatever is typed.
    services.record_capacity(
        zeven,
        {
            "date": D(2026, 12, 1),
            "housing_total": 999,
            "housing_occupied": 0,
            "staff_fte": Decimal(1),
        },
    )
    latest = Capacity.objects.get(municipality=zeven, date=D(2026, 12, 1))
    assert (latest.housing_total, latest.housing_occupied) == (20, 5)


def test_a_notice_is_answered_then_resolved_and_stays_in_the_history(rotenburg, personas):
    sottrum = Municipality.objects.get(ars=SOTTRUM_ARS)
    notice = services.file_notice(
        sottrum,
        {"shortage": "housing", "since": D(2026, 11, 1), "amount": Decimal(12)},
        personas["bob"],
    )
    assert register.active_notices(rotenburg.pk)[sottrum.pk] == [notice]
    services.answer_notice(notice.pk, {"answer": "Wir prüfen Plätze in Zeven."}, personas["alice"])
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.ANSWERED
    services.answer_notice(
        notice.pk, {"answer": "Erledigt.", "action": "GU erweitert", "resolves": True}, None
    )
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.RESOLVED
    assert sottrum.pk not in register.active_notices(rotenburg.pk)
    with pytest.raises(ValidationError, match="ist behoben"):
        services.answer_notice(notice.pk, {"answer": "Noch etwas"}, None)
    assert list(register.notices_of(rotenburg.pk)) == [notice]
    assert notice.answers.count() == 2


def test_the_period_page_shows_notices_beside_the_targets(client, personas, period):
    sottrum = Municipality.objects.get(ars=SOTTRUM_ARS)
    services.file_notice(
        sottrum, {"shortage": "childcare", "since": D(2026, 11, 2), "amount": Decimal(8)}, None
    )
    client.force_login(personas["carol"])
    page = client.get(reverse("allocation:period-detail", args=[period.pk]), **GERMAN)
    text = page.content.decode()
    assert "Überlastungsanzeige" in text and "02.11.2026" in text
    listing = client.get(reverse("allocation:notice-list", args=["03357"]), **GERMAN)
    assert "Samtgemeinde Sottrum" in listing.content.decode()


def test_an_editor_adds_a_unit_in_her_municipality(client, personas, zeven):
    client.force_login(personas["bob"])
    response = client.post(
        reverse("allocation:unit-create", args=[ZEVEN_ARS]),
        {"label": "Am Markt 3", "kind": "flat", "places": "5", "occupied": "0"},
        **GERMAN,
    )
    assert response.status_code == 302
    assert zeven.housing_units.get().label == "Am Markt 3"
