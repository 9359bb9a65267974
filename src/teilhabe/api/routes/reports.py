from django.http import HttpRequest
from django.urls import reverse
from ninja import Query, Router

from teilhabe.api import access
from teilhabe.api.paging import Fields, Page, Paging, page_schema, paged
from teilhabe.api.schemas import ReportOut
from teilhabe.reports.models import Report

router = Router(tags=["Status reports"])
ReportPage = page_schema(ReportOut, "ReportPage")


def _report(request: HttpRequest, r: Report) -> Fields:
    pdf = reverse("reports:report-pdf", args=[r.pk]) if r.pdf else None
    annex = reverse("reports:report-xlsx", args=[r.pk])
    return {
        "id": r.pk,
        "committee": r.committee.name if r.committee else None,
        "meeting_date": r.meeting_date,
        "since": r.since,
        "until": r.until,
        "status": r.status,
        "issued_at": r.issued_at,
        "pdf": request.build_absolute_uri(pdf) if pdf else None,
        "annex": request.build_absolute_uri(annex),
    }


@router.get("/districts/{ags}/reports", response=ReportPage, url_name="reports")
def reports(request: HttpRequest, ags: str, paging: Query[Paging]) -> Page:
    """Status reports (metadata); the files are linked and served with the same rights."""
    district = access.district(request, ags)
    rows = (
        access.scope(request)
        .filter(Report.objects)
        .filter(district=district)
        .select_related("committee")
        .order_by("-pk")
    )
    return paged(rows, paging, lambda r: _report(request, r))


@router.get("/reports/{pk}", response=ReportOut, url_name="report")
def report(request: HttpRequest, pk: int) -> Fields:
    return _report(
        request, access.scope(request).get(Report.objects.select_related("committee"), pk=pk)
    )
