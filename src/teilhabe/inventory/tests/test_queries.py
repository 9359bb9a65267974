"""The matrix, "as of" and the changes page, checked against hand-made histories."""

import datetime

import pytest
from django.utils import timezone

from teilhabe.inventory import queries, services
from teilhabe.inventory.models import Activity
from teilhabe.regions.models import Municipality
from teilhabe.testing import SOTTRUM_ARS, ZEVEN_ARS, make_activity

D = datetime.date


def at(activity: Activity, day: datetime.date, kind: str | None = None) -> None:
    """Move the newest history record of an activity to noon of a day."""
    record = activity.history.order_by("-history_date", "-history_id").first()
    noon = timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))
    type(record).objects.filter(pk=record.pk).update(history_date=noon)


@pytest.fixture
def places(rotenburg):
    return {
        "zeven": Municipality.objects.get(ars=ZEVEN_ARS),
        "sottrum": Municipality.objects.get(ars=SOTTRUM_ARS),
    }


@pytest.fixture
def history(rotenburg, places):
    """Sprachcafé Zeven since March, planned in Sottrum in April and active in June,
    Job-Café Zeven ended in May, a district-wide round table since February."""
    cafe = make_activity(rotenburg, places["zeven"], title="Sprachcafé")
    at(cafe, D(2026, 3, 1))
    plan = make_activity(rotenburg, places["sottrum"], title="Hausaufgabenhilfe", status="planned")
    at(plan, D(2026, 4, 1))
    services.update_activity(plan.pk, {"status": "active"}, 1)
    at(plan, D(2026, 6, 1))
    job = make_activity(rotenburg, places["zeven"], title="Job-Café", provider_kind="jobcenter")
    at(job, D(2026, 1, 15))
    services.end_activity(job.pk, D(2026, 5, 10), 1)
    at(job, D(2026, 5, 10))
    table = make_activity(rotenburg, None, title="Runder Tisch")
    at(table, D(2026, 2, 1))
    return {"cafe": cafe, "plan": plan, "job": job, "table": table}


def test_matrix_now(rotenburg, places, history):
    matrix = queries.matrix(rotenburg)
    language = next(c for c in matrix.categories if c.key == "language")
    zeven = matrix.cells[(places["zeven"].pk, language.pk)]
    assert (zeven.best, zeven.total) == ("active", 2)  # Sprachcafé active, Job-Café ended
    assert matrix.district_wide and matrix.total == 4
    assert len(matrix.rows) == 14  # 13 municipalities and the whole district


def test_matrix_as_of_a_date(rotenburg, places, history):
    matrix = queries.matrix(rotenburg, queries.Filters(as_of=D(2026, 4, 30)))
    language = next(c for c in matrix.categories if c.key == "language")
    assert matrix.cells[(places["sottrum"].pk, language.pk)].best == "planned"
    assert matrix.cells[(places["zeven"].pk, language.pk)].counts == {"active": 2}
    before_all = queries.matrix(rotenburg, queries.Filters(as_of=D(2025, 12, 31)))
    assert before_all.total == 0


def test_filters(rotenburg, history):
    only_ended = queries.matrix(rotenburg, queries.Filters(statuses=("ended",)))
    assert only_ended.total == 1
    jobcenter = queries.activities(rotenburg, queries.Filters(provider_kinds=("jobcenter",)))
    assert [a.title for a in jobcenter] == ["Job-Café"]


def test_changes_between_two_meetings(rotenburg, history):
    groups = queries.changes_between(rotenburg, D(2026, 3, 31), D(2026, 6, 30))
    found = {(place, row.title, row.change.kind) for place, rows in groups.items() for row in rows}
    assert found == {
        ("Samtgemeinde Sottrum", "Hausaufgabenhilfe", "new"),
        ("Samtgemeinde Zeven", "Job-Café", "ended"),
    }
    # The Sottrum activity became active within the period: it is new, now active.
    (row,) = groups["Samtgemeinde Sottrum"]
    assert (row.before_status, row.after_status) == (None, "active")
    assert row.when.date() == D(2026, 6, 1)


def test_changes_include_the_whole_district(rotenburg, history):
    groups = queries.changes_between(rotenburg, D(2026, 1, 1), D(2026, 2, 28))
    assert [r.title for r in groups[""]] == ["Runder Tisch"]
    assert list(groups)[-1] == ""  # the whole district comes last


def test_a_day_includes_everything_saved_on_it(rotenburg, history):
    groups = queries.changes_between(rotenburg, D(2026, 5, 9), D(2026, 5, 10))
    assert [r.title for rows in groups.values() for r in rows] == ["Job-Café"]


@pytest.mark.parametrize("extra", [0, 30])
def test_matrix_and_changes_need_a_constant_number_of_queries(
    rotenburg, places, history, django_assert_num_queries, extra
):
    for i in range(extra):
        make_activity(rotenburg, places["sottrum"], title=f"Angebot {i}")
    with django_assert_num_queries(3):
        queries.matrix(rotenburg, queries.Filters(as_of=D(2026, 12, 31)))
    with django_assert_num_queries(5):
        queries.changes_between(rotenburg, D(2026, 1, 1), D(2026, 12, 31))
