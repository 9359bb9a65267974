"""A batch's lines as XLSX or CSV (core/tabular/writer: the formula guard, German Excel): the
proposal while it is a draft, the placements once it is confirmed. The columns "Personen",
"Barrierefrei" and "Kinder" are those of the import, so the file can be read in again."""

from django.utils.translation import gettext as _

from teilhabe.core.tabular import writer
from teilhabe.placement import presentation, proposals
from teilhabe.placement.importing import HEADERS
from teilhabe.placement.models import Batch

Column = writer.Column


def batch_file(batch: Batch, fmt: str) -> bytes:
    households = list(batch.households.all())
    if batch.is_confirmed:
        lines = presentation.batch_lines(batch, households)
        title = _("Placement")
    else:
        found = proposals.propose_batch(batch)
        lines = presentation.lines(found) if isinstance(found, proposals.Proposal) else []
        title = _("Proposal")
    columns = [
        Column(_("Line"), 8),
        Column(HEADERS["size"], 10),
        Column(HEADERS["barrier_free"], 14),
        Column(HEADERS["children"], 10),
        Column(_("Municipality"), 28),
        Column(_("Unit"), 28),
        Column(_("Chosen by hand"), 14),
        Column(_("Reason"), 80, wrap=True),
        Column(_("Who is next would have chosen"), 36),
    ]
    rows = [
        [
            line.household.position,
            line.household.size,
            "ja" if line.household.barrier_free else "nein",
            line.household.children,
            line.municipality,
            line.unit,
            _("yes") if line.by_hand else "",
            line.sentence,
            line.baseline,
        ]
        for line in lines
    ]
    if fmt == "csv":
        return writer.csv_bytes([[c.header for c in columns], *rows])
    above = [[f"{batch.name} · {batch.arrival_date:%d.%m.%Y} · {batch.period.name}"], []]
    return writer.xlsx_bytes([writer.Sheet(title, columns, rows, above=above)])
