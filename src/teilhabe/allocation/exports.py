"""The whole period as an XLSX workbook, for the committee's files."""

import io

import openpyxl
from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl.styles import Font

from teilhabe.allocation.models import AllocationPeriod, Arrival, Capacity
from teilhabe.allocation.queries import PeriodView


def _sheet(workbook: openpyxl.Workbook, title: str, header: list[str], rows: list[list]) -> None:  # type: ignore[type-arg]
    sheet = workbook.create_sheet(title)
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
    sheet.freeze_panes = "A2"
    for column in sheet.columns:
        width = max(len(str(c.value or "")) for c in column)
        sheet.column_dimensions[column[0].column_letter].width = min(max(width + 2, 10), 45)


def period_xlsx(period: AllocationPeriod, view: PeriodView) -> HttpResponse:
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    _sheet(workbook, _("Key and targets"), [
        _("Municipality"), _("Regional key (ARS)"), _("Population"), _("Share of the key"),
        _("Exact share of the quota"), _("New quota"), _("Carried"), _("Credited"), _("Target"),
        _("Counted arrivals"), _("Still to take in"), _("Free places"),
    ], [
        [r.municipality.name, r.municipality.ars, r.line.population, float(r.line.share),
         float(r.line.quota), r.line.new, r.line.carried, r.line.credited, r.line.target,
         r.status.arrived, r.status.remaining, r.status.free_places]
        for r in view.rows
    ])  # fmt: skip
    sheet = workbook[_("Key and targets")]
    for cells in sheet.iter_rows(min_row=2, min_col=4, max_col=5):
        cells[0].number_format = "0.000000"
        cells[1].number_format = "0.000000"
    arrivals = (
        Arrival.objects.filter(
            municipality__district=period.district, date__range=(period.start, period.end)
        )
        .select_related("municipality")
        .order_by("date")
    )
    _sheet(workbook, _("Arrivals"), [
        _("Date"), _("Municipality"), _("Persons"), _("Households"), _("Kind"),
        _("Counts toward the quota"),
    ], [
        [a.date, a.municipality.name, a.persons, a.households, str(a.get_kind_display()),
         _("yes") if a.counts_toward_quota else _("no")]
        for a in arrivals
    ])  # fmt: skip
    for cells in workbook[_("Arrivals")].iter_rows(min_row=2, max_col=1):
        cells[0].number_format = "DD.MM.YYYY"
    capacities = Capacity.objects.filter(
        municipality__district=period.district, date__lte=period.end
    ).select_related("municipality")  # fmt: skip
    _sheet(workbook, _("Capacities"), [
        _("As of"), _("Municipality"), _("Housing places"), _("Places occupied"),
        _("Social-work staff (FTE)"),
    ], [
        [c.date, c.municipality.name, c.housing_total, c.housing_occupied, float(c.staff_fte)]
        for c in capacities
    ])  # fmt: skip
    for cells in workbook[_("Capacities")].iter_rows(min_row=2, max_col=1):
        cells[0].number_format = "DD.MM.YYYY"
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="zuweisung-{period.pk}.xlsx"'
    return response
