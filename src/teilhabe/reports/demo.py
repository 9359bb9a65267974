"""Example committee and status report for `teilhabe up --demo` (Beispieldaten): the social
committee with two meetings, and the report issued for the September meeting."""

import datetime
from collections.abc import Iterator

from django.utils.translation import gettext as _

from teilhabe.accounts.models import User
from teilhabe.core.demo import EXAMPLE_MARK
from teilhabe.regions.models import District
from teilhabe.reports import services
from teilhabe.reports.models import Committee, Report

COMMITTEE = f"Ausschuss für Soziales, Jobcenter und Integration ({EXAMPLE_MARK})"
MEETINGS = [datetime.date(2026, 9, 17), datetime.date(2027, 1, 21)]
ISSUED = (datetime.date(2026, 3, 1), datetime.date(2026, 9, 10))  # the period of the first report


def example_reports() -> Iterator[str]:
    district = District.objects.filter(ags="03357").first()
    if district is None or Committee.objects.filter(district=district).exists():
        return
    committee = services.save_committee(district, COMMITTEE, MEETINGS)
    user = User.objects.filter(username="beispiel-koordination").first()
    since, until = ISSUED
    report = services.create_report(
        district,
        {"committee": committee, "meeting_date": MEETINGS[0], "since": since, "until": until},
        user,
    )
    report = services.issue_report(report, user)
    issued_at = datetime.datetime(2026, 9, 11, 10, 0, tzinfo=datetime.UTC)
    Report.objects.filter(pk=report.pk).update(issued_at=issued_at)
    report.refresh_from_db()
    services.request_pdf(report)
    yield _("Example committee (%(mark)s) with %(n)d meetings and one issued status report") % {
        "mark": EXAMPLE_MARK,
        "n": len(MEETINGS),
    }
