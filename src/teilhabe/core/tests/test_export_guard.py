"""No file that Teilhabe hands out can attack the person who opens it (CSV injection).

Every free-text field of every model is overwritten with text a spreadsheet would run as a
formula, numbers that may be negative become negative, and questionnaires get hostile labels
and answers. Then every export is fetched: each URL of the permission table's targets that
answers XLSX or CSV to the superuser (in both formats where the URL has a format), the annex
of a report built from the hostile data, `teilhabe report --format xlsx` and the output of
`teilhabe apportion`. No cell may be a formula, no text may start like one, and negative
numbers must be number cells (XLSX) and plain numbers (CSV). The XLSForm export keeps its text
word for word (pyxform reads it back) and protects those cells with Excel's quotePrefix style.
"""

import argparse
import csv
import dataclasses
import datetime
import io
import re
import zipfile
from decimal import Decimal
from typing import Any

import openpyxl
import pytest
from django.apps import apps
from django.core.validators import MinValueValidator
from django.db import DataError, IntegrityError, models, transaction
from django.db.models.functions import Cast, Concat, Left
from django.utils import timezone

from teilhabe import apportion_cli
from teilhabe.core.tabular.writer import CONTENT_TYPES, FORMULA_START
from teilhabe.core.tests import fixtures_everything
from teilhabe.core.tests.test_permissions import LINKS, TARGETS
from teilhabe.surveys.models import Questionnaire
from teilhabe.surveys.xlsform import form_from_dict, form_to_dict, read_xlsform

HOSTILE = ('=HYPERLINK("http://evil.example","x")', "+1+2", "-2+3", "@SUM(1,1)", "\t=1", "\r=1")
# Exports that must be found, so that the walk cannot pass by finding nothing.
KNOWN_EXPORTS = {
    "actionplan:plan-export",
    "allocation:period-export",
    "inventory:activity-export",
    "inventory:matrix-export",
    "network:contacts-export",
    "reports:report-xlsx",
    "surveys:questionnaire-export",
    "surveys:wave-export",
}
XLSFORM_EXPORT = "surveys:questionnaire-export"  # keeps its text; see surveys.xlsform
NUMBER = re.compile(r"-?\d+(?:[.,]\d+)?")
# Reading XML turns a carriage return into a line feed (in openpyxl as in Excel).
XLSX_START = (*FORMULA_START, "\n")
# Text fields that are no free text although they are CharFields: a password hash, the
# visible part of an API token, a question's name (a key into the form), the regional keys.
NOT_FREE_TEXT = {"password", "prefix", "question", "ags", "ars"}


# --- hostile data ----------------------------------------------------------------------------


def _teilhabe_models() -> list[type[models.Model]]:
    return [
        model
        for config in apps.get_app_configs()
        if config.name.startswith("teilhabe.")
        for model in config.get_models()
        if not model._meta.proxy
    ]


def _free_text(field: models.Field) -> bool:
    return (
        isinstance(field, models.CharField | models.TextField)
        and not field.choices
        and not field.unique
        and not field.primary_key
        and field.name not in NOT_FREE_TEXT
        and not any(word in field.name for word in ("key", "hash", "token"))
    )


def _update(model: type[models.Model], **values: Any) -> bool:
    """One UPDATE of all rows, or nothing if the database refuses it."""
    try:
        with transaction.atomic():
            model.objects.update(**values)
    except (IntegrityError, DataError):
        return False
    return True


def _overwrite_free_text() -> int:
    """Every free-text field of every row gets one of the hostile strings (cut to max_length);
    where a unique combination forbids the same text twice, the row's key is appended."""
    fields = 0
    for model in _teilhabe_models():
        for field in filter(_free_text, model._meta.concrete_fields):
            text = HOSTILE[fields % len(HOSTILE)]
            limit = field.max_length or 10_000
            if not _update(model, **{field.name: text[:limit]}):
                numbered = Concat(
                    models.Value(text[: limit - 12] + " #"), Cast("pk", models.CharField())
                )
                assert _update(model, **{field.name: Left(numbered, limit)}), field
            fields += 1
    return fields


def _may_be_negative(field: models.Field) -> bool:
    positive = (
        models.PositiveIntegerField,
        models.PositiveSmallIntegerField,
        models.PositiveBigIntegerField,
    )
    return (
        isinstance(field, models.IntegerField | models.FloatField | models.DecimalField)
        and not isinstance(field, positive)
        and not field.primary_key
        and not field.choices
        and field.name != "id"  # the historical records' copy of the activity's key
        and not any(
            isinstance(v, MinValueValidator) and v.limit_value >= 0 for v in field.validators
        )
    )


