"""The households of a batch from a file, as the Land's notice is typed into German Excel and
saved as CSV (';', Windows-1252) or as a workbook; then through the pages, with a preview
before anything is saved. All or nothing; bad sizes and personal columns are refused."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from teilhabe.core.scoping import Scope
from teilhabe.placement.importing import apply_import, plan_import
from teilhabe.testing import xlsx


@pytest.fixture(autouse=True)
def _german():
    with translation.override("de"):
        yield


def csv_file(rows: list[list[object]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode("cp1252")


def xlsx_file(rows: list[list[object]]) -> bytes:
    return xlsx({"Sheet": rows})


def test_a_german_excel_csv_adds_every_household(rotenburg, personas, batch):
    data = csv_file(
        [["Personen", "Barrierefrei", "Kinder"], [7, "", 4], [1, "ja", ""], [3, "nein", 1]]
    )
    plan = plan_import(data, "ankündigung.csv", rotenburg, Scope.for_user(personas["alice"]))
    assert plan.ok and (plan.persons, plan.barrier_free, plan.children) == (11, 1, 5)
    assert apply_import(plan, batch) == 3
    rows = list(batch.households.values_list("position", "size", "barrier_free", "children"))
    assert rows == [(1, 7, False, 4), (2, 1, True, 0), (3, 3, False, 1)]


def test_a_workbook_is_read_too(rotenburg, personas, batch):
    data = xlsx_file([["Haushaltsgröße", "barrierefrei nötig"], [5, "ja"], [2, None]])
    plan = plan_import(data, "kw51.xlsx", rotenburg, Scope.for_user(personas["alice"]))
    assert plan.ok and plan.persons == 7


@pytest.mark.parametrize(
    ("size", "words"),
    [
        ("-2", "ist negativ"),
        ("0", "mindestens 1 Person"),
        ("2,5", "ganze Zahl"),
        ("31", "mehr als 30 Personen"),
        ("drei", "ganze Zahl"),
    ],
)
def test_a_bad_size_is_located_and_nothing_is_added(rotenburg, personas, batch, size, words):
    data = csv_file([["Personen"], [2], [size]])
    plan = plan_import(data, "x.csv", rotenburg, Scope.for_user(personas["alice"]))
    assert not plan.ok
    (problem,) = plan.errors
    assert (problem.line, problem.column) == (3, "Personen")
    assert words in problem.message
    assert not batch.households.exists()


def test_more_children_than_the_household_allows_is_refused(rotenburg, personas, batch):
    data = csv_file([["Personen", "Kinder"], [2, 2]])
    plan = plan_import(data, "x.csv", rotenburg, Scope.for_user(personas["alice"]))
    assert "höchstens 1 Kinder" in plan.errors[0].message


def test_a_column_with_names_is_refused_as_a_whole(rotenburg, personas, batch):
    data = csv_file([["Personen", "Familienname"], [2, "Muster"]])
    plan = plan_import(data, "x.csv", rotenburg, Scope.for_user(personas["alice"]))
    assert not plan.ok and "personenbezogene" in plan.errors[0].message


def test_the_pages_preview_then_add(client, personas, batch):
    client.force_login(personas["alice"])
    url = reverse("placement:household-import", kwargs={"ags": "03357", "pk": batch.pk})
    upload = SimpleUploadedFile("kw51.csv", csv_file([["Personen"], [4], [2]]))
    response = client.post(url, {"file": upload}, HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 302
    preview = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="de")
    assert "2 Haushalte mit 6 Personen" in preview.content.decode()
    assert not batch.households.exists()  # nothing before the confirmation
    done = client.post(response["Location"], HTTP_ACCEPT_LANGUAGE="de")
    assert done["Location"] == reverse("placement:batch-detail", args=["03357", batch.pk])
    assert batch.households.count() == 2
