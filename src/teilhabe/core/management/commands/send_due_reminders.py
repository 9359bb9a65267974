"""Send the reminders whose date has come (run daily, e.g. from cron or a systemd timer:
`teilhabe manage send_due_reminders`): questionnaire waves, events and tandem requests. Each
reminder date is used once."""

from typing import Any

from django.core.management.base import BaseCommand

from teilhabe.core.mailing import Campaign, remind_due


class Command(BaseCommand):
    help = "Send the reminders (questionnaires, events, tandems) whose date has come."

    def handle(self, *args: Any, **options: Any) -> None:
        total = 0
        for name, campaign in sorted(Campaign.registry.items()):
            started = remind_due(campaign)
            total += len(started)
            self.stdout.write(f"{name}: {len(started)} reminder mailing(s) started")
        self.stdout.write(f"{total} reminder mailing(s) started")
