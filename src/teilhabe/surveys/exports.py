"""All responses of a wave as a table: one row per municipality, one column per question,
German labels, for XLSX (German Excel) and CSV."""

from typing import Any

from django.http import HttpResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from teilhabe.core.tabular import writer
from teilhabe.core.tabular.download import download
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
        row: list[Any] = [
            invitation.municipality.name,
            invitation.municipality.ars,
            str(invitation.response.get_status_display()),
        ]
        for q in questions:
            labels = {c.name: runtime.label(c.labels, language, c.name) for c in q.choices}
            value = given.get(q.name)
            if isinstance(value, list):
                chosen: list[str] = value  # a select_multiple answer: the choices' names
                value = ", ".join(labels.get(v, v) for v in chosen)
            elif isinstance(value, str) and value in labels:
                value = labels[value]
            elif q.type in ("decimal", "date", "datetime", "range"):
                value = runtime.typed(q, value)  # a number or a date cell, not text
            elif q.type == "calculate":
                value = runtime.calculated_cell(value)
            row.append(value)
        rows.append(row)
    return header, rows


def response(wave: Wave, fmt: str) -> HttpResponse:
    header, rows = table(wave)
    if fmt == "csv":
        content = writer.csv_bytes([header, *rows])
    else:
        columns = [
            writer.Column(title, number_format=writer.TEXT_FORMAT if position == 1 else None)
            for position, title in enumerate(header)
        ]
        sheet = writer.Sheet(_("Responses"), columns, rows, frozen_columns=3)
        content = writer.xlsx_bytes([sheet])
    return download(content, f"rueckmeldungen-{wave.pk}.{fmt}")
