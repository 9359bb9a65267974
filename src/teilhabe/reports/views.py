"""Pages of the status reports: list with the next report due and the archive, a new draft,
the report itself (from its snapshot), its PDF status, downloads, issuing, committees."""

from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from teilhabe.core import parsing
from teilhabe.core.confirm import Question, ask_first
from teilhabe.core.scoping import require, scope_of
from teilhabe.core.tabular.download import download
from teilhabe.regions.models import District
from teilhabe.reports import exports, presentation, queries, services
from teilhabe.reports.forms import CommitteeForm, ReportForm
from teilhabe.reports.models import Committee, Report, TaskState


def _report(request: HttpRequest, pk: int, manage: bool = False) -> Report:
    report = scope_of(request).get(
        Report.objects.select_related("district", "committee", "issued_by"), pk=pk
    )
    if manage:
        require(scope_of(request).can_manage_district(report.district))
    return report


@require_GET
def report_list(request: HttpRequest, ags: str) -> HttpResponse:
    district = scope_of(request).district(ags)
    context = {
        "district": district,
        "upcoming": queries.upcoming(district, scope_of(request)),
        "drafts": queries.drafts(district, scope_of(request)),
        "archive": queries.archive(district, scope_of(request)),
        "committees": Committee.objects.filter(district=district).prefetch_related("meetings"),
        "can_manage": scope_of(request).can_manage_district(district),
        "today": timezone.localdate(),
    }
    return render(request, "reports/report_list.html", context)


@require_http_methods(["GET", "POST"])
def report_create(request: HttpRequest, ags: str) -> HttpResponse:
    district = scope_of(request).district(ags)
    require(scope_of(request).can_manage_district(district))
    initial: dict[str, object] = {"until": timezone.localdate()}
    wanted = parsing.optional_id(request.GET.get("committee", ""))
    committee = Committee.objects.filter(district=district, pk=wanted) if wanted else None
    if committee is not None and committee.exists():
        initial["committee"] = committee.get()
        initial["meeting_date"] = parsing.optional_date(request.GET.get("meeting"))
    form = ReportForm(request.POST or None, initial=initial, district=district)
    if request.method == "POST" and form.is_valid():
        try:
            report = services.create_report(district, form.cleaned_data, request.user)
        except services.DraftExists as exists:  # created meanwhile by someone else
            messages.error(request, _("This meeting already has a draft; here it is."))
            return redirect("reports:report-detail", pk=exists.draft.pk)
        services.request_pdf(report)
        messages.success(request, _("The draft has been created from the data as it is now."))
        return redirect("reports:report-detail", pk=report.pk)
    return render(request, "reports/report_form.html", {"district": district, "form": form})


@require_GET
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    context = {
        **presentation.context(report.snapshot, presentation.Issued(report.issued_at)),
        "report": report,
        "district": report.district,
        "can_manage": scope_of(request).can_manage_district(report.district),
    }
    return render(request, "reports/report_detail.html", context)


@require_GET
def report_status(request: HttpRequest, pk: int) -> HttpResponse:
    """The PDF's progress: the fragment the report page polls while the PDF is being made."""
    report = _report(request, pk)
    return render(request, "reports/report_detail.html#pdf-status", {"report": report})


@require_POST
def report_regenerate(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk, manage=True)
    try:
        if report.is_issued:
            if report.task_state != TaskState.FAILED:
                raise services.ReportIssued
            services.request_pdf(report)  # only the PDF of a frozen snapshot, once more
        else:
            services.request_pdf(services.regenerate(report))
            messages.success(request, _("The draft has been rebuilt from the data as it is now."))
    except services.ReportIssued:
        messages.error(request, _("An issued report cannot be changed."))
    return redirect("reports:report-detail", pk=report.pk)


ISSUE = Question(
    gettext_lazy("Issue the report?"),
    gettext_lazy(
        "Its figures and its PDF are then frozen and kept in the archive; the report can no "
        "longer be rebuilt with current data."
    ),
    gettext_lazy("Issue report"),
)


@require_POST
def report_issue(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk, manage=True)
    back = reverse("reports:report-detail", args=[report.pk])
    if page := ask_first(request, ISSUE, back):
        return page
    try:
        report = services.issue_report(report, request.user)
    except services.ReportIssued:
        messages.error(request, _("This report has already been issued."))
    else:
        services.request_pdf(report)
        messages.success(request, _("The report has been issued. Its figures and PDF are frozen."))
    return redirect("reports:report-detail", pk=report.pk)


@require_GET
def report_pdf(request: HttpRequest, pk: int) -> HttpResponseBase:
    report = _report(request, pk)
    if not report.pdf_ready:
        messages.info(request, _("The PDF is not ready yet."))
        return redirect("reports:report-detail", pk=report.pk)
    return FileResponse(
        report.pdf.open("rb"),
        as_attachment=True,
        filename=report.file_name("pdf"),
        content_type="application/pdf",
    )


@require_GET
def report_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    with translation.override(report.snapshot.get("language")):
        data = exports.annex_xlsx(report.snapshot)
    return download(data, report.file_name("xlsx"))


@require_http_methods(["GET", "POST"])
def committee_create(request: HttpRequest, ags: str) -> HttpResponse:
    district = scope_of(request).district(ags)
    require(scope_of(request).can_manage_district(district))
    return _committee_form(request, district, None)


@require_http_methods(["GET", "POST"])
def committee_edit(request: HttpRequest, pk: int) -> HttpResponse:
    committee = scope_of(request).get(Committee.objects.select_related("district"), pk=pk)
    require(scope_of(request).can_manage_district(committee.district))
    return _committee_form(request, committee.district, committee)


def _committee_form(
    request: HttpRequest, district: District, committee: Committee | None
) -> HttpResponse:
    initial = {}
    if committee is not None:
        dates = committee.meetings.values_list("date", flat=True)
        initial = {"name": committee.name, "meetings": "\n".join(f"{d:%d.%m.%Y}" for d in dates)}
    form = CommitteeForm(
        request.POST or None, initial=initial, district=district, committee=committee
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.save_committee(district, data["name"], data["meetings"], committee)
        messages.success(request, _("The committee and its meeting dates have been saved."))
        return redirect("reports:report-list", ags=district.ags)
    context = {"district": district, "form": form, "committee": committee}
    return render(request, "reports/committee_form.html", context)
