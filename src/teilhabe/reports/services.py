"""Writes of status reports: committees and their meetings, drafts built from the live data,
the background PDF, issuing. An issued report never changes: neither its snapshot nor its PDF."""

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from teilhabe.regions.models import District
from teilhabe.reports import queries, snapshot
from teilhabe.reports.models import Committee, Meeting, Report, ReportStatus, TaskState

DEFAULT_DAYS = 61  # "about two months have passed since the last meeting"


class ReportIssued(Exception):
    """An issued report is frozen: it cannot be rebuilt or issued again."""


class DraftExists(Exception):
    """A meeting has one draft at a time: rebuild it rather than start a second one."""

    def __init__(self, draft: Report) -> None:
        super().__init__(draft.pk)
        self.draft = draft


@transaction.atomic
def save_committee(
    district: District,
    name: str,
    dates: Iterable[datetime.date],
    committee: Committee | None = None,
) -> Committee:
    """Create or rename a committee; its meetings become exactly `dates`."""
    committee = committee or Committee(district=district)
    committee.name = name
    committee.full_clean()
    committee.save()
    wanted = set(dates)
    committee.meetings.exclude(date__in=wanted).delete()
    present = set(committee.meetings.values_list("date", flat=True))
    Meeting.objects.bulk_create(
        Meeting(committee=committee, date=d) for d in sorted(wanted - present)
    )
    return committee


def default_period(
    district: District, committee: Committee | None, until: datetime.date
) -> tuple[datetime.date, datetime.date]:
    """From the day after the last issued report (of the committee, if one is chosen) to
    `until`; without an earlier report, the two months before `until`."""
    issued = Report.objects.filter(district=district, status=ReportStatus.ISSUED, until__lt=until)
    if committee is not None:
        issued = issued.filter(committee=committee)
    last = issued.order_by("-until").first()
    since = (
        last.until + datetime.timedelta(days=1)
        if last
        else until - datetime.timedelta(days=DEFAULT_DAYS)
    )
    return since, until


def _build(report: Report) -> None:
    report.snapshot = snapshot.build(
        report.district,
        report.since,
        report.until,
        committee=report.committee.name if report.committee else "",
        meeting_date=report.meeting_date,
    )
    report.generated_at = timezone.now()


@transaction.atomic
def create_report(district: District, values: dict[str, Any], user: Any = None) -> Report:
    """A draft with its snapshot; call `request_pdf` afterwards for the PDF. Refused with
    DraftExists when the committee's meeting has a draft already."""
    committee = values.get("committee")
    if committee is not None:  # two coordinators at once: the second waits, then is refused
        Committee.objects.select_for_update().filter(pk=committee.pk).first()
    if existing := queries.draft_for(committee, values.get("meeting_date")):
        raise DraftExists(existing)
    until = values.get("until") or timezone.localdate()
    since = values.get("since") or default_period(district, committee, until)[0]
    report = Report(
        district=district,
        committee=committee,
        meeting_date=values.get("meeting_date"),
        since=since,
        until=until,
        created_by=user if getattr(user, "pk", None) else None,
    )
    report.full_clean(exclude=["snapshot"])
    _build(report)
    report.save()
    return report


@transaction.atomic
def regenerate(report: Report) -> Report:
    """Rebuild a draft from the data as it is now; the old PDF is outdated."""
    current = Report.objects.select_for_update().get(pk=report.pk)
    if current.is_issued:
        raise ReportIssued
    _build(current)
    current.revision += 1
    _drop_pdf(current)
    current.save()
    return current


@transaction.atomic
def issue_report(report: Report, user: Any) -> Report:
    """Freeze the report: its snapshot stays as it is; the final PDF (without the draft mark)
    is made from it next."""
    current = Report.objects.select_for_update().get(pk=report.pk)
    if current.is_issued:
        raise ReportIssued
    current.status = ReportStatus.ISSUED
    current.issued_at = timezone.now()
    current.issued_by = user if getattr(user, "pk", None) else None
    current.revision += 1
    _drop_pdf(current)
    current.save()
    return current


def _drop_pdf(report: Report) -> None:
    if report.pdf:
        report.pdf.delete(save=False)
    report.task_state, report.progress = TaskState.IDLE, 0


def request_pdf(report: Report) -> None:
    """Queue the PDF of the report's current revision. Not in a transaction of its own: the
    database queue sees the task only once the caller's writes are committed."""
    from teilhabe.reports import tasks

    if report.is_issued and report.pdf:
        raise ReportIssued
    Report.objects.filter(pk=report.pk, revision=report.revision).update(
        task_state=TaskState.QUEUED, progress=0
    )
    tasks.generate_pdf.enqueue(report.pk, report.revision)


def set_progress(
    report_id: int, revision: int, progress: int, state: str = TaskState.RUNNING
) -> bool:
    """Record how far the PDF of a revision has come; False when the revision is outdated."""
    return bool(
        Report.objects.filter(pk=report_id, revision=revision).update(
            progress=min(max(progress, 0), 100), task_state=state
        )
    )


@transaction.atomic
def store_pdf(report_id: int, revision: int, data: bytes) -> bool:
    """Keep the PDF if the report is still at that revision (a rebuild may have overtaken it)."""
    report = (
        Report.objects.select_for_update().select_related("district").filter(pk=report_id).first()
    )
    if report is None or report.revision != revision:
        return False
    if report.pdf:
        report.pdf.delete(save=False)
    report.pdf.save(report.file_name("pdf"), ContentFile(data), save=False)
    report.progress, report.task_state = 100, TaskState.DONE
    report.save(update_fields=["pdf", "progress", "task_state"])
    return True


MAX_PDF_ATTEMPTS = 3  # a PDF that kills its worker every time is not tried for ever


def resume_pdfs() -> tuple[int, int]:
    """After a crash: every PDF shown as waiting or being made that no queued task will make
    (its worker was killed, see core.recovery) is queued again, or marked failed after
    MAX_PDF_ATTEMPTS lost attempts, so the report page offers "generate again" instead of a
    progress bar that never moves. Returns (queued again, marked failed)."""
    from teilhabe.core import recovery
    from teilhabe.reports import tasks

    path = tasks.generate_pdf.module_path
    pending = recovery.pending_calls(path)
    lost = recovery.lost_attempts(path)
    queued = failed = 0
    stuck = Report.objects.filter(task_state__in=[TaskState.QUEUED, TaskState.RUNNING])
    for report in stuck.order_by("pk"):
        call = (report.pk, report.revision)
        if call in pending:
            continue
        if lost.get(call, 0) >= MAX_PDF_ATTEMPTS:
            set_progress(report.pk, report.revision, 0, TaskState.FAILED)
            failed += 1
        else:
            request_pdf(report)
            queued += 1
    return queued, failed
