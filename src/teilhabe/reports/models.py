"""Status reports (Sachstandsberichte) to the district's committees.

A report is built from the live data into a `snapshot`: every figure, name and table it shows.
Pages, the PDF and the XLSX annex are rendered from the snapshot alone, so an issued report
reads the same years later, whatever happened to the data since. Drafts can be rebuilt at will;
issuing freezes the snapshot and stores the PDF next to it."""

import datetime
import secrets
from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from teilhabe.core.history import track


class Committee(models.Model):
    """Ausschuss (committee): a committee of the district the office reports to, e.g.
    the Jobcenter committee (Jobcenter-Ausschuss)."""

    district = models.ForeignKey(
        "regions.District",
        on_delete=models.PROTECT,
        related_name="committees",
        verbose_name=_("district"),
    )
    name = models.CharField(_("name"), max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    history = track()
    district_path = "district"

    class Meta:
        verbose_name = _("committee")
        verbose_name_plural = _("committees")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["district", "name"], name="committee_name_unique")
        ]

    def __str__(self) -> str:
        return self.name

    def next_meeting(self, today: datetime.date | None = None) -> "Meeting | None":
        today = today or timezone.localdate()
        return self.meetings.filter(date__gte=today).order_by("date").first()


class Meeting(models.Model):
    """Sitzung (meeting): a meeting date of a committee; a status report is due for
    each."""

    committee = models.ForeignKey(
        Committee, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("committee")
    )
    date = models.DateField(_("meeting date"))

    history = track()
    district_path = "committee__district"

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "date"], name="meeting_date_unique")
        ]

    def __str__(self) -> str:
        return f"{self.committee}: {self.date:%d.%m.%Y}"


class ReportStatus(models.TextChoices):
    """Stand eines Sachstandsberichts: Entwurf oder herausgegeben."""

    DRAFT = "draft", _("draft")
    ISSUED = "issued", _("issued")


class TaskState(models.TextChoices):
    """How far the background task making a report's PDF has come."""

    IDLE = "idle", _("not started")
    QUEUED = "queued", _("waiting")
    RUNNING = "running", _("being generated")
    DONE = "done", _("ready")
    FAILED = "failed", _("failed")


def _pdf_path(instance: "Report", filename: str) -> str:
    # A random part keeps the address unguessable even if media were ever served directly.
    return f"reports/{instance.district.ags}/{secrets.token_hex(8)}-{filename}"


class Report(models.Model):
    """Sachstandsbericht (Report, status report): the regular progress report to the
    district's committees. Its figures are frozen in `snapshot` when it is made, so the PDF and
    the page say the same thing later; issuing it makes it final."""

    district = models.ForeignKey(
        "regions.District",
        on_delete=models.PROTECT,
        related_name="reports",
        verbose_name=_("district"),
    )
    committee = models.ForeignKey(
        Committee,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("committee"),
    )
    meeting_date = models.DateField(_("meeting date"), null=True, blank=True)
    since = models.DateField(_("period from"))
    until = models.DateField(_("period until"))
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    snapshot = models.JSONField(_("data snapshot"), default=dict, editable=False)
    revision = models.PositiveIntegerField(default=1, editable=False)
    pdf = models.FileField(_("PDF"), upload_to=_pdf_path, blank=True, editable=False)
    progress = models.PositiveSmallIntegerField(
        _("progress in percent"), default=0, validators=[MaxValueValidator(100)]
    )
    task_state = models.CharField(
        _("PDF"), max_length=10, choices=TaskState.choices, default=TaskState.IDLE
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    generated_at = models.DateTimeField(_("data as of"), null=True, blank=True)
    issued_at = models.DateTimeField(_("issued"), null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    history = track(excluded=["snapshot", "pdf"])
    district_path = "district"
    # Drafts are the office's working copies: only the district's coordinators see them
    # (core/scoping.py); committee members, editors and administrators see issued reports.
    released_when: ClassVar[dict[str, str]] = {"status": ReportStatus.ISSUED}

    class Meta:
        verbose_name = _("status report")
        verbose_name_plural = _("status reports")
        ordering = ["-until", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(until__gte=models.F("since")), name="report_period_in_order"
            ),
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="report_progress_at_most_100"
            ),
        ]

    def __str__(self) -> str:
        where = self.committee.name if self.committee_id and self.committee else ""
        return f"{where or self.district} ({self.since:%d.%m.%Y}–{self.until:%d.%m.%Y})"

    @property
    def is_issued(self) -> bool:
        return self.status == ReportStatus.ISSUED

    @property
    def pdf_ready(self) -> bool:
        return self.task_state == TaskState.DONE and bool(self.pdf)

    def file_name(self, extension: str) -> str:
        day = self.meeting_date or self.until
        return f"sachstandsbericht-{self.district.ags}-{day:%Y-%m-%d}.{extension}"
