"""Clean up after a crash of the background worker; `teilhabe up` runs it before the worker."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from teilhabe.core import recovery
from teilhabe.reports import services as reports


class Command(BaseCommand):
    help = (
        "Mark tasks left running by a killed worker as failed and queue the report PDFs they "
        "were making again. Run it only while no worker runs."
    )

    def handle(self, *args: object, **options: object) -> None:
        orphaned = recovery.fail_orphaned_tasks()
        queued, failed = reports.resume_pdfs()
        if orphaned:
            self.stdout.write(
                _("Background tasks interrupted by a stopped worker, marked failed: %(n)d")
                % {"n": len(orphaned)}
            )
        if queued:
            self.stdout.write(_("Report PDFs queued again: %(n)d") % {"n": queued})
        if failed:
            self.stdout.write(
                _("Report PDFs marked failed after repeated interruptions: %(n)d") % {"n": failed}
            )
