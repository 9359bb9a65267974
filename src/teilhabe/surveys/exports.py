"""All responses of a wave as a table: one row per municipality, one column per question,
German labels, for XLSX (German Excel) and CSV. Each repeat group gets a table of its own, one
row per instance (in the XLSX a further sheet; as CSV a file of its own)."""

from typing import Any

from django.http import Http404, HttpResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from teilhabe.core.tabular import writer
from teilhabe.core.tabular.download import download
from teilhabe.surveys import runtime
from teilhabe.surveys.models import Wave
from teilhabe.surveys.xlsform import Question


def _heading(item: runtime.Item, language: str) -> str:
    # Questions repeat in every field of action, so the field's name tells them apart.
    question = runtime.label(item.question.labels, language, item.question.name)
    section = runtime.label(item.section.labels, language, "")
    return f"{section}: {question}" if section else question


def _cell(q: Question, value: Any, language: str) -> Any:
    """An answer as Excel should see it: choice labels, numbers and dates as such."""
    labels = {c.name: runtime.label(c.labels, language, c.name) for c in q.choices}
    if isinstance(value, list):
        chosen: list[str] = value  # a select_multiple answer: the choices' names
        return ", ".join(labels.get(v, v) for v in chosen)
    if isinstance(value, str) and value in labels:
        return labels[value]
    if q.type in ("decimal", "date", "datetime", "range"):
        return runtime.typed(q, value)  # a number or a date cell, not text
    if q.type == "calculate":
        return runtime.calculated_cell(value)
    return value


def _start(wave: Wave) -> list[str]:
    return [_("Municipality"), _("Regional key (ARS)"), _("Status")]


def _responses(wave: Wave) -> tuple[tuple[runtime.Item, ...], list[Any], dict[int, Any]]:
    from teilhabe.surveys.queries import applicable_answers

    _form, items = runtime.compile_version(wave.version)
    invitations = list(
        wave.invitations.select_related("municipality", "response").order_by("municipality__name")
    )
    return items, invitations, applicable_answers(wave, items)


def table(wave: Wave) -> tuple[list[str], list[list[Any]]]:
    language = get_language() or "de"
    items, invitations, answers = _responses(wave)
    shown = [i for i in items if i.question.type != "note" and not i.repeat]
    header = _start(wave) + [_heading(i, language) for i in shown]
    rows = []
    for invitation in invitations:
        given = answers.get(invitation.response.pk, {})
        row: list[Any] = [
            invitation.municipality.name,
            invitation.municipality.ars,
            str(invitation.response.get_status_display()),
        ]
        row += [_cell(i.question, given.get(i.question.name), language) for i in shown]
        rows.append(row)
    return header, rows


def repeat_tables(wave: Wave) -> dict[str, tuple[str, list[str], list[list[Any]]]]:
    """Per repeat group (by name): its title, and one row per instance with the
    municipality and the instance's number."""
    language = get_language() or "de"
    items, invitations, answers = _responses(wave)
    found = {}
    for repeat, its in runtime.repeat_items(items).items():
        shown = [i for i in its if i.question.type != "note"]
        title = runtime.label(its[0].section.labels, language, repeat)
        header = [*_start(wave), _("Entry")] + [
            runtime.label(i.question.labels, language, i.question.name) for i in shown
        ]
        rows = []
        for invitation in invitations:
            instances = answers.get(invitation.response.pk, {}).get(repeat, [])
            for position, instance in enumerate(instances, start=1):
                row: list[Any] = [
                    invitation.municipality.name,
                    invitation.municipality.ars,
                    str(invitation.response.get_status_display()),
                    position,
                ]
                row += [_cell(i.question, instance.get(i.question.name), language) for i in shown]
                rows.append(row)
        found[repeat] = (title, header, rows)
    return found


def _sheet(title: str, header: list[str], rows: list[list[Any]]) -> writer.Sheet:
    columns = [
        writer.Column(name, number_format=writer.TEXT_FORMAT if position == 1 else None)
        for position, name in enumerate(header)
    ]
    return writer.Sheet(writer.sheet_title(title), columns, rows, frozen_columns=3)


def response(wave: Wave, fmt: str, repeat: str = "") -> HttpResponse:
    """The XLSX with a sheet per repeat after the responses; as CSV the responses, or with
    `repeat` that repeat's instances."""
    if fmt == "csv" and repeat:
        found = repeat_tables(wave).get(repeat)
        if found is None:
            raise Http404
        _title, header, rows = found
        return download(writer.csv_bytes([header, *rows]), f"eintraege-{repeat}-{wave.pk}.csv")
    header, rows = table(wave)
    if fmt == "csv":
        content = writer.csv_bytes([header, *rows])
    else:
        sheets = [_sheet(_("Responses"), header, rows)]
        sheets += [_sheet(*found) for found in repeat_tables(wave).values()]
        content = writer.xlsx_bytes(sheets)
    return download(content, f"rueckmeldungen-{wave.pk}.{fmt}")
