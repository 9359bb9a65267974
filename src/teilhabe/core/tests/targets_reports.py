"""Permission-table targets of the status reports: a committee per district with a draft and an
issued report. Snapshots are built once per test run and reused (building one for every test of
the table would cost minutes); the reports themselves are fresh rows in every test."""

import datetime

from django.urls import reverse
from django.utils import timezone

from teilhabe.core.tests.targets import Target, asking_first, both_districts

SNAPSHOTS: dict[str, dict] = {}


def setup(rotenburg, osterholz) -> None:
    from teilhabe.reports import services, snapshot
    from teilhabe.reports.models import Report, ReportStatus

    today = timezone.localdate()
    for district in (rotenburg, osterholz):
        committee = services.save_committee(
            district, "Sozialausschuss", [today + datetime.timedelta(days=10)]
        )
        since = today - datetime.timedelta(days=60)
        if district.ags not in SNAPSHOTS:
            SNAPSHOTS[district.ags] = snapshot.build(district, since, today, committee.name)
        for status in (ReportStatus.DRAFT, ReportStatus.ISSUED):
            report = Report.objects.create(
                district=district,
                committee=committee,
                since=since,
                until=today,
                status=status,
                snapshot=SNAPSHOTS[district.ags],
                generated_at=timezone.now(),
                issued_at=timezone.now() if status == ReportStatus.ISSUED else None,
            )
            services.store_pdf(report.pk, report.revision, b"%PDF-1.4\n% Beispiel\n")


def _reports(name: str, method: str = "get", status: str | None = None) -> list[Target]:
    from teilhabe.reports.models import Report

    rows = Report.objects.select_related("district").order_by("pk")
    if status:
        rows = rows.filter(status=status)
    return [
        Target(reverse(name, args=[r.pk]), r.district.ags, None, method, internal=not r.is_issued)
        for r in rows
    ]


def _committees(name: str, method: str = "get", data: dict | None = None) -> list[Target]:
    from teilhabe.reports.models import Committee

    rows = Committee.objects.select_related("district").order_by("pk")
    return [Target(reverse(name, args=[c.pk]), c.district.ags, None, method, data) for c in rows]


def _get_and_invalid_post(name: str, data: dict) -> list[Target]:
    targets = both_districts(name)
    return [*targets, *[Target(t.url, t.district, None, "post", data) for t in targets]]


TARGETS = {
    "reports:report-list": lambda u: both_districts("reports:report-list"),
    "reports:report-create": lambda u: _get_and_invalid_post(
        "reports:report-create", {"until": ""}
    ),
    "reports:report-detail": lambda u: _reports("reports:report-detail"),
    "reports:report-status": lambda u: _reports("reports:report-status"),
    "reports:report-pdf": lambda u: _reports("reports:report-pdf"),
    "reports:report-xlsx": lambda u: _reports("reports:report-xlsx"),
    # Issued reports refuse both with a message, so the table needs no PDF rendering; the
    # effect on drafts is tested in reports/tests.
    "reports:report-regenerate": lambda u: _reports("reports:report-regenerate", "post", "issued"),
    "reports:report-issue": lambda u: asking_first(
        _reports("reports:report-issue", "post", "issued")
    ),
    "reports:committee-create": lambda u: _get_and_invalid_post(
        "reports:committee-create", {"name": ""}
    ),
    "reports:committee-edit": lambda u: [
        *_committees("reports:committee-edit"),
        *_committees("reports:committee-edit", "post", {"name": ""}),
    ],
}


def snapshot() -> list[tuple]:
    from teilhabe.reports.models import Committee, Meeting, Report

    def rows(model, *fields):
        return list(model.objects.order_by("pk").values_list("pk", *fields))

    return [
        *rows(Committee, "name"),
        *rows(Meeting, "date"),
        *rows(Report, "status", "revision", "since", "until", "task_state", "issued_at"),
    ]
