"""Committees, the default period and the next report due."""

import datetime

import pytest

from teilhabe.core.scoping import Scope
from teilhabe.reports import queries, services
from teilhabe.reports.models import Meeting
from teilhabe.reports.tests.conftest import DAY, TODAY

pytestmark = pytest.mark.django_db


def test_meetings_become_exactly_the_dates_given(rotenburg):
    committee = services.save_committee(rotenburg, "Sozialausschuss", [TODAY, TODAY + DAY])
    kept = Meeting.objects.get(date=TODAY)
    services.save_committee(rotenburg, "Sozialausschuss", [TODAY, TODAY + 9 * DAY], committee)
    assert list(committee.meetings.values_list("date", flat=True)) == [TODAY, TODAY + 9 * DAY]
    assert Meeting.objects.get(date=TODAY).pk == kept.pk


def test_the_default_period_follows_the_last_issued_report_of_the_committee(rotenburg, personas):
    social = services.save_committee(rotenburg, "Sozialausschuss", [])
    jobs = services.save_committee(rotenburg, "Jobcenter-Ausschuss", [])
    assert services.default_period(rotenburg, social, TODAY) == (TODAY - 61 * DAY, TODAY)
    first = services.create_report(
        rotenburg, {"committee": social, "since": TODAY - 99 * DAY, "until": TODAY - 40 * DAY}
    )
    services.create_report(rotenburg, {"committee": social, "until": TODAY - 10 * DAY})  # a draft
    services.issue_report(first, personas["alice"])
    assert services.default_period(rotenburg, social, TODAY)[0] == TODAY - 39 * DAY
    assert services.default_period(rotenburg, jobs, TODAY)[0] == TODAY - 61 * DAY
    assert services.default_period(rotenburg, None, TODAY)[0] == TODAY - 39 * DAY


def test_the_next_meeting_of_each_committee_soonest_first(rotenburg, osterholz, personas):
    scope = Scope.for_user(personas["alice"])
    services.save_committee(rotenburg, "Kreisausschuss", [TODAY - DAY, TODAY + 30 * DAY])
    services.save_committee(rotenburg, "Sozialausschuss", [TODAY + 3 * DAY, TODAY + 90 * DAY])
    services.save_committee(osterholz, "Sozialausschuss", [TODAY + DAY])
    due = queries.upcoming(rotenburg, scope, TODAY)
    assert [(d.committee.name, d.days, d.remind) for d in due] == [
        ("Sozialausschuss", 3, True),
        ("Kreisausschuss", 30, False),
    ]
    assert queries.upcoming(rotenburg, scope, datetime.date(2099, 1, 1)) == []


def test_an_issued_pdf_is_never_replaced(rotenburg, personas):
    report = services.issue_report(services.create_report(rotenburg, {}), personas["alice"])
    services.store_pdf(report.pk, report.revision, b"%PDF-1.4\n")
    report.refresh_from_db()
    with pytest.raises(services.ReportIssued):
        services.request_pdf(report)
