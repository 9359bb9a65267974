"""The action plan as an XLSX workbook: one row per measure under its priority."""

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from teilhabe.actionplan import services
from teilhabe.core.tabular import writer
from teilhabe.core.tabular.download import download
from teilhabe.regions.models import District

LATE = "FDE2E1"  # the background of an overdue measure, as on the page


def plan_xlsx(district: District) -> bytes:
    today = timezone.localdate()
    headers_and_widths = [
        (_("Priority"), 32),
        (_("Measure"), 40),
        (_("Responsible"), 26),
        (_("Municipalities"), 30),
        (_("Due"), 12),
        (_("Status"), 14),
        (_("Progress in percent"), 12),
        (_("Overdue"), 10),
        (_("Activities"), 40),
    ]
    columns = [writer.Column(header, width, wrap=True) for header, width in headers_and_widths]
    rows: list[writer.Row] = []
    for priority, measures in services.plan(district.pk):
        if not measures:
            rows.append(writer.Row([priority.title, _("(no measures yet)")]))
        for m in measures:
            late = m.is_overdue(today)
            cells = [
                priority.title,
                m.title,
                m.responsible,
                ", ".join(x.name for x in m.municipalities.all()) or _("whole district"),
                m.due,
                m.get_status_display(),
                m.progress,
                _("yes") if late else "",
                ", ".join(a.title for a in m.activities.all()),
            ]
            rows.append(writer.Row(cells, fill=LATE if late else None))
    above = [
        [_("Action plan") + f" – {district.name}"],
        [_("As of %(date)s") % {"date": f"{today:%d.%m.%Y}"}],
        [],
    ]
    return writer.xlsx_bytes([writer.Sheet(_("Action plan"), columns, rows, above=above)])


def plan_response(district: District) -> HttpResponse:
    return download(plan_xlsx(district), f"handlungskonzept-{district.ags}.xlsx")
