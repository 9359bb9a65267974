"""Spreadsheet export and the all-or-nothing import of the stock-take, on the real Rotenburg data.

Import files are built the way users make them: by editing our own export in Excel (openpyxl
here), or by typing a CSV in German Excel (';', Windows-1252, DD.MM.YYYY, ARS without its 0).
"""

import csv
import datetime
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st
from openpyxl.utils import get_column_letter

from teilhabe.core import parsing
from teilhabe.core.scoping import Scope
from teilhabe.core.tabular import cells, reading
from teilhabe.core.tabular.writer import FORMULA_START, csv_text, neutralise
from teilhabe.inventory import tabular
from teilhabe.inventory.importing import ImportPlan, StaleImportError, apply_import, plan_import
from teilhabe.inventory.models import (
    Activity,
    ActivityStatus,
    Category,
    ProviderKind,
    TargetGroup,
    encode_target_groups,
)
from teilhabe.inventory.tabular import (
    COLUMNS,
    export_activities_csv,
    export_activities_xlsx,
    export_matrix_csv,
    export_matrix_xlsx,
)
from teilhabe.inventory.taxonomy import ensure_default_categories
from teilhabe.regions.models import Municipality
from teilhabe.testing import SOTTRUM_ARS, ZEVEN_ARS

HEADER = [column.header for column in COLUMNS]
BOM = b"\xef\xbb\xbf"


@pytest.fixture(autouse=True)
def english():
    """Messages are checked in English; the file vocabulary is German in every language."""
    with translation.override("en"):
        yield


# --- data ------------------------------------------------------------------------------------


@pytest.fixture
def district(rotenburg):
    ensure_default_categories(rotenburg)  # normally done by the signal; harmless if it was
    return rotenburg


@pytest.fixture
def zeven(district):
    return Municipality.objects.get(ars=ZEVEN_ARS)


@pytest.fixture
def sottrum(district):
    return Municipality.objects.get(ars=SOTTRUM_ARS)


def category(district, key):
    return Category.objects.get(district=district, key=key)


@pytest.fixture
def activities(district, zeven, sottrum):
    """Three activities: in Zeven, in Sottrum and for the whole district."""
    return [
        Activity.objects.create(
            district=district,
            municipality=zeven,
            title="Sprachcafé Zeven",
            category=category(district, "language"),
            status=ActivityStatus.ACTIVE,
            provider_kind=ProviderKind.VOLUNTEERS,
            provider_name="Café International e. V.",
            target_groups=encode_target_groups([TargetGroup.REFUGEES, TargetGroup.WOMEN]),
            languages="Deutsch, Arabisch",
            volunteers=12,
            reach=40,
            start_date=datetime.date(2024, 1, 31),
            end_date=datetime.date(2026, 12, 31),
            contact_organisation="Freiwilligenagentur Zeven",
            public=True,
            last_confirmed=datetime.date(2025, 3, 1),
            description="Jeden Dienstag.\nIm Gemeindehaus.",
        ),
        Activity.objects.create(
            district=district,
            municipality=sottrum,
            title="=Hausaufgabenhilfe",
            category=category(district, "education"),
            status=ActivityStatus.PLANNED,
            provider_kind=ProviderKind.ASSOCIATION,
        ),
        Activity.objects.create(
            district=district,
            municipality=None,
            title="Migrationsberatung",
            category=category(district, "orientation"),
            status=ActivityStatus.ACTIVE,
            provider_kind=ProviderKind.WELFARE,
            volunteers=0,
        ),
    ]


def prepared(district):
    """The activities as the views pass them: one query, related objects included."""
    return list(
        Activity.objects.filter(district=district)
        .select_related("municipality", "category")
        .order_by("pk")
    )


def scope(user) -> Scope:
    return Scope.for_user(user)


@pytest.fixture
def alice(personas):
    return scope(personas["alice"])


@pytest.fixture
def bob(personas):
    return scope(personas["bob"])


# --- files -----------------------------------------------------------------------------------


def load(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data))


