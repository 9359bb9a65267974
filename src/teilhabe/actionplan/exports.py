"""The action plan as an XLSX workbook: one row per measure under its priority."""

import io

import openpyxl
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl.styles import Alignment, Font, PatternFill

from teilhabe.actionplan import services
from teilhabe.regions.models import District

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def plan_xlsx(district: District) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = _("Action plan")[:31]
    sheet.append([_("Action plan") + f" – {district.name}"])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([_("As of %(date)s") % {"date": f"{timezone.localdate():%d.%m.%Y}"}])
    sheet.append([])
    header = [
        _("Priority"),
        _("Measure"),
        _("Responsible"),
        _("Municipalities"),
        _("Due"),
        _("Status"),
        _("Progress in percent"),
        _("Overdue"),
        _("Activities"),
    ]
    sheet.append(header)
    for cell in sheet[4]:
        cell.font = Font(bold=True)
    today = timezone.localdate()
    late = PatternFill("solid", fgColor="FDE2E1")
    for priority, measures in services.plan(district.pk):
        if not measures:
            sheet.append([priority.title, _("(no measures yet)")])
        for m in measures:
            sheet.append(
                [
                    priority.title,
                    m.title,
                    m.responsible,
                    ", ".join(x.name for x in m.municipalities.all()) or _("whole district"),
                    m.due,
                    m.get_status_display(),
                    m.progress,
                    _("yes") if m.is_overdue(today) else "",
                    ", ".join(a.title for a in m.activities.all()),
                ]
            )
            row = sheet.max_row
            sheet.cell(row, 5).number_format = "DD.MM.YYYY"
            if m.is_overdue(today):
                for cell in sheet[row]:
                    cell.fill = late
    for column, width in zip("ABCDEFGHI", (32, 40, 26, 30, 12, 14, 12, 10, 40), strict=True):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=5):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A5"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
