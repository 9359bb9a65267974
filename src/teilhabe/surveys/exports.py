"""All responses of a wave as a table: one row per municipality, one column per question,
German labels, for XLSX (German Excel) and CSV."""

import csv
import io
from typing import Any

import openpyxl
from django.http import HttpResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from openpyxl.styles import Font

from teilhabe.surveys import runtime
from teilhabe.surveys.models import Wave


def table(wave: Wave) -> tuple[list[str], list[list[Any]]]:
    language = get_language() or "de"
    _form, items = runtime.compile_version(wave.version)
    shown = [i for i in items if i.question.type != "note"]
    questions = [i.question for i in shown]

    def heading(item: runtime.Item) -> str:
        # Questions repeat in every field of action, so the field's name tells them apart.
        question = runtime.label(item.question.labels, language, item.question.name)
        section = runtime.label(item.section.labels, language, "")
        return f"{section}: {question}" if section else question

    header = [_("Municipality"), _("Regional key (ARS)"), _("Status")] + [heading(i) for i in shown]
    from teilhabe.surveys.queries import applicable_answers

    answers = applicable_answers(wave, items)
    rows = []
    for invitation in wave.invitations.select_related("municipality", "response").order_by(
        "municipality__name"
    ):
        given = answers.get(invitation.response.pk, {})
        row: list[Any] = [invitation.municipality.name, invitation.municipality.ars,
                          str(invitation.response.get_status_display())]  # fmt: skip
        for q in questions:
            labels = {c.name: runtime.label(c.labels, language, c.name) for c in q.choices}
            value = given.get(q.name)
            if isinstance(value, list):
                value = ", ".join(labels.get(v, v) for v in value)
            elif isinstance(value, str) and value in labels:
                value = labels[value]
            row.append(value)
        rows.append(row)
    return header, rows


def response(wave: Wave, fmt: str) -> HttpResponse:
    header, rows = table(wave)
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows(rows)
        content: bytes = ("\ufeff" + buffer.getvalue()).encode("utf-8")
        content_type = "text/csv; charset=utf-8"
    else:
        workbook = openpyxl.Workbook()
        sheet = workbook.active
        sheet.title = _("Responses")[:31]
        sheet.append(header)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append(row)
        for cells in sheet.iter_rows(min_row=2, min_col=2, max_col=2):
            cells[0].number_format = "@"
        sheet.freeze_panes = "D2"
        out = io.BytesIO()
        workbook.save(out)
        content = out.getvalue()
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    result = HttpResponse(content, content_type=content_type)
    result["Content-Disposition"] = f'attachment; filename="rueckmeldungen-{wave.pk}.{fmt}"'
    return result