def save(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def edit_xlsx(data: bytes, edits: dict[tuple[int, str], object]) -> bytes:
    """Change cells of an export, addressed by (row, German header), as a user in Excel would."""
    workbook = load(data)
    sheet = workbook["Angebote"]
    for (row, header), value in edits.items():
        sheet.cell(row=row, column=HEADER.index(header) + 1, value=value)
    return save(workbook)


def xlsx_file(rows: list[list[object]]) -> bytes:
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    return save(workbook)


def csv_file(rows: list[list[str]], *, delimiter=";", encoding="utf-8-sig") -> bytes:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode(encoding)


def new_row(cells: dict[str, str] | None = None) -> list[str]:
    """A valid new activity in Zeven, with some cells replaced."""
    values = {
        "Kommune (ARS)": ZEVEN_ARS,
        "Titel": "Nähcafé",
        "Handlungsfeld": "Sprache",
        "Status": "aktiv",
        "Trägerart": "Verein",
    } | (cells or {})
    return [values.get(header, "") for header in HEADER]


def located(plan: ImportPlan) -> list[tuple[int | None, str | None]]:
    return [(error.line, error.column) for error in plan.errors]


def db_state():
    """Everything an import could change."""
    return (
        list(Activity.objects.order_by("pk").values()),
        Activity.history.count(),
    )


# --- vocabulary ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("labels", "choices"),
    [
        (tabular.STATUS_LABELS, ActivityStatus),
        (tabular.PROVIDER_KIND_LABELS, ProviderKind),
        (tabular.TARGET_GROUP_LABELS, TargetGroup),
    ],
)
def test_every_choice_has_a_german_label(labels, choices):
    assert set(labels) == set(choices.values)
    assert len(set(labels.values())) == len(labels)


def test_every_activity_field_the_user_edits_has_a_column():
    fields = {f.name for f in Activity._meta.get_fields() if getattr(f, "editable", False)}
    # No person's name goes into files that travel by e-mail: the directory's named contact is
    # chosen in the form only (the file names the contact organisation).
    fields -= {"id", "district", "public_contact"}
    assert fields == set(tabular.IMPORT_FIELDS)


# --- export ----------------------------------------------------------------------------------


