"""The report's PDF, made in the background (WeasyPrint needs a second or two). The task
records its progress on the report, which the report page polls."""

import logging

from django.conf import settings
from django.tasks import task
from django.utils import translation

from teilhabe.reports import rendering, services
from teilhabe.reports.models import Report, TaskState
from teilhabe.reports.presentation import Issued

logger = logging.getLogger(__name__)


@task
def generate_pdf(report_id: int, revision: int) -> str:
    report = Report.objects.filter(pk=report_id, revision=revision).first()
    if report is None:
        return "outdated"
    services.set_progress(report_id, revision, 5)
    language = report.snapshot.get("language") or settings.LANGUAGE_CODE
    try:
        with translation.override(language):
            data = rendering.pdf(
                report.snapshot,
                Issued(report.issued_at),
                progress=lambda n: services.set_progress(report_id, revision, n),
            )
    except Exception:
        logger.exception("PDF of report %s failed", report_id)
        services.set_progress(report_id, revision, 0, TaskState.FAILED)
        raise
    return "done" if services.store_pdf(report_id, revision, data) else "outdated"
