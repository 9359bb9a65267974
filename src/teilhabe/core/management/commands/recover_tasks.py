"""Clean up after a crash of the background worker; `teilhabe up` runs it before the worker."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from teilhabe.core import installation, recovery


class Command(BaseCommand):
    help = (
        "Mark tasks left running by a killed worker as failed and let each app put right the "
        "work they were doing (the report PDFs are queued again). Run it only while no worker "
        "runs."
    )

    def handle(self, *args: object, **options: object) -> None:
        orphaned = recovery.fail_orphaned_tasks()
        if orphaned:
            self.stdout.write(
                _("Background tasks interrupted by a stopped worker, marked failed: %(n)d")
                % {"n": len(orphaned)}
            )
        for line in installation.recover_tasks():
            self.stdout.write(line)