def test_the_workbook_has_german_headers_real_dates_and_text_keys(district, activities):
    sheet = load(export_activities_xlsx(prepared(district)))["Angebote"]
    assert [cell.value for cell in sheet[1]] == HEADER
    assert all(cell.font.b for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:{get_column_letter(len(HEADER))}4"  # every column
    zeven = {header: cell for header, cell in zip(HEADER, sheet[2], strict=True)}
    assert zeven["Kommune (ARS)"].value == "033575408000"
    assert zeven["Kommune (ARS)"].data_type == "s"
    assert zeven["Kommune (ARS)"].number_format == "@"
    assert zeven["Beginn"].value.date() == datetime.date(2024, 1, 31)
    assert zeven["Beginn"].is_date
    assert zeven["Beginn"].number_format == "DD.MM.YYYY"
    assert zeven["Ehrenamtliche"].value == 12
    assert zeven["ID"].value == activities[0].pk
    assert zeven["Zielgruppen"].value == "Geflüchtete, Frauen"
    assert zeven["Status"].value == "aktiv"
    assert zeven["Trägerart"].value == "Ehrenamtliche Initiative"
    assert zeven["Öffentlich"].value == "ja"
    assert zeven["Handlungsfeld"].value == "Sprache"
    whole = {header: cell.value for header, cell in zip(HEADER, sheet[4], strict=True)}
    assert (whole["Kommune (ARS)"], whole["Kommune"]) == (None, "kreisweit")
    assert (whole["Ehrenamtliche"], whole["Träger"]) == (0, None)
    assert sheet.column_dimensions["B"].number_format == "@"


def test_a_title_like_a_formula_stays_text(district, activities):
    sheet = load(export_activities_xlsx(prepared(district)))["Angebote"]
    cell = sheet.cell(row=3, column=HEADER.index("Titel") + 1)
    # As in the CSV: the apostrophe keeps Excel from running it, the import drops it again.
    assert (cell.value, cell.data_type) == ("'=Hausaufgabenhilfe", "s")


def test_the_notes_sheet_lists_the_allowed_values(district, activities):
    sheet = load(export_activities_xlsx(prepared(district)))["Hinweise"]
    text = "\n".join(str(cell.value) for row in sheet.iter_rows() for cell in row if cell.value)
    for expected in (
        "geplant",
        "im Aufbau",
        "Migrantenorganisation",
        "Fachkräfte und Verwaltung",
        "Antidiskriminierung",
        "Kommune (ARS)",
        "TT.MM.JJJJ",
    ):
        assert expected in text


def test_an_empty_template_lists_the_given_fields_of_action(district):
    workbook = load(export_activities_xlsx([], categories=district.categories.all()))
    assert [cell.value for cell in workbook["Angebote"][1]] == HEADER
    names = [row[1].value for row in workbook["Hinweise"].iter_rows()]
    assert "Vernetzung und Koordination" in names


def test_the_csv_is_what_german_excel_opens(district, activities):
    data = export_activities_csv(prepared(district))
    assert data.startswith(BOM)
    text = data[len(BOM) :].decode("utf-8")
    assert text.startswith(";".join(HEADER) + "\r\n")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    zeven = dict(zip(HEADER, rows[1], strict=True))
    assert zeven["Kommune (ARS)"] == "033575408000"
    assert (zeven["Beginn"], zeven["Ende"]) == ("31.01.2024", "31.12.2026")
    assert zeven["Beschreibung"] == "Jeden Dienstag.\nIm Gemeindehaus."
    # Excel would run "=…" as a formula; the apostrophe makes it text and the import drops it.
    assert rows[2][HEADER.index("Titel")] == "'=Hausaufgabenhilfe"


def test_exports_of_a_prepared_list_do_not_query(district, activities, django_assert_num_queries):
    rows = prepared(district)
    categories = list(district.categories.all())
    with django_assert_num_queries(0):
        export_activities_xlsx(rows, categories=categories)
        export_activities_csv(rows)


def test_the_matrix_is_written_as_given():
    rows, columns = ["Zeven", "kreisweit"], ["Sprache", "Wohnen"]
    cells = [["aktiv (3)", ""], ["geplant (1)", "aktiv (1)"]]
    sheet = load(export_matrix_xlsx(rows, columns, cells, "Matrix: Stand 1/2026")).active
    assert sheet.title == "Matrix  Stand 1 2026"
    assert sheet["A1"].value == "Matrix: Stand 1/2026"
    assert [c.value for c in sheet[2]] == [None, "Sprache", "Wohnen"]
    assert [c.value for c in sheet[3]] == ["Zeven", "aktiv (3)", None]
    assert sheet.freeze_panes == "B3"
    data = export_matrix_csv(rows, columns, cells, "Matrix", corner="Kommune")
    assert data == BOM + (
        b"Matrix\r\nKommune;Sprache;Wohnen\r\nZeven;aktiv (3);\r\nkreisweit;geplant (1);aktiv (1)\r\n"
    )


def test_a_ragged_matrix_is_refused():
    with pytest.raises(ValueError):
        export_matrix_csv(["a", "b"], ["x"], [["1"]], "t")
    with pytest.raises(ValueError):
        export_matrix_xlsx(["a"], ["x", "y"], [["1"]], "t")


# --- round trip and changes -------------------------------------------------------------------


@pytest.mark.parametrize("export", [export_activities_xlsx, export_activities_csv])
def test_a_file_imported_as_exported_changes_nothing(district, activities, alice, export):
    data = export(prepared(district))
    plan = plan_import(data, "angebote.bin", district, alice)
    assert plan.errors == ()
    assert [row.action for row in plan.rows] == ["unchanged"] * 3
    assert (plan.ok, plan.created, plan.updated, plan.unchanged) == (True, 0, 0, 3)
    before = db_state()
    assert apply_import(plan, district) == 0
    assert db_state() == before


HOSTILE = [
    '=HYPERLINK("http://evil.example","x")',
    "+1+2",
    "-2+3",
    "@SUM(1,1)",
    "\t=1",
    "\r=1",
    "'=quoted",
    "'apostrophe",
]


def texts_of(data: bytes) -> list[str]:
    """Every text of a file as a spreadsheet reads it."""
    if data.startswith(b"PK"):
        book = load(data)
        values = [cell.value for sheet in book for row in sheet.iter_rows() for cell in row]
    else:
        text = data.decode("utf-8-sig")
        values = [
            v for row in csv.reader(io.StringIO(text, newline=""), delimiter=";") for v in row
        ]
    return [value for value in values if isinstance(value, str)]


@pytest.mark.parametrize("export", [export_activities_xlsx, export_activities_csv])
def test_hostile_text_is_neutralised_and_imports_back_unchanged(
    district, activities, alice, export
):
    for position, activity in enumerate(activities):
        Activity.objects.filter(pk=activity.pk).update(
            **{
                name: HOSTILE[(position * 5 + offset) % len(HOSTILE)]
                for offset, name in enumerate(tabular.TEXT_FIELDS)
            }
        )
    Category.objects.filter(district=district, key="language").update(name="@Sprache")
    data = export(prepared(district))
    texts = texts_of(data)
    for text in [*HOSTILE, "@Sprache"]:
        assert neutralise(text).replace("\r", "\n" if data.startswith(b"PK") else "\r") in texts
    assert not [text for text in texts if text.startswith((*FORMULA_START, "\n"))]

    plan = plan_import(data, "angebote.bin", district, alice)
    assert (plan.errors, plan.unchanged) == ((), 3)
    before = db_state()
    assert apply_import(plan, district) == 0
    assert db_state() == before


def test_a_csv_saved_again_by_excel_round_trips(district, activities, alice):
    """Excel drops the ARS's leading 0 and writes Windows-1252 with ';'."""
    text = export_activities_csv(prepared(district))[len(BOM) :].decode("utf-8")
    text = text.replace(";033575", ";33575")
    plan = plan_import(text.encode("cp1252"), "angebote.csv", district, alice)
    assert (plan.errors, plan.unchanged) == ((), 3)


def test_an_edited_cell_becomes_one_update(district, activities, alice):
    data = edit_xlsx(export_activities_xlsx(prepared(district)), {(2, "Status"): "pausiert"})
    plan = plan_import(data, "angebote.xlsx", district, alice)
    assert [row.action for row in plan.rows] == ["update", "unchanged", "unchanged"]
    update = plan.rows[0]
    assert (update.line, update.activity_id) == (2, activities[0].pk)
    assert update.changes == {"status": ("aktiv", "pausiert")}
    history = Activity.history.filter(id=activities[0].pk).count()
    assert apply_import(plan, district) == 1
    activity = Activity.objects.get(pk=activities[0].pk)
    assert (activity.status, activity.version) == ("paused", 2)
    assert activity.target_group_list == ["refugees", "women"]
    assert Activity.history.filter(id=activity.pk).count() == history + 1


def test_changes_are_shown_in_the_files_vocabulary(district, activities, alice, sottrum):
    data = edit_xlsx(
        export_activities_xlsx(prepared(district)),
        {
            (2, "Kommune (ARS)"): SOTTRUM_ARS,
            (2, "Ende"): datetime.date(2027, 6, 30),
            (2, "Zielgruppen"): "Frauen, Kinder",
            (2, "Öffentlich"): "nein",
        },
    )
    changes = plan_import(data, "a.xlsx", district, alice).rows[0].changes
    assert changes == {
        "municipality": ("Samtgemeinde Zeven (033575408000)", f"{sottrum.name} ({SOTTRUM_ARS})"),
        "target_groups": ("Geflüchtete, Frauen", "Kinder, Frauen"),
        "end_date": ("31.12.2026", "30.06.2027"),
        "public": ("ja", "nein"),
    }


def test_a_row_without_id_is_created_with_history(district, activities, alice, zeven):
    workbook = load(export_activities_xlsx(prepared(district)))
    workbook["Angebote"].append(
        new_row(
            {
                "Titel": "Nähcafé",
                "Zielgruppen": "Frauen; Familien",
                "Beginn": datetime.date(2025, 5, 1),
            }
        )
    )
    plan = plan_import(save(workbook), "angebote.xlsx", district, alice)
    assert (plan.ok, plan.created, plan.unchanged) == (True, 1, 3)
    assert plan.rows[3].line == 5
    assert apply_import(plan, district) == 1
    created = Activity.objects.get(title="Nähcafé")
    assert (created.municipality, created.category.key, created.provider_kind) == (
        zeven,
        "language",
        "association",
    )
    assert created.target_groups == ",families,women,"
    assert (created.start_date, created.public, created.volunteers) == (
        datetime.date(2025, 5, 1),
        False,
        None,
    )
    assert created.history.count() == 1


def test_a_german_excel_csv_in_windows_1252_parses(district, alice, zeven):
    rows = [
        HEADER,
        new_row(
            {
                "Kommune (ARS)": "33575408000",
                "Titel": "Begegnungscafé für Ältere",
                "Handlungsfeld": "gesundheit und psychosoziale versorgung",
                "Status": "im Aufbau",
                "Trägerart": "Kirche oder Religionsgemeinschaft",
                "Zielgruppen": "Ältere Menschen",
                "Ehrenamtliche": "1.200",
                "Beginn": "01.02.2025",
                "Ende": "2025-12-31",
                "Öffentlich": "ja",
            }
        ),
    ]
    plan = plan_import(csv_file(rows, encoding="cp1252"), "liste.csv", district, alice)
    assert plan.errors == ()
    values = plan.rows[0].values
    assert (values["municipality"], values["title"], values["category"].key) == (
        zeven,
        "Begegnungscafé für Ältere",
        "health",
    )
    assert (values["status"], values["provider_kind"]) == ("starting", "church")
    assert (values["target_groups"], values["volunteers"]) == (",seniors,", 1200)
    assert (values["start_date"], values["end_date"]) == (
        datetime.date(2025, 2, 1),
        datetime.date(2025, 12, 31),
    )
    assert values["public"] is True


def test_codes_keys_and_english_names_are_accepted(district, alice):
    rows = [
        HEADER,
        new_row(
            {
                "Handlungsfeld": "HOUSING",
                "Status": "paused",
                "Trägerart": "migrant_organisation",
                "Zielgruppen": "youth, Kinder",
            }
        ),
        new_row({"Handlungsfeld": "Sport and culture"}),
    ]
    plan = plan_import(csv_file(rows, delimiter=","), "list.csv", district, alice)
    assert plan.errors == ()
    first, second = (row.values for row in plan.rows)
    assert (first["category"].key, first["status"], first["provider_kind"]) == (
        "housing",
        "paused",
        "migrant_organisation",
    )
    assert first["target_groups"] == ",children,youth,"
    assert second["category"].key == "sport-culture"


def test_the_format_is_taken_from_the_content_not_the_name(district, activities, alice):
    xlsx = export_activities_xlsx(prepared(district))
    csv_data = export_activities_csv(prepared(district))
    assert plan_import(xlsx, "angebote.csv", district, alice).unchanged == 3
    assert plan_import(csv_data, "angebote.xlsx", district, alice).unchanged == 3


def test_the_sheet_angebote_is_read_even_when_not_first(district, alice):
    workbook = openpyxl.Workbook()
    workbook.active.title = "Notizen"
    workbook.active.append(["nur eine Notiz"])
    sheet = workbook.create_sheet("Angebote")
    sheet.append(HEADER)
    sheet.append(new_row())
    assert plan_import(save(workbook), "a.xlsx", district, alice).created == 1


def test_numbers_typed_into_text_columns_are_read(district, alice, zeven):
    """Excel stores an ARS, an ID or a title typed as digits as a number."""
    row = new_row({"Titel": 2026, "Kommune (ARS)": 33575408000, "Ehrenamtliche": 3.0})
    plan = plan_import(xlsx_file([HEADER, row]), "a.xlsx", district, alice)
    assert plan.errors == ()
    values = plan.rows[0].values
    assert (values["title"], values["municipality"], values["volunteers"]) == ("2026", zeven, 3)


def test_a_file_with_only_some_columns_changes_only_those(district, activities, alice):
    rows = [
        ["ID", "Titel", "Handlungsfeld", "Status", "Trägerart", "Eigene Notiz"],
        [
            str(activities[0].pk),
            "Sprachcafé Zeven",
            "Sprache",
            "beendet",
            "Ehrenamtliche Initiative",
            "egal",
        ],
    ]
    plan = plan_import(csv_file(rows), "a.csv", district, alice)
    assert plan.ignored_columns == ("Eigene Notiz",)
    assert plan.rows[0].changes == {"status": ("aktiv", "beendet")}
    apply_import(plan, district)
    activity = Activity.objects.get(pk=activities[0].pk)
    assert (activity.status, activity.volunteers, activity.municipality.ars) == (
        "ended",
        12,
        ZEVEN_ARS,
    )


def test_a_name_without_ars_is_looked_up_in_the_district(district, alice, zeven):
    rows = [
        HEADER,
        new_row({"Kommune (ARS)": "", "Kommune": "samtgemeinde zeven"}),
        new_row({"Kommune (ARS)": "", "Kommune": "kreisweit"}),
        new_row({"Kommune (ARS)": "", "Kommune": "Zevenn"}),
    ]
    plan = plan_import(csv_file(rows), "a.csv", district, alice)
    assert located(plan) == [(4, "Kommune (ARS)")]
    assert "Zevenn" in plan.errors[0].message
    assert [row.values["municipality"] for row in plan.rows] == [zeven, None]


def test_the_number_of_queries_does_not_grow_with_the_rows(district, activities, alice):
    def queries(copies: int) -> int:
        rows = [HEADER, *[new_row({"Titel": f"Kurs {n}"}) for n in range(copies)]]
        data = export_activities_csv(prepared(district)) + csv_file(rows[1:], encoding="utf-8")
        with CaptureQueriesContext(connection) as context:
            assert plan_import(data, "a.csv", district, alice).ok
        return len(context.captured_queries)

    assert queries(2) == queries(40) <= 6


# --- errors: nothing is written ---------------------------------------------------------------

OTHER_TITLE = "Gute Zeile"


@pytest.mark.parametrize(
    ("cells", "column", "words"),
    [
        ({"Titel": "  "}, "Titel", "must not be empty"),
        ({"Handlungsfeld": "Sprachen"}, "Handlungsfeld", "Erstorientierung und Beratung"),
        ({"Handlungsfeld": ""}, "Handlungsfeld", "must not be empty"),
        ({"Status": "läuft"}, "Status", "geplant, im Aufbau, aktiv"),
        ({"Trägerart": "Stiftung"}, "Trägerart", "“Stiftung”"),
        ({"Zielgruppen": "Frauen, Männer, Senioren"}, "Zielgruppen", "“Männer”, “Senioren”"),
        ({"Kommune (ARS)": "033579999999"}, "Kommune (ARS)", "033579999999"),
        ({"Kommune (ARS)": "3357540"}, "Kommune (ARS)", "12 digits"),
        ({"Kommune (ARS)": "3,35754E+11"}, "Kommune (ARS)", "scientific notation"),
        ({"Beginn": "01.06.2025", "Ende": "31.05.2025"}, "Ende", "end must not be before"),
        ({"Beginn": "31.02.2025"}, "Beginn", "DD.MM.YYYY"),
        ({"Ende": "2025/12/31"}, "Ende", "not a date"),
        ({"Zuletzt bestätigt": "gestern"}, "Zuletzt bestätigt", "not a date"),
        ({"Ehrenamtliche": "drei"}, "Ehrenamtliche", "not a whole number"),
        ({"Ehrenamtliche": "2,5"}, "Ehrenamtliche", "not a whole number"),
        ({"Plätze/Reichweite": "-4"}, "Plätze/Reichweite", "negative"),
        ({"Plätze/Reichweite": "99999999999"}, "Plätze/Reichweite", "too large"),
        ({"Öffentlich": "vielleicht"}, "Öffentlich", "“ja” or “nein”"),
        ({"ID": "999999"}, "ID", "no activity with ID 999999"),
        ({"ID": "abc"}, "ID", "not a whole number"),
        ({"Titel": "x" * 201}, "Titel", "201 characters"),
    ],
)
def test_one_bad_row_stops_the_whole_import(district, activities, alice, cells, column, words):
    rows = [HEADER, new_row({"Titel": OTHER_TITLE}), new_row(cells)]
    plan = plan_import(csv_file(rows), "a.csv", district, alice)
    assert located(plan) == [(3, column)]
    assert words in plan.errors[0].message
    assert [row.values["title"] for row in plan.rows] == [OTHER_TITLE]  # the good row is planned
    assert not plan.ok
    before = db_state()
    with pytest.raises(ValueError):
        apply_import(plan, district)
    assert db_state() == before


def test_every_problem_is_reported_at_once(district, alice):
    rows = [
        HEADER,
        new_row({"Titel": "", "Status": "x", "Ende": "gestern"}),
        new_row(),
        new_row({"Trägerart": "?"}),
    ]
    plan = plan_import(csv_file(rows), "a.csv", district, alice)
    assert located(plan) == [(2, "Titel"), (2, "Status"), (2, "Ende"), (4, "Trägerart")]
    assert "Line 2, column “Titel”:" in str(plan.errors[0])


def test_line_numbers_count_line_breaks_inside_cells(district, alice):
    rows = [
        HEADER,
        new_row({"Beschreibung": "erste Zeile\nzweite Zeile\ndritte"}),
        new_row({"Status": "?"}),
    ]
    assert located(plan_import(csv_file(rows), "a.csv", district, alice)) == [(5, "Status")]


def test_an_id_twice_is_refused(district, activities, alice):
    data = export_activities_csv(prepared(district))
    data += csv_file([export_rows(district)[1]], encoding="utf-8")
    plan = plan_import(data, "a.csv", district, alice)
    # Line 6: the first activity's description spans two lines of the file.
    assert located(plan) == [(6, "ID")]
    assert "line 2" in plan.errors[0].message


def export_rows(district) -> list[list[str]]:
    text = export_activities_csv(prepared(district))[len(BOM) :].decode("utf-8")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))


