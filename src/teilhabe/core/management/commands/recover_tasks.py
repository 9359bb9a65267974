"""Take over the tasks of lost workers now (every worker also does this by itself, core/leases.py);
`teilhabe up` runs it before its worker. Safe while other workers run."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from teilhabe.core import leases


class Command(BaseCommand):
    help = (
        "Take over the tasks of workers whose lease has expired (queue them again, or mark them "
        "failed after too many attempts) and let each app put right the work they were doing "
        "(the report PDFs are queued again). Safe while other workers run."
    )

    def handle(self, *args: object, **options: object) -> None:
        done = leases.take_over(recover_apps=True)
        if done.requeued:
            self.stdout.write(
                _("Background tasks of a lost worker taken over and queued again: %(n)d")
                % {"n": len(done.requeued)}
            )
        if done.failed:
            self.stdout.write(
                _("Background tasks of a lost worker marked failed after %(max)d attempts: %(n)d")
                % {"n": len(done.failed), "max": leases.max_attempts()}
            )
        for line in done.lines:
            self.stdout.write(line)