def _negative_numbers() -> None:
    for model in _teilhabe_models():
        for field in filter(_may_be_negative, model._meta.concrete_fields):
            value = Decimal("-2.5") if isinstance(field, models.DecimalField) else -7
            _update(model, **{field.name: value})  # where a constraint forbids it, it stays


def _hostile_label(name: str) -> dict[str, str]:
    """The same label for the same name, so that a choice list stays one list. Without
    leading whitespace: reading an XLSForm strips cells, and the form must read back."""
    return {"de": HOSTILE[sum(map(ord, name)) % 4], "en": HOSTILE[len(name) % 4]}


def _hostile_forms() -> None:
    """Titles, labels, hints and messages of every questionnaire; names and expressions stay."""
    from teilhabe.surveys.models import QuestionnaireVersion

    for version in QuestionnaireVersion.objects.all():
        form = form_from_dict(version.form)

        def question(q):  # type: ignore[no-untyped-def]
            return dataclasses.replace(
                q,
                labels=_hostile_label(q.name),
                hints=_hostile_label(q.name + "h") if q.hints else {},
                constraint_messages=_hostile_label(q.name + "c") if q.constraint_messages else {},
                choices=tuple(
                    dataclasses.replace(c, labels=_hostile_label(c.name)) for c in q.choices
                ),
            )

        sections = tuple(
            dataclasses.replace(
                s,
                labels=_hostile_label(s.name) if s.labels else {},
                questions=tuple(map(question, s.questions)),
            )
            for s in form.sections
        )
        hostile = dataclasses.replace(form, title=HOSTILE[0], sections=sections)
        version.form = form_to_dict(hostile)
        version.save(update_fields=["form"])


def _hostile_answers() -> None:
    """Every response answers every question: text hostile, numbers negative."""
    from teilhabe.surveys import runtime
    from teilhabe.surveys.models import Answer, Response

    answers = []
    for response in Response.objects.select_related("invitation__wave__version"):
        form = form_from_dict(response.invitation.wave.version.form)
        for position, q in enumerate(form.questions()):
            raw = {
                "integer": "-5",
                "decimal": "-2,5",
                "date": "2026-05-01",
                "text": HOSTILE[position % len(HOSTILE)],
            }.get(q.type, q.choices[0].name if q.choices else None)
            if raw is not None:
                value = runtime.coerce(q, [raw] if q.type == "select_multiple" else raw)
                answers.append(Answer(response=response, question=q.name, value=value))
    Answer.objects.bulk_create(answers)


@pytest.fixture
def hostile(personas, rotenburg, osterholz):
    from teilhabe.reports import services as reports

    LINKS.update(fixtures_everything.populate(personas, rotenburg, osterholz))
    assert _overwrite_free_text() > 50
    _negative_numbers()
    _hostile_forms()
    _hostile_answers()
    for district in (rotenburg, osterholz):  # a report built from the hostile data
        reports.create_report(district, {})
    return personas


# --- the files -------------------------------------------------------------------------------


@dataclasses.dataclass
class Found:
    """What one file showed."""

    problems: list[str] = dataclasses.field(default_factory=list)
    hostile: bool = False  # some hostile text arrived, neutralised
    negative: bool = False  # some negative number arrived as a number


def check_xlsx(content: bytes, *, keeps_text: bool) -> Found:
    found = Found()
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/") and re.search(rb"<f[ >]", archive.read(name)):
                found.problems.append(f"{name} holds a formula")
    for sheet in openpyxl.load_workbook(io.BytesIO(content)).worksheets:
        for cell in (cell for row in sheet.iter_rows() for cell in row):
            where, value = f"{sheet.title}!{cell.coordinate}", cell.value
            if cell.data_type == "f":
                found.problems.append(f"{where} is a formula: {value!r}")
            if isinstance(value, int | float) and value < 0:
                found.negative = True
            if not isinstance(value, str):
                continue
            if keeps_text and value.startswith(XLSX_START):
                found.hostile = True
                if not cell.quotePrefix:
                    found.problems.append(f"{where} lacks the quotePrefix style: {value!r}")
            elif value.startswith(XLSX_START):
                found.problems.append(f"{where} starts like a formula: {value!r}")
            elif value.startswith("'") and value[1:].startswith(XLSX_START):
                found.hostile = True
                if NUMBER.fullmatch(value[1:]):
                    found.problems.append(f"{where} is a number written as text: {value!r}")
    return found


# Open data for machines (the Wegweiser's CSV) is comma-separated; the rest is for German Excel.
COMMA_SEPARATED = {"directory:csv": ","}


