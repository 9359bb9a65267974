"""Reads for the report pages and the district overview: the next report due, the archive."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from teilhabe.core.scoping import Scope
from teilhabe.regions.models import District
from teilhabe.reports.models import Committee, Meeting, Report, ReportStatus

REMIND_DAYS = 14  # coordinators see a reminder this many days before a meeting


@dataclass(frozen=True)
class Due:
    """A coming meeting and what has been prepared for it."""

    meeting: Meeting
    issued: Report | None
    draft: Report | None
    days: int

    @property
    def committee(self) -> Committee:
        return self.meeting.committee

    @property
    def remind(self) -> bool:
        return self.issued is None and self.days <= REMIND_DAYS


def upcoming(district: District, scope: Scope, today: datetime.date | None = None) -> list[Due]:
    """The next meeting of each committee of the district, soonest first, with the reports the
    user may see (drafts only for coordinators)."""
    today = today or timezone.localdate()
    meetings = (
        Meeting.objects.filter(committee__district=district, date__gte=today)
        .select_related("committee")
        .order_by("date", "committee__name")
    )
    nexts: dict[int, Meeting] = {}
    for meeting in meetings:
        nexts.setdefault(meeting.committee_id, meeting)
    reports = list(
        scope.filter(Report.objects)
        .filter(
            district=district,
            committee_id__in=nexts,
            meeting_date__in={m.date for m in nexts.values()},
        )
        .order_by("-pk")
    )
    found = []
    for meeting in sorted(nexts.values(), key=lambda m: (m.date, m.committee.name)):
        mine = [
            r
            for r in reports
            if r.committee_id == meeting.committee_id and r.meeting_date == meeting.date
        ]
        issued = next((r for r in mine if r.status == ReportStatus.ISSUED), None)
        draft = next((r for r in mine if r.status == ReportStatus.DRAFT), None)
        found.append(Due(meeting, issued, draft, (meeting.date - today).days))
    return found


def archive(district: District, scope: Scope) -> list[Report]:
    return list(
        scope.filter(Report.objects)
        .filter(district=district, status=ReportStatus.ISSUED)
        .select_related("committee", "issued_by")
        .order_by("-issued_at", "-pk")
    )


def drafts(district: District, scope: Scope) -> list[Report]:
    """The drafts, for the district's coordinators (empty for everyone else: core/scoping.py)."""
    return list(
        scope.filter(Report.objects)
        .filter(district=district, status=ReportStatus.DRAFT)
        .select_related("committee", "created_by")
        .order_by("-created_at", "-pk")
    )


def draft_for(committee: Committee | None, meeting_date: datetime.date | None) -> Report | None:
    """The draft already prepared for this committee's meeting, if any."""
    if committee is None or meeting_date is None:
        return None
    return Report.objects.filter(
        committee=committee, meeting_date=meeting_date, status=ReportStatus.DRAFT
    ).first()