def test_activities_and_municipalities_of_other_districts_are_refused(
    district, activities, personas, osterholz
):
    elsewhere = Municipality.objects.filter(district=osterholz).first()
    foreign = Activity.objects.create(
        district=osterholz,
        municipality=elsewhere,
        title="Fremd",
        category=category(osterholz, "language"),
        provider_kind=ProviderKind.OTHER,
    )
    rows = [HEADER, new_row({"Kommune (ARS)": elsewhere.ars}), new_row({"ID": str(foreign.pk)})]
    plan = plan_import(csv_file(rows), "a.csv", district, scope(personas["root"]))
    assert located(plan) == [(2, "Kommune (ARS)"), (3, "ID")]
    assert "belongs to another district" in plan.errors[0].message
    # The other district's activity is reported as missing, so its existence does not leak.
    assert f"no activity with ID {foreign.pk}" in plan.errors[1].message


def test_a_stale_plan_writes_nothing(district, activities, alice):
    data = edit_xlsx(
        export_activities_xlsx(prepared(district)), {(2, "Titel"): "Neu", (3, "Titel"): "Auch neu"}
    )
    workbook = load(data)
    workbook["Angebote"].append(new_row())
    plan = plan_import(save(workbook), "a.xlsx", district, alice)
    assert (plan.ok, plan.created, plan.updated) == (True, 1, 2)
    Activity.objects.filter(pk=activities[1].pk).update(version=5)  # someone saved meanwhile
    before = db_state()
    with pytest.raises(StaleImportError):
        apply_import(plan, district)
    assert db_state() == before


