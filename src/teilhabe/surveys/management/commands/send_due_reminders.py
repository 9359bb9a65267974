"""Send the reminders whose date has come (run daily, e.g. from cron or a systemd timer:
`teilhabe manage send_due_reminders`). Each reminder date is used once."""

from typing import Any

from django.core.management.base import BaseCommand

from teilhabe.surveys.mailing import remind_due


class Command(BaseCommand):
    help = "Send the questionnaire reminders whose date has come."

    def handle(self, *args: Any, **options: Any) -> None:
        started = remind_due()
        self.stdout.write(f"{len(started)} reminder mailing(s) started")
