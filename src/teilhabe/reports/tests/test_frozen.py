"""Issuing freezes a report: after the data changes, the issued report shows the same numbers
(page, PDF, XLSX), while a new draft shows the change."""

import io

import openpyxl
import pytest
from django.urls import reverse

from teilhabe.allocation.services import record_arrival
from teilhabe.core.confirm import CONFIRMED
from teilhabe.inventory.models import Activity
from teilhabe.inventory.services import update_activity
from teilhabe.reports import services
from teilhabe.reports.models import Report
from teilhabe.reports.tests.conftest import DAY, TODAY, pdf_text

pytestmark = pytest.mark.django_db


def _xlsx_rows(client, report) -> list[tuple]:
    response = client.get(reverse("reports:report-xlsx", args=[report.pk]))
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    return [row for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)]


def _allocation_row(rows, name):
    return next(r for r in rows if r and r[0] == name and isinstance(r[2], int))


def test_an_issued_report_keeps_its_numbers_when_the_data_changes(client, personas, filled):
    client.force_login(personas["alice"])
    url = reverse("reports:report-create", args=["03357"])
    response = client.post(
        url, {"since": (TODAY - 20 * DAY).isoformat(), "until": TODAY.isoformat()}
    )
    report = Report.objects.get()
    assert response.status_code == 302 and report.pdf_ready
    client.post(reverse("reports:report-issue", args=[report.pk]), {CONFIRMED: "yes"})
    report.refresh_from_db()
    assert report.is_issued and report.pdf_ready
    detail = reverse("reports:report-detail", args=[report.pk])
    page_before = client.get(detail).content.decode()
    with report.pdf.open("rb") as f:
        pdf_before = pdf_text(f.read())
    xlsx_before = _xlsx_rows(client, report)
    assert _allocation_row(xlsx_before, "Samtgemeinde Zeven")[3] == 7

    # The data changes after issuing: an activity ends, more people arrive.
    cafe = Activity.objects.get(title="Sprachcafé Zeven")
    update_activity(
        cafe.pk, {"status": "ended", "title": "Sprachcafé Zeven (beendet)"}, cafe.version
    )
    record_arrival(
        filled["zeven"],
        {
            "date": TODAY,
            "persons": 5,
            "households": 1,
            "kind": "asylum",
            "counts_toward_quota": True,
        },
    )

    page_after = client.get(detail).content.decode()
    assert page_after.split("<article", 1)[1] == page_before.split("<article", 1)[1]
    report.refresh_from_db()
    with report.pdf.open("rb") as f:
        assert pdf_text(f.read()) == pdf_before
    assert _xlsx_rows(client, report) == xlsx_before
    assert "beendet)" not in page_after

    # Regenerating the issued report is refused; a new draft shows the change.
    client.post(reverse("reports:report-regenerate", args=[report.pk]))
    assert Report.objects.get(pk=report.pk).snapshot == report.snapshot
    client.post(url, {"since": (TODAY - 20 * DAY).isoformat(), "until": TODAY.isoformat()})
    draft = Report.objects.exclude(pk=report.pk).get()
    page_draft = client.get(reverse("reports:report-detail", args=[draft.pk])).content.decode()
    assert "Sprachcafé Zeven (beendet)" in page_draft
    assert _allocation_row(_xlsx_rows(client, draft), "Samtgemeinde Zeven")[3] == 12


def test_a_draft_is_rebuilt_with_the_current_data(filled):
    report = services.create_report(filled["district"], {"until": TODAY})
    cafe = Activity.objects.get(title="Sprachcafé Zeven")
    update_activity(cafe.pk, {"volunteers": 20}, cafe.version)
    assert report.snapshot["volunteering"]["total"] == 12
    rebuilt = services.regenerate(report)
    assert rebuilt.snapshot["volunteering"]["total"] == 20
    assert rebuilt.revision == report.revision + 1


def test_an_issued_report_cannot_be_rebuilt_or_issued_again(filled, personas):
    report = services.issue_report(
        services.create_report(filled["district"], {}), personas["alice"]
    )
    with pytest.raises(services.ReportIssued):
        services.regenerate(report)
    with pytest.raises(services.ReportIssued):
        services.issue_report(report, personas["alice"])
    assert report.issued_by == personas["alice"]