# --- errors in the file as a whole ------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "filename", "words"),
    [
        (b"", "a.csv", "is empty"),
        (b" \r\n", "a.csv", "is empty"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), "a.xls", "old Excel format"),
        (b"ID;Titel\r\n", "a.xls", "old Excel format"),
        (b"PK\x03\x04 not really a zip", "a.xlsx", "could not be read as an Excel workbook"),
        ("ID;Titel".encode("utf-16"), "a.csv", "UTF-16"),
        (b"ID;Titel\x00\r\n", "a.csv", "NUL"),
        (b"ID;Titel;Handlungsfeld;Status;Tr\x81gerart\r\n", "a.csv", "neither UTF-8 nor"),
        (";".join(HEADER).encode() + b"\r\n;;\r\n", "a.csv", "no activities"),
    ],
)
def test_unreadable_files_are_refused(district, alice, data, filename, words):
    plan = plan_import(data, filename, district, alice)
    assert located(plan) == [(None, None)]
    assert words in plan.errors[0].message
    assert not plan.ok and plan.rows == ()


def test_missing_and_repeated_columns_are_reported_on_the_header(district, alice):
    rows = [["ID", "Titel", "titel", "Status"], ["", "a", "b", "aktiv"]]
    plan = plan_import(csv_file(rows), "a.csv", district, alice)
    assert located(plan) == [(1, "Titel"), (1, "Handlungsfeld"), (1, "Trägerart")]
    assert "more than once" in plan.errors[0].message
    assert "required column “Handlungsfeld”" in plan.errors[1].message


