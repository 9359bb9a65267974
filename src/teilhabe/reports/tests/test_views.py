"""The report pages: next report due with the reminder, committees, drafts, status polling."""

import datetime
import re
from pathlib import Path

import pytest
from django.db import connection
from django.urls import reverse

from teilhabe.core.models import StoredFile
from teilhabe.reports import services
from teilhabe.reports.models import Committee, Report, TaskState
from teilhabe.reports.tests.conftest import DAY, TODAY, de
from teilhabe.testing import post_asks_first

pytestmark = pytest.mark.django_db


@pytest.fixture
def committee(rotenburg):
    return services.save_committee(
        rotenburg, "Sozialausschuss", [TODAY - 30 * DAY, TODAY + 10 * DAY]
    )


def test_committee_with_meeting_dates_in_german_notation(client, personas, rotenburg):
    client.force_login(personas["alice"])
    url = reverse("reports:committee-create", args=["03357"])
    response = client.post(
        url, {"name": "Jobcenter-Ausschuss", "meetings": "17.09.2026\n21.01.2027, 2027-05-06"}
    )
    assert response.status_code == 302
    committee = Committee.objects.get(district=rotenburg)
    assert list(committee.meetings.values_list("date", flat=True)) == [
        datetime.date(2026, 9, 17),
        datetime.date(2027, 1, 21),
        datetime.date(2027, 5, 6),
    ]
    edit = reverse("reports:committee-edit", args=[committee.pk])
    assert "17.09.2026" in client.get(edit).content.decode()
    response = client.post(edit, {"name": "Jobcenter-Ausschuss", "meetings": "21.01.2027\nmorgen"})
    assert response.status_code == 200 and "morgen" in response.content.decode()
    client.post(edit, {"name": "Jobcenter-Ausschuss", "meetings": "21.01.2027"})
    assert list(committee.meetings.values_list("date", flat=True)) == [datetime.date(2027, 1, 21)]


def test_a_committee_name_is_unique_in_its_district(client, personas, committee):
    client.force_login(personas["alice"])
    url = reverse("reports:committee-create", args=["03357"])
    response = client.post(url, {"name": "Sozialausschuss", "meetings": ""})
    assert response.status_code == 200 and Committee.objects.count() == 1


def test_the_next_report_due_and_the_reminder_for_coordinators(client, personas, committee):
    reminder = de("Prepare the report now")
    for url in (
        reverse("reports:report-list", args=["03357"]),
        reverse("regions:district-detail", args=["03357"]),
    ):
        client.force_login(personas["alice"])
        page = client.get(url).content.decode()
        assert "Sozialausschuss" in page and (TODAY + 10 * DAY).strftime("%d.%m.%Y") in page
        assert reminder in page and "report-reminder" in page
        client.force_login(personas["carol"])  # a committee member sees the date, no reminder
        page = client.get(url).content.decode()
        assert "Sozialausschuss" in page and "report-reminder" not in page


def test_no_reminder_once_the_report_is_issued_or_the_meeting_is_far(
    client, personas, committee, rotenburg
):
    client.force_login(personas["alice"])
    url = reverse("reports:report-list", args=["03357"])
    report = services.create_report(
        rotenburg, {"committee": committee, "meeting_date": TODAY + 10 * DAY}
    )
    assert de("Open the draft and issue it") in client.get(url).content.decode()
    services.issue_report(report, personas["alice"])
    assert "report-reminder" not in client.get(url).content.decode()
    services.save_committee(rotenburg, "Kreisausschuss", [TODAY + 40 * DAY])
    assert "report-reminder" not in client.get(url).content.decode()


def test_the_new_report_form_starts_from_the_meeting_and_the_last_issued_report(
    client, personas, committee, rotenburg
):
    earlier = services.create_report(
        rotenburg, {"committee": committee, "since": TODAY - 90 * DAY, "until": TODAY - 35 * DAY}
    )
    services.issue_report(earlier, personas["alice"])
    client.force_login(personas["alice"])
    url = reverse("reports:report-create", args=["03357"])
    meeting = (TODAY + 10 * DAY).isoformat()
    form = client.get(url, {"committee": committee.pk, "meeting": meeting}).content.decode()
    assert f'value="{meeting}"' in form
    response = client.post(
        url, {"committee": committee.pk, "meeting_date": meeting, "until": TODAY.isoformat()}
    )
    report = Report.objects.exclude(pk=earlier.pk).get()
    assert response.url == reverse("reports:report-detail", args=[report.pk])
    assert report.since == TODAY - 34 * DAY  # the day after the last issued report
    assert report.created_by == personas["alice"] and report.pdf_ready


