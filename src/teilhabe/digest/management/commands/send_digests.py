"""Queue the digest e-mails (run daily, e.g. from cron or a systemd timer:
`teilhabe manage send_digests --base-url https://teilhabe.example/`). A user gets at most one
per day or week, however often this runs."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from teilhabe.digest import services, tasks


class Command(BaseCommand):
    help = "Queue the digest e-mails of the users who chose one."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--base-url", required=True, help="the address users open Teilhabe at")

    def handle(self, *args: Any, **options: Any) -> None:
        users = services.due_users()
        for user in users:
            tasks.send_digest.enqueue(user.pk, options["base_url"])
        self.stdout.write(f"{len(users)} digest(s) queued")