def test_a_shifted_csv_line_is_refused(district, alice):
    rows = [HEADER, [*new_row({"Titel": "Café"}), "Rest"]]
    plan = plan_import(csv_file(rows), "a.csv", district, alice)
    assert located(plan) == [(2, None)]
    assert f"{len(HEADER) + 1} fields, the header has {len(HEADER)}" in plan.errors[0].message


def test_a_broken_csv_line_is_refused(district, alice):
    data = (";".join(HEADER) + '\r\n;"unclosed').encode()
    plan = plan_import(data, "a.csv", district, alice)
    assert not plan.ok


def test_too_many_rows_are_refused(district, alice, monkeypatch):
    monkeypatch.setattr(reading, "MAX_ROWS", 2)
    rows = [HEADER, new_row(), new_row(), new_row()]
    for data in (csv_file(rows), xlsx_file(rows)):
        plan = plan_import(data, "a", district, alice)
        assert "more than 2 rows" in plan.errors[0].message


# --- who may import what ---------------------------------------------------------------------


def test_an_editor_may_import_only_for_their_municipality(district, bob):
    rows = [
        HEADER,
        new_row(),
        new_row({"Kommune (ARS)": SOTTRUM_ARS}),
        new_row({"Kommune (ARS)": ""}),
    ]
    plan = plan_import(csv_file(rows), "a.csv", district, bob)
    assert located(plan) == [(3, "Kommune (ARS)"), (4, "Kommune (ARS)")]
    assert "Sottrum" in plan.errors[0].message
    assert "whole district" in plan.errors[1].message
    assert plan.created == 1 and not plan.ok


