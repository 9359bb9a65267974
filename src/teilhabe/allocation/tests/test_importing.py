"""The all-or-nothing import of arrivals, on the real Rotenburg data.

Files are built the way users make them: typed in German Excel and saved as CSV (';',
Windows-1252, DD.MM.YYYY, the ARS without its leading 0), or as a workbook (openpyxl here, with
real date and number cells). The page tests at the end need the URLs `allocation:arrival-import`
and `allocation:arrival-import-preview`."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from teilhabe.allocation import services
from teilhabe.allocation.importing import (
    COLUMNS,
    KIND_LABELS,
    ArrivalPlan,
    StaleImportError,
    apply_import,
    plan_import,
)
from teilhabe.allocation.models import Arrival, ArrivalKind
from teilhabe.core.scoping import Scope
from teilhabe.regions.models import Municipality
from teilhabe.testing import SOTTRUM_ARS, ZEVEN_ARS

D = datetime.date
ZENSUS = D(2022, 5, 15)
HEADER = [column.header for column in COLUMNS]


@pytest.fixture(autouse=True)
def english():
    """Messages are checked in English; the file vocabulary is German in every language."""
    with translation.override("en"):
        yield


# --- data ------------------------------------------------------------------------------------


def make_period(district, start, end, name):
    return services.create_period(
        district,
        {
            "name": name,
            "start": start,
            "end": end,
            "quota": 895,
            "population_date": ZENSUS,
            "method": "hare-niemeyer",
            "staff_ratio_limit": 80,
        },
    )


@pytest.fixture
def district(rotenburg):
    return rotenburg


@pytest.fixture
def period(district):
    """The open period: April to September 2026."""
    return make_period(district, D(2026, 4, 1), D(2026, 9, 30), "2026/I")


@pytest.fixture
def earlier(district):
    """An earlier period, still open: October 2025 to March 2026."""
    return make_period(district, D(2025, 10, 1), D(2026, 3, 31), "2025/II")


@pytest.fixture
def zeven(district):
    return Municipality.objects.get(ars=ZEVEN_ARS)


@pytest.fixture
def sottrum(district):
    return Municipality.objects.get(ars=SOTTRUM_ARS)


@pytest.fixture
def alice(personas):
    return Scope.for_user(personas["alice"])


@pytest.fixture
def bob(personas):
    return Scope.for_user(personas["bob"])


# --- files -----------------------------------------------------------------------------------


def row(cells: dict[str, object] | None = None) -> list[object]:
    """A valid arrival in Zeven in the open period, with some cells replaced."""
    values = {
        "Kommune (ARS)": ZEVEN_ARS,
        "Datum": "02.05.2026",
        "Personen": "4",
        "Haushalte": "1",
        "Art": "Asylsuchende",
        "Wird angerechnet": "ja",
    } | (cells or {})
    return [values.get(header, "") for header in HEADER]


def csv_file(rows: list[list[object]], *, encoding="cp1252") -> bytes:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode(encoding)


def xlsx_file(rows: list[list[object]]) -> bytes:
    workbook = openpyxl.Workbook()
    for cells in rows:
        workbook.active.append(cells)
    for cell in workbook.active["C"][1:]:
        cell.number_format = "DD.MM.YYYY"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def located(plan: ArrivalPlan) -> list[tuple[int | None, str | None]]:
    return [(error.line, error.column) for error in plan.errors]


def recorded() -> list[tuple]:
    return list(
        Arrival.objects.order_by("pk").values_list(
            "municipality__ars",
            "date",
            "persons",
            "households",
            "kind",
            "counts_toward_quota",
            "note",
        )
    )


# --- good files ------------------------------------------------------------------------------


def test_a_german_excel_csv_is_previewed_then_recorded(district, period, alice, zeven, sottrum):
    rows = [
        HEADER,
        row(
            {
                "Kommune (ARS)": "33575408000",
                "Kommune": "Samtgemeinde Zeven",
                "Bemerkung": "Gemeinschaftsunterkunft Gärtnerstraße",
            }
        ),
        row(
            {
                "Kommune (ARS)": SOTTRUM_ARS,
                "Datum": "2026-06-15",
                "Personen": "3",
                "Haushalte": "2",
                "Art": "vorübergehender Schutz (Ukraine)",
                "Wird angerechnet": "nein",
            }
        ),
        ["", "", "", "", "", "", "", ""],  # Excel's line of bare separators
        row(
            {
                "Kommune (ARS)": "",
                "Kommune": "samtgemeinde  SOTTRUM",
                "Datum": "1.7.2026",
                "Personen": "5",
                "Haushalte": "2",
                "Art": "family",
                "Wird angerechnet": "",
            }
        ),
    ]
    data = csv_file(rows)
    assert "vorübergehender".encode("cp1252") in data  # really Windows-1252
    plan = plan_import(data, "ankuenfte.csv", district, alice)
    assert plan.ok, plan.errors
    assert [r.line for r in plan.rows] == [2, 3, 5]
    assert (plan.persons, plan.households, plan.counted) == (12, 5, 9)
    totals = [
        (t.municipality, t.arrivals, t.persons, t.households, t.counted)
        for t in plan.by_municipality
    ]
    assert totals == [(sottrum, 2, 8, 4, 5), (zeven, 1, 4, 1, 4)]  # by name
    assert {r.period for r in plan.rows} == {period}
    assert not Arrival.objects.exists()  # planning writes nothing

    assert apply_import(plan) == 3
    assert recorded() == [
        (ZEVEN_ARS, D(2026, 5, 2), 4, 1, "asylum", True, "Gemeinschaftsunterkunft Gärtnerstraße"),
        (SOTTRUM_ARS, D(2026, 6, 15), 3, 2, "ukraine", False, ""),
        (SOTTRUM_ARS, D(2026, 7, 1), 5, 2, "family", True, ""),
    ]


def test_a_workbook_with_typed_cells_round_trips(district, period, alice):
    """Real date cells, numbers (the ARS as a number without its 0), booleans and empty cells."""
    written = [
        (ZEVEN_ARS, D(2026, 4, 1), 7, 2, "resettlement", True, "Aufnahmeprogramm"),
        (SOTTRUM_ARS, D(2026, 9, 30), 1, 1, "other", False, ""),
    ]
    rows = [HEADER] + [
        [
            int(ars),
            None,
            datetime.datetime.combine(day, datetime.time()),
            persons,
            households,
            KIND_LABELS[kind],
            counts,
            note or None,
        ]
        for ars, day, persons, households, kind, counts, note in written
    ]
    plan = plan_import(xlsx_file(rows), "ankuenfte.xlsx", district, alice)
    assert plan.ok, plan.errors
    assert apply_import(plan) == 2
    assert recorded() == written


@pytest.mark.parametrize(("kind", "label"), KIND_LABELS.items())
def test_every_kind_is_read_by_its_german_label_its_code_and_the_interface_label(
    district, period, alice, kind, label
):
    interface = str(ArrivalKind(kind).label)  # English here
    with translation.override("de"):
        german_interface = str(ArrivalKind(kind).label)
    for text in (label, label.upper(), kind, interface, german_interface):
        plan = plan_import(csv_file([HEADER, row({"Art": text})]), "a.csv", district, alice)
        assert plan.ok and plan.rows[0].values["kind"] == kind, text


def test_every_kind_has_a_distinct_german_label():
    assert set(KIND_LABELS) == set(ArrivalKind.values)
    assert len(set(KIND_LABELS.values())) == len(KIND_LABELS)


def test_columns_may_come_in_any_order_and_unknown_ones_are_ignored(district, period, alice):
    rows = [
        ["Bemerkung", "Art", "Unterkunft", "Haushalte", "Personen", "Datum", "ARS"],
        ["", "Asylsuchende", "GU Zeven", "1", "2", "03.05.2026", ZEVEN_ARS],
    ]
    plan = plan_import(csv_file(rows), "a.csv", district, alice)
    assert plan.ok, plan.errors
    assert plan.ignored_columns == ("Unterkunft",)
    assert plan.rows[0].values["counts_toward_quota"] is True  # no column: counts, as by default


def test_a_file_imported_twice_is_noticed_but_not_refused(district, period, alice):
    data = csv_file([HEADER, row(), row({"Personen": "2"})])
    apply_import(plan_import(data, "a.csv", district, alice))
    again = plan_import(data, "a.csv", district, alice)
    assert again.ok and again.already_recorded == 2


@pytest.mark.parametrize("keys", [[ZEVEN_ARS, SOTTRUM_ARS], [ZEVEN_ARS, "033569999999"]])
def test_planning_needs_a_fixed_number_of_queries(district, period, alice, keys):
    def queries(lines: int) -> int:
        rows = [HEADER] + [row({"Kommune (ARS)": ars}) for ars in keys * lines]
        with CaptureQueriesContext(connection) as context:
            plan_import(csv_file(rows), "a.csv", district, alice)
        return len(context.captured_queries)

    assert queries(1) == queries(40)


# --- bad cells -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cells", "column", "words"),
    [
        (
            {"Kommune (ARS)": "033579999999"},
            "Kommune (ARS)",
            "no municipality with the regional key 033579999999",
        ),
        ({"Kommune (ARS)": "0335754080"}, "Kommune (ARS)", "not a regional key (ARS) of 12 digits"),
        ({"Kommune (ARS)": "3,36E+11"}, "Kommune (ARS)", "scientific notation"),
        ({"Kommune (ARS)": ""}, "Kommune (ARS)", "“Kommune (ARS)” must not be empty"),
        ({"Kommune (ARS)": "", "Kommune": "Atlantis"}, "Kommune", "no municipality “Atlantis” in"),
        ({"Datum": "31.02.2026"}, "Datum", "“31.02.2026” is not a date"),
        ({"Datum": "morgen"}, "Datum", "“morgen” is not a date"),
        ({"Datum": "05/02/2026"}, "Datum", "is not a date"),
        ({"Datum": ""}, "Datum", "“Datum” must not be empty"),
        ({"Datum": "01.01.2020"}, "Datum", "01.01.2020 lies in no allocation period"),
        ({"Personen": "drei"}, "Personen", "“drei” is not a whole number"),
        ({"Personen": "2,5"}, "Personen", "“2,5” is not a whole number"),
        ({"Personen": "0"}, "Personen", "“Personen” must be at least 1"),
        ({"Personen": "-2"}, "Personen", "“-2” is negative"),
        ({"Personen": ""}, "Personen", "“Personen” must not be empty"),
        ({"Haushalte": "0"}, "Haushalte", "“Haushalte” must be at least 1"),
        ({"Haushalte": "1,5"}, "Haushalte", "not a whole number"),
        ({"Personen": "2", "Haushalte": "3"}, "Haushalte", "more households than persons"),
        (
            {"Art": "Touristen"},
            "Art",
            "Unknown kind of arrival “Touristen”. Allowed are: Asylsuchende, ",
        ),
        ({"Art": ""}, "Art", "“Art” must not be empty"),
        (
            {"Wird angerechnet": "vielleicht"},
            "Wird angerechnet",
            "Write “ja” or “nein” instead of “vielleicht”",
        ),
        ({"Bemerkung": "x" * 201}, "Bemerkung", "201 characters; at most 200"),
    ],
)
def test_a_bad_cell_is_located_and_explained(district, period, alice, cells, column, words):
    plan = plan_import(csv_file([HEADER, row(cells)]), "a.csv", district, alice)
    assert not plan.ok and not plan.rows
    assert located(plan) == [(2, column)]
    assert words in plan.errors[0].message
    assert str(plan.errors[0]).startswith(f"Line 2, column “{column}”: ")


def test_a_municipality_of_another_district_is_refused(district, osterholz, period, alice):
    other = Municipality.objects.filter(district=osterholz).order_by("ars").first()
    plan = plan_import(
        csv_file([HEADER, row({"Kommune (ARS)": other.ars})]), "a.csv", district, alice
    )
    assert located(plan) == [(2, "Kommune (ARS)")]
    assert plan.errors[0].message == f"{other.name} ({other.ars}) belongs to another district."


def test_a_closed_period_refuses_arrivals(district, period, earlier, alice):
    services.close_period(earlier)
    rows = [HEADER, row(), row({"Datum": "15.03.2026"})]
    plan = plan_import(csv_file(rows), "a.csv", district, alice)
    assert located(plan) == [(3, "Datum")]
    assert "period “2025/II”, which is closed" in plan.errors[0].message
    assert not plan.ok


def test_every_problem_of_a_file_is_listed_in_file_order(district, period, alice):
    rows = [
        HEADER,
        row(),
        row({"Art": "?", "Datum": "gestern", "Personen": "0"}),
        row(),
        row({"Kommune (ARS)": "1"}),
        [*row(), "überzählig"],
    ]
    plan = plan_import(csv_file(rows), "a.csv", district, alice)
    assert located(plan) == [
        (3, "Datum"),
        (3, "Personen"),
        (3, "Art"),
        (5, "Kommune (ARS)"),
        (6, None),
    ]
    assert "9 fields, the header has 8" in plan.errors[-1].message


# --- all or nothing --------------------------------------------------------------------------


def test_one_bad_row_stops_the_whole_import(district, period, alice):
    rows = [HEADER, row(), row({"Haushalte": "9"}), row()]
    plan = plan_import(csv_file(rows), "a.csv", district, alice)
    assert len(plan.rows) == 2 and not plan.ok
    with pytest.raises(ValueError, match="refusing"):
        apply_import(plan)
    assert not Arrival.objects.exists()


def test_a_period_closed_after_the_check_stops_the_whole_import(district, period, earlier, alice):
    rows = [HEADER, row(), row({"Datum": "15.03.2026"})]
    plan = plan_import(csv_file(rows), "a.csv", district, alice)
    assert plan.ok
    services.close_period(earlier)
    with pytest.raises(StaleImportError) as raised:
        apply_import(plan)
    assert "Line 3: The period “2025/II” is closed" in str(raised.value)
    assert not Arrival.objects.exists()  # the first row, recorded before, is rolled back


def test_an_empty_plan_is_not_applied(district, period, alice):
    plan = plan_import(csv_file([HEADER]), "a.csv", district, alice)
    assert located(plan) == [(None, None)] and "contains no arrivals" in plan.errors[0].message
    with pytest.raises(ValueError, match="refusing"):
        apply_import(plan)


# --- the file and its header -----------------------------------------------------------------


@pytest.mark.parametrize(
    "column",
    [
        "Name",
        "Vorname",
        "Nachname",
        "Familienname",
        "Geburtsdatum",
        "Geb.-Datum",
        "Staatsangehörigkeit",
        "Nationalität",
        "Name, Vorname",
        "Name des Haushaltsvorstands",
        "Date of birth",
        "First name",
        "E-Mail",
        "Anschrift",
    ],
)
def test_a_column_of_personal_data_refuses_the_whole_file(district, period, alice, column):
    rows = [[*HEADER, column], [*row(), "Mustermann"], [*row({"Personen": "0"}), "Musterfrau"]]
    for data, name in ((csv_file(rows), "a.csv"), (xlsx_file(rows), "a.xlsx")):
        plan = plan_import(data, name, district, alice)
        assert located(plan) == [(1, column)], name  # only this: no row is read at all
        assert "Teilhabe stores counts only" in plan.errors[0].message
        assert f"“{column}”" in plan.errors[0].message
        assert not plan.rows


def test_municipality_names_are_not_personal_data(district, period, alice):
    for header in ("Kommune", "Name der Kommune", "Gemeinde", "Kommune (Name)"):
        rows = [
            ["Kommune (ARS)", header, "Datum", "Personen", "Haushalte", "Art"],
            [ZEVEN_ARS, "Samtgemeinde Zeven", "02.05.2026", "1", "1", "Sonstige"],
        ]
        assert plan_import(csv_file(rows), "a.csv", district, alice).ok, header


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ([h for h in HEADER if h != "Personen"], [(1, "Personen")]),
        ([h for h in HEADER if h not in ("Kommune (ARS)", "Kommune")], [(1, "Kommune (ARS)")]),
        ([*HEADER, "datum"], [(1, "Datum")]),
        (
            ["ID", "Kommune (ARS)", "Titel", "Handlungsfeld", "Status", "Trägerart"],
            [(1, "Datum"), (1, "Personen"), (1, "Haushalte"), (1, "Art")],
        ),
    ],
)
def test_a_wrong_header_is_refused(district, period, alice, header, expected):
    plan = plan_import(csv_file([header, [ZEVEN_ARS]]), "a.csv", district, alice)
    assert sorted(located(plan)) == sorted(expected)
    assert not plan.rows


def test_wrong_header_messages(district, period, alice):
    def messages(header):
        return [e.message for e in plan_import(csv_file([header]), "a", district, alice).errors]

    assert messages(["Kommune (ARS)", "Datum", "Haushalte", "Art"]) == [
        "The required column “Personen” is missing from the header."
    ]
    assert messages(["Datum", "Personen", "Haushalte", "Art"]) == [
        "The file needs the column “Kommune (ARS)” or the column “Kommune”."
    ]
    assert messages([*HEADER, "DATUM"]) == [
        "The column “Datum” appears more than once in the header."
    ]


@pytest.mark.parametrize(
    ("data", "name", "words"),
    [
        (b"", "a.csv", "The file is empty."),
        (b"\xd0\xcf\x11\xe0" + b"\x00" * 50, "a.xls", "old Excel format (.xls)"),
        (b"PK\x03\x04broken", "a.xlsx", "could not be read as an Excel workbook"),
        ("Kommune;Datum".encode("utf-16"), "a.csv", "UTF-16"),
    ],
)
def test_an_unreadable_file_is_refused(district, period, alice, data, name, words):
    plan = plan_import(data, name, district, alice)
    assert located(plan) == [(None, None)]
    assert words in plan.errors[0].message


# --- who may import what ---------------------------------------------------------------------


def test_an_editor_may_import_only_for_their_municipality(district, period, bob):
    rows = [
        HEADER,
        row(),
        row({"Kommune (ARS)": SOTTRUM_ARS}),
        row({"Kommune (ARS)": "", "Kommune": "Samtgemeinde Sottrum"}),
    ]
    plan = plan_import(csv_file(rows), "a.csv", district, bob)
    assert located(plan) == [(3, "Kommune (ARS)"), (4, "Kommune")]
    assert plan.errors[0].message == "You may not record arrivals for Samtgemeinde Sottrum."
    assert not plan.ok

    own = plan_import(
        csv_file([HEADER, row(), row({"Personen": "6", "Haushalte": "2"})]), "a.csv", district, bob
    )
    assert own.ok and apply_import(own) == 2
    assert Arrival.objects.filter(municipality__ars=ZEVEN_ARS).count() == 2


@pytest.mark.parametrize("persona", ["carol", "dave"])
def test_viewers_and_coordinators_of_other_districts_may_import_nothing(
    district, period, personas, persona
):
    plan = plan_import(
        csv_file([HEADER, row(), row({"Kommune (ARS)": SOTTRUM_ARS})]),
        "a.csv",
        district,
        Scope.for_user(personas[persona]),
    )
    assert located(plan) == [(2, "Kommune (ARS)"), (3, "Kommune (ARS)")]
    assert "may not record arrivals" in plan.errors[0].message


def test_a_coordinator_may_import_for_every_municipality(district, period, alice):
    every = Municipality.objects.filter(district=district).order_by("ars")
    rows = [HEADER] + [row({"Kommune (ARS)": m.ars}) for m in every]
    plan = plan_import(csv_file(rows), "a.csv", district, alice)
    assert plan.ok and len(plan.by_municipality) == every.count() == 13


# --- the pages -------------------------------------------------------------------------------


class TestImportPages:
    """Need the URLs `allocation:arrival-import` and `allocation:arrival-import-preview`."""

    @pytest.fixture
    def client(self, client):
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        return client

    def upload(self, client, data: bytes, name="ankuenfte.csv") -> str:
        url = reverse("allocation:arrival-import", kwargs={"ags": "03357"})
        response = client.post(url, {"file": SimpleUploadedFile(name, data)})
        assert response.status_code == 302
        return response["Location"]

    def test_upload_preview_and_confirm(self, client, personas, district, period):
        client.force_login(personas["alice"])
        page = client.get(reverse("allocation:arrival-import", kwargs={"ags": "03357"}))
        assert page.status_code == 200 and "Wird angerechnet" in page.content.decode()
        rows = [HEADER, row(), row({"Kommune (ARS)": SOTTRUM_ARS, "Personen": "3"})]
        preview = self.upload(client, csv_file(rows))
        text = client.get(preview).content.decode()
        assert "Samtgemeinde Zeven" in text and "Samtgemeinde Sottrum" in text
        assert "2 arrivals with 7 persons in 2 households" in text
        assert not Arrival.objects.exists()
        response = client.post(preview)
        assert response["Location"] == reverse("allocation:period-list", kwargs={"ags": "03357"})
        assert Arrival.objects.count() == 2
        assert [str(m) for m in get_messages(response.wsgi_request)] == [
            "Import finished: 2 arrivals recorded."
        ]
        assert client.get(preview).status_code == 404  # the upload is gone

    def test_a_file_with_problems_shows_them_and_writes_nothing(
        self, client, personas, district, period
    ):
        client.force_login(personas["bob"])
        rows = [HEADER, row(), row({"Art": "Touristen"}), row({"Kommune (ARS)": SOTTRUM_ARS})]
        preview = self.upload(client, csv_file(rows))
        text = client.get(preview).content.decode()
        assert (
            "Touristen" in text and "You may not record arrivals for Samtgemeinde Sottrum" in text
        )
        assert client.post(preview).status_code == 200
        assert not Arrival.objects.exists()

    def test_personal_data_is_refused_on_the_page(self, client, personas, district, period):
        client.force_login(personas["alice"])
        preview = self.upload(client, xlsx_file([[*HEADER, "Vorname"], [*row(), "Anna"]]), "a.xlsx")
        assert "Teilhabe stores counts only" in client.get(preview).content.decode()
        client.post(preview)
        assert not Arrival.objects.exists()

    def test_viewers_may_not_import(self, client, personas, district, period):
        client.force_login(personas["carol"])
        assert (
            client.get(reverse("allocation:arrival-import", kwargs={"ags": "03357"})).status_code
            == 403
        )
        url = reverse("allocation:arrival-import-preview", kwargs={"ags": "03357", "token": "x"})
        assert client.get(url).status_code == 403

    def test_an_upload_is_only_seen_by_its_owner(self, client, personas, district, period):
        client.force_login(personas["alice"])
        preview = self.upload(client, csv_file([HEADER, row()]))
        client.force_login(personas["bob"])
        assert client.get(preview).status_code == 404
        assert client.post(preview).status_code == 404
        assert not Arrival.objects.exists()
