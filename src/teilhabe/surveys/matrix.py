"""The compact results matrix: one row per municipality asked, one column per question that
every municipality answers (yes/no, single choice, numbers without skip logic), and a last
row with the share of yes (or the most frequent answer) and the sums, beside the long page."""

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import get_language

from teilhabe.surveys import queries, runtime
from teilhabe.surveys.models import ResponseStatus, Wave

NUMBERS = ("integer", "decimal")


@dataclass
class Column:
    name: str
    header: str  # short: the section's title for its first question
    label: str  # the whole question
    kind: str  # "choice" or "number"
    share_label: str = ""  # the answer whose share the summary row gives, e.g. "Ja"
    share: float | None = None  # per cent of the answers given
    total: Decimal | None = None  # the sum of the numbers given
    answered: int = 0


@dataclass
class Row:
    municipality: str
    submitted: bool
    cells: list[Any] = field(default_factory=list)  # label, number or None


@dataclass
class Matrix:
    columns: list[Column]
    rows: list[Row]


def _columns(items: tuple[runtime.Item, ...], language: str) -> list[Column]:
    columns, seen_sections = [], set()
    for item in items:
        q = item.question
        first = item.section.name not in seen_sections
        seen_sections.add(item.section.name)
        kind = "choice" if q.type in ("yes_no", "select_one") else "number"
        if q.type not in (*NUMBERS, "yes_no", "select_one") or item.relevant is not None:
            continue
        label = runtime.label(q.labels, language, q.name)
        section = runtime.label(item.section.labels, language, item.section.name)
        columns.append(Column(q.name, section if first else label, label, kind))
    return columns


def matrix(wave: Wave, accepted_only: bool = False) -> Matrix:
    language = get_language() or "de"
    _form, items = runtime.compile_version(wave.version)
    columns = _columns(items, language)
    by_name = {i.question.name: i.question for i in items}
    answers = queries.applicable_answers(wave, items, accepted_only)
    invitations = wave.invitations.select_related("municipality", "response").order_by(
        "municipality__name"
    )
    rows = []
    for invitation in invitations:
        given = answers.get(invitation.response.pk, {})
        row = Row(
            invitation.municipality.name, invitation.response.status == ResponseStatus.SUBMITTED
        )
        for column in columns:
            question = by_name[column.name]
            value = runtime.typed(question, given.get(column.name))
            if column.kind == "choice" and value is not None:
                value = runtime.label(
                    next((c.labels for c in question.choices if c.name == value), {}),
                    language,
                    str(value),
                )
            row.cells.append(value)
        rows.append(row)
    for index, column in enumerate(columns):
        values = [r.cells[index] for r in rows if r.cells[index] is not None]
        column.answered = len(values)
        if not values:
            continue
        if column.kind == "number":
            column.total = sum((Decimal(str(v)) for v in values), Decimal(0))
        else:
            question = by_name[column.name]
            first = question.choices[0]  # "yes" for yes/no
            column.share_label = runtime.label(first.labels, language, first.name)
            column.share = 100 * sum(1 for v in values if v == column.share_label) / len(values)
    return Matrix(columns, rows)