def test_a_period_that_ends_before_it_begins_is_refused(client, personas, rotenburg):
    client.force_login(personas["alice"])
    url = reverse("reports:report-create", args=["03357"])
    response = client.post(url, {"since": TODAY.isoformat(), "until": (TODAY - DAY).isoformat()})
    assert response.status_code == 200 and not Report.objects.exists()


def test_the_status_fragment_polls_until_the_pdf_is_ready(client, personas, rotenburg):
    report = services.create_report(rotenburg, {"until": TODAY})
    Report.objects.filter(pk=report.pk).update(task_state=TaskState.RUNNING, progress=40)
    status = reverse("reports:report-status", args=[report.pk])
    client.force_login(personas["carol"])  # a draft is the office's: viewers do not see it
    assert client.get(status).status_code == 404
    client.force_login(personas["alice"])
    fragment = client.get(status).content.decode()
    assert 'hx-trigger="every 2s"' in fragment and f'hx-get="{status}"' in fragment
    assert 'value="40"' in fragment and "<html" not in fragment
    page = client.get(reverse("reports:report-detail", args=[report.pk])).content.decode()
    assert 'hx-trigger="every 2s"' in page
    services.store_pdf(report.pk, report.revision, b"%PDF-1.4\n")
    fragment = client.get(status).content.decode()
    assert "hx-trigger" not in fragment
    assert reverse("reports:report-pdf", args=[report.pk]) in fragment


def test_downloads(client, personas, rotenburg):
    report = services.create_report(rotenburg, {"until": TODAY})
    client.force_login(personas["alice"])
    pdf = reverse("reports:report-pdf", args=[report.pk])
    assert client.get(pdf).status_code == 302  # not ready yet: back to the report
    services.store_pdf(report.pk, report.revision, b"%PDF-1.4\n")
    response = client.get(pdf)
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == b"%PDF-1.4\n"
    assert f"sachstandsbericht-03357-{TODAY:%Y-%m-%d}.pdf" in response["Content-Disposition"]
    xlsx = client.get(reverse("reports:report-xlsx", args=[report.pk]))
    assert xlsx.content.startswith(b"PK") and ".xlsx" in xlsx["Content-Disposition"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="kept on disk with SQLite")
def test_on_postgresql_the_pdf_is_kept_in_the_database(client, personas, rotenburg, settings):
    """Where every node reads it (core/storage.py): a row of StoredFile, nothing on disk; a
    newer revision's PDF replaces the row."""
    report = services.create_report(rotenburg, {"until": TODAY})
    services.store_pdf(report.pk, report.revision, b"%PDF-1.4\nerste")
    services.store_pdf(report.pk, report.revision, b"%PDF-1.4\nzweite")
    report.refresh_from_db()
    assert list(StoredFile.objects.values_list("name", "content")) == [
        (report.pdf.name, b"%PDF-1.4\nzweite")
    ]
    assert not (Path(settings.MEDIA_ROOT) / report.pdf.name).exists()
    client.force_login(personas["alice"])
    response = client.get(reverse("reports:report-pdf", args=[report.pk]))
    assert b"".join(response.streaming_content) == b"%PDF-1.4\nzweite"


def test_drafts_and_archive_are_listed(client, personas, committee, rotenburg):
    draft = services.create_report(rotenburg, {"committee": committee, "until": TODAY})
    issued = services.issue_report(
        services.create_report(rotenburg, {"until": TODAY - DAY}), personas["alice"]
    )
    client.force_login(personas["alice"])
    page = client.get(reverse("reports:report-list", args=["03357"])).content.decode()
    drafts, archive = page.split('id="drafts"')[1], page.split('id="archive"')[1]
    assert reverse("reports:report-detail", args=[draft.pk]) in drafts.split("</table>")[0]
    assert reverse("reports:report-detail", args=[issued.pk]) in archive.split("</table>")[0]
    # Committee members read the archive; the drafts are internal to the office.
    client.force_login(personas["carol"])
    page = client.get(reverse("reports:report-list", args=["03357"])).content.decode()
    assert reverse("reports:report-detail", args=[issued.pk]) in page
    assert reverse("reports:report-detail", args=[draft.pk]) not in page
    assert 'id="drafts-heading"' not in page


