"""The whole period as an XLSX workbook, for the committee's files."""

from django.http import HttpResponse
from django.utils.translation import gettext as _

from teilhabe.allocation.models import AllocationPeriod, Arrival, Capacity
from teilhabe.allocation.queries import PeriodView
from teilhabe.core.tabular import writer
from teilhabe.core.tabular.download import download

Column = writer.Column
SHARE = "0.000000"  # the key's share and the exact quota, as the page shows them


def _targets(view: PeriodView) -> writer.Sheet:
    columns = [
        Column(_("Municipality")),
        Column(_("Regional key (ARS)")),
        Column(_("Population")),
        Column(_("Share of the key"), number_format=SHARE),
        Column(_("Exact share of the quota"), number_format=SHARE),
        Column(_("New quota")),
        Column(_("Carried")),
        Column(_("Credited")),
        Column(_("Target")),
        Column(_("Counted arrivals")),
        Column(_("Still to take in")),
        Column(_("Free places")),
    ]
    rows = [
        [
            r.municipality.name,
            r.municipality.ars,
            r.line.population,
            float(r.line.share),
            float(r.line.quota),
            r.line.new,
            r.line.carried,
            r.line.credited,
            r.line.target,
            r.status.arrived,
            r.status.remaining,
            r.status.free_places,
        ]
        for r in view.rows
    ]
    return writer.Sheet(_("Key and targets"), columns, rows)


def _arrivals(period: AllocationPeriod) -> writer.Sheet:
    arrivals = (
        Arrival.objects.filter(
            municipality__district=period.district, date__range=(period.start, period.end)
        )
        .select_related("municipality")
        .order_by("date")
    )
    columns = [
        Column(_("Date")),
        Column(_("Municipality")),
        Column(_("Persons")),
        Column(_("Households")),
        Column(_("Kind")),
        Column(_("Counts toward the quota")),
    ]
    rows = [
        [
            a.date,
            a.municipality.name,
            a.persons,
            a.households,
            a.get_kind_display(),
            _("yes") if a.counts_toward_quota else _("no"),
        ]
        for a in arrivals
    ]
    return writer.Sheet(_("Arrivals"), columns, rows)


def _capacities(period: AllocationPeriod) -> writer.Sheet:
    capacities = Capacity.objects.filter(
        municipality__district=period.district, date__lte=period.end
    ).select_related("municipality")
    columns = [
        Column(_("As of")),
        Column(_("Municipality")),
        Column(_("Housing places")),
        Column(_("Places occupied")),
        Column(_("Social-work staff (FTE)")),
    ]
    rows = [
        [c.date, c.municipality.name, c.housing_total, c.housing_occupied, float(c.staff_fte)]
        for c in capacities
    ]
    return writer.Sheet(_("Capacities"), columns, rows)


def period_xlsx(period: AllocationPeriod, view: PeriodView) -> HttpResponse:
    sheets = [_targets(view), _arrivals(period), _capacities(period)]
    return download(writer.xlsx_bytes(sheets), f"zuweisung-{period.pk}.xlsx")