def test_an_editor_may_reimport_the_whole_district_after_editing_their_rows(
    district, activities, bob
):
    """Rows of other municipalities that stay as they are need no right to edit them."""
    data = edit_xlsx(export_activities_xlsx(prepared(district)), {(2, "Ehrenamtliche"): 15})
    plan = plan_import(data, "a.xlsx", district, bob)
    assert (plan.ok, plan.updated, plan.unchanged) == (True, 1, 2)
    assert apply_import(plan, district) == 1


def test_an_editor_may_neither_change_nor_take_over_other_rows(district, activities, bob):
    data = edit_xlsx(
        export_activities_xlsx(prepared(district)),
        {(3, "Kommune (ARS)"): ZEVEN_ARS, (4, "Titel"): "Beratung"},
    )
    plan = plan_import(data, "a.xlsx", district, bob)
    assert located(plan) == [(3, "Kommune (ARS)"), (4, "Kommune (ARS)")]


def test_a_viewer_may_not_import(district, activities, personas):
    rows = [HEADER, new_row()]
    plan = plan_import(csv_file(rows), "a.csv", district, scope(personas["carol"]))
    assert located(plan) == [(2, "Kommune (ARS)")]


def test_a_coordinator_of_another_district_may_not_import(district, personas):
    rows = [HEADER, new_row()]
    plan = plan_import(csv_file(rows), "a.csv", district, scope(personas["dave"]))
    assert not plan.ok


# --- properties of the cell parsers -----------------------------------------------------------


@given(st.dates(min_value=parsing.MIN_DATE, max_value=parsing.MAX_DATE))
def test_dates_read_back_as_written(day):
    assert cells.as_date(csv_text(day)) == day
    assert cells.as_date(day.isoformat()) == day


@given(st.text(alphabet=st.characters(exclude_characters="\r\x00", exclude_categories=["Cs"])))
def test_free_text_reads_back_as_written(text):
    written = text.strip()
    assert cells.free_text(csv_text(written)) == written
    assert cells.free_text(neutralise(written)) == written  # a workbook's text cell


@given(st.integers(min_value=0, max_value=cells.MAX_COUNT))
def test_counts_read_back_in_every_notation(number):
    assert cells.as_whole_number(str(number)) == number
    assert cells.as_whole_number(f"{number:,}".replace(",", ".")) == number
    assert cells.as_whole_number(float(number) if number < 2**53 else number) == number