def test_a_committee_parameter_that_is_no_number_is_ignored(client, personas, committee):
    client.force_login(personas["alice"])
    url = reverse("reports:report-create", args=["03357"])
    assert client.get(url, {"committee": "kein-ausschuss"}).status_code == 200
    page = client.get(url, {"committee": committee.pk, "meeting": "2026-12-03"})
    assert page.status_code == 200 and committee.name in page.content.decode()


def test_issuing_a_report_asks_first(client, personas, rotenburg):
    report = services.create_report(rotenburg, {"until": TODAY})
    client.force_login(personas["alice"])
    url = reverse("reports:report-issue", args=[report.pk])
    asked, done = post_asks_first(client, url, lambda: Report.objects.get(pk=report.pk).status)
    assert "Bericht herausgeben?" in asked.content.decode()
    assert Report.objects.get(pk=report.pk).is_issued and done.status_code == 302


@pytest.mark.parametrize(
    ("since", "until"), [("01.01.0001", "31.12.9999"), ("", "9999-12-31"), ("0001-01-01", "")]
)
def test_a_report_period_out_of_range_is_explained(client, personas, committee, since, until):
    client.force_login(personas["alice"])
    url = reverse("reports:report-create", args=["03357"])
    data = {"committee": committee.pk, "since": since, "until": until}
    response = client.post(url, data)
    assert response.status_code == 200
    assert "zwischen dem 01.01.1900 und dem 31.12.2199" in response.content.decode()
    assert not Report.objects.exists()


@pytest.mark.parametrize("value", ["²", "99999999999999999999999", "31.12.9999"])
def test_odd_committee_and_meeting_in_the_query_string_are_ignored(client, personas, value):
    client.force_login(personas["alice"])
    url = reverse("reports:report-create", args=["03357"])
    assert client.get(url, {"committee": value, "meeting": value}).status_code == 200


def test_meeting_dates_out_of_range_are_refused(client, personas, rotenburg):
    client.force_login(personas["alice"])
    url = reverse("reports:committee-create", args=["03357"])
    response = client.post(url, {"name": "Sozialausschuss", "meetings": "31.12.9999"})
    assert response.status_code == 200
    assert "zwischen dem 01.01.1900 und dem 31.12.2199" in response.content.decode()
    assert not Committee.objects.exists()


def test_a_meeting_has_one_draft_at_a_time(client, personas, committee):
    client.force_login(personas["alice"])
    url = reverse("reports:report-create", args=["03357"])
    meeting = (TODAY + 10 * DAY).isoformat()
    data = {"committee": committee.pk, "meeting_date": meeting, "until": TODAY.isoformat()}
    first = client.post(url, data)
    draft = Report.objects.get()
    assert first.status_code == 302
    second = client.post(url, data)
    assert second.status_code == 200
    message = de(
        "This meeting already has a draft. Open it under “Drafts” and rebuild it with current "
        "data instead of creating a second one."
    )
    assert message in second.content.decode()
    assert list(Report.objects.values_list("pk", flat=True)) == [draft.pk]
    with pytest.raises(services.DraftExists):  # the service refuses too (a race past the form)
        services.create_report(
            committee.district, {"committee": committee, "meeting_date": TODAY + 10 * DAY}
        )
    # Once issued, the meeting may get a new draft (a corrected report).
    services.issue_report(draft, personas["alice"])
    assert client.post(url, data).status_code == 302 and Report.objects.count() == 2


def test_the_state_line_does_not_repeat_the_badge(client, personas, rotenburg):
    """The badge ("Entwurf") and the sentence after it read as one: not "Entwurf Entwurf"."""
    draft = services.create_report(rotenburg, {"until": TODAY})
    issued = services.issue_report(
        services.create_report(rotenburg, {"until": TODAY - DAY}), personas["alice"]
    )
    client.force_login(personas["alice"])
    for report in (draft, issued):
        page = client.get(reverse("reports:report-detail", args=[report.pk])).content.decode()
        line = page.split('class="report-state">')[1].split("</p>")[0]
        words = re.sub(r"<[^>]+>", " ", line).split()
        assert words[0].lower() != words[1].lower(), words