def check_csv(content: bytes, delimiter: str = ";") -> Found:
    found = Found()
    text = content.decode("utf-8-sig")
    for line, row in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)):
        for value in row:
            if NUMBER.fullmatch(value):
                found.negative |= value.startswith("-")
            elif value.startswith(FORMULA_START):
                found.problems.append(f"line {line + 1} starts like a formula: {value!r}")
            elif value.startswith("'") and value[1:].startswith(FORMULA_START):
                found.hostile = True
                if NUMBER.fullmatch(value[1:]):
                    found.problems.append(f"line {line + 1}: a number written as text {value!r}")
    return found


def exports_of_the_permission_table(client, root) -> dict[str, list[tuple[str, str, bytes]]]:
    """view name -> [(url, format, content)] for every GET target answering XLSX or CSV, and
    the same URL in the other format where the URL names one."""
    types = {content_type: fmt for fmt, content_type in CONTENT_TYPES.items()}
    files: dict[str, list[tuple[str, str, bytes]]] = {}
    for name, build in sorted(TARGETS.items()):
        for target in build(root):
            if target.method != "get" or target.json:
                continue
            urls = [target.url]
            for one, other in ((".xlsx", ".csv"), (".csv", ".xlsx")):
                if target.url.endswith(one):
                    urls.append(target.url.removesuffix(one) + other)
            for url in urls:
                response = client.get(url)
                fmt = types.get(response.get("Content-Type", ""))
                if response.status_code == 200 and fmt:
                    assert response["Content-Disposition"].startswith("attachment; filename=")
                    files.setdefault(name, []).append((url, fmt, response.content))
    return files


def report_cli_xlsx(tmp_path) -> bytes:
    from teilhabe.reports import cli

    out = tmp_path / "anlage.xlsx"
    today = timezone.localdate()
    since = today - datetime.timedelta(days=60)
    args = argparse.Namespace(
        district="03357", since=since, until=today, format="xlsx", output=str(out)
    )
    assert cli.run(args) == 0
    return out.read_bytes()


def apportion_csv() -> bytes:
    """`teilhabe apportion` with hostile keys, as a coordinator might paste names."""
    rows = [["key", "weight"], *([f"{text} {i}", 100 + i] for i, text in enumerate(HOSTILE))]
    source = io.StringIO()
    csv.writer(source).writerows(rows)
    parser = argparse.ArgumentParser(prog="teilhabe")
    apportion_cli.add_parser(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["apportion", "--total", "50", "--method", "hare-niemeyer", "-"])
    out, err = io.StringIO(), io.StringIO()
    assert (
        apportion_cli.run(args, stdin=io.StringIO(source.getvalue()), stdout=out, stderr=err) == 0
    )
    return out.getvalue().encode()


# --- the test --------------------------------------------------------------------------------


def test_no_export_can_run_a_formula_and_numbers_stay_numbers(client, hostile, tmp_path):
    root = hostile["root"]
    client.force_login(root)
    files = exports_of_the_permission_table(client, root)
    assert set(files) >= KNOWN_EXPORTS, "export views not found"

    results: dict[str, list[tuple[str, str, Found]]] = {}
    for name, fetched in files.items():
        for url, fmt, content in fetched:
            found = (
                check_xlsx(content, keeps_text=name == XLSFORM_EXPORT)
                if fmt == "xlsx"
                else check_csv(content, COMMA_SEPARATED.get(name, ";"))
            )
            results.setdefault(name, []).append((url, fmt, found))
    results["teilhabe report --format xlsx"] = [
        ("anlage.xlsx", "xlsx", check_xlsx(report_cli_xlsx(tmp_path), keeps_text=False))
    ]
    results["teilhabe apportion"] = [("stdout", "csv", check_csv(apportion_csv(), ","))]

    problems = [
        f"{name} {url}: {problem}"
        for name, checked in results.items()
        for url, _fmt, found in checked
        for problem in found.problems
    ]
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems[:30])
    for name, checked in results.items():
        assert any(found.hostile for _url, _fmt, found in checked), f"no hostile text in {name}"
    waves = {fmt: found for _url, fmt, found in results["surveys:wave-export"]}
    assert waves["xlsx"].negative and waves["csv"].negative, "negative answers are no numbers"
    assert {"xlsx", "csv"} <= {fmt for _url, fmt, _found in results["inventory:activity-export"]}
    for url, _fmt, content in files[XLSFORM_EXPORT]:  # the labels come back word for word
        questionnaire = Questionnaire.objects.get(pk=int(url.split("/")[2]))
        form = form_from_dict(questionnaire.latest_version().form)
        assert read_xlsform(content, "f.xlsx") == form
