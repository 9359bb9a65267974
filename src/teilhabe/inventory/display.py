"""How stock-take data reads on a page: status symbols, history lines, conflict tables."""

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from teilhabe.core.models import declared_field
from teilhabe.engine.coverage import STATUS_ORDER, Cell
from teilhabe.inventory.forms import PUBLIC_FIELDS
from teilhabe.inventory.models import Activity, ActivityStatus

# A shape per status, so the matrix does not rely on colour alone (WCAG 1.4.1).
SYMBOLS = {"active": "●", "starting": "◐", "paused": "◫", "planned": "○", "ended": "✕"}


def status_label(status: str | None) -> str:
    return str(ActivityStatus(status).label) if status else ""


def cell_text(cell: Cell) -> str:
    """ "aktiv (3)": the best status and how many activities; "–" for an empty cell."""
    if not cell.total:
        return "–"
    return f"{status_label(cell.best)} ({cell.total})"


def legend() -> list[tuple[str, str, str]]:
    return [(status, SYMBOLS[status], status_label(status)) for status in STATUS_ORDER]


TRACKED = [
    "title",
    "category",
    "status",
    "municipality",
    "provider_kind",
    "provider_name",
    "target_groups",
    "languages",
    "volunteers",
    "reach",
    "start_date",
    "end_date",
    "contact_organisation",
    "public",
    "last_confirmed",
    "description",
    *[name for name in PUBLIC_FIELDS if name != "public"],
]


@dataclass(frozen=True)
class HistoryRow:
    when: Any
    who: str
    kind: str
    fields: list[str]  # labels of the fields that changed


def history_rows(records: list[Any]) -> list[HistoryRow]:
    """One line per saved version, newest first, naming the fields that changed."""
    rows = []
    for record in records:
        fields: list[str]
        if record.history_type == "+":
            kind, fields = _("recorded"), []
        elif record.history_type == "-":
            kind, fields = _("deleted"), []
        else:
            previous = record.prev_record
            delta = record.diff_against(previous, included_fields=TRACKED) if previous else None
            fields = [
                str(declared_field(Activity, c.field).verbose_name)
                for c in (delta.changes if delta else [])
            ]
            kind = _("changed")
        who = record.history_user.get_username() if record.history_user else ""
        rows.append(HistoryRow(record.history_date, who, kind, fields))
    return rows


@dataclass(frozen=True)
class ConflictRow:
    label: str
    theirs: str
    yours: str


def _show(activity_field: Any, value: Any) -> str:
    if value in (None, ""):
        return "–"
    if activity_field.choices:
        return str(dict(activity_field.choices).get(value, value))
    return str(value)


def conflict_rows(current: Activity, submitted: dict[str, Any]) -> list[ConflictRow]:
    """The fields where the version saved meanwhile differs from what this user submitted."""
    rows = []
    for name, value in submitted.items():
        field = declared_field(Activity, name)
        theirs = getattr(current, name)
        if theirs != value:
            rows.append(
                ConflictRow(str(field.verbose_name), _show(field, theirs), _show(field, value))
            )
    return rows
