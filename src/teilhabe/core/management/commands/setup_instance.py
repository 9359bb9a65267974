"""Everything `teilhabe up` does before serving, as one idempotent command: the database, each
app's set-up step (core/installation.py), the installation's administrator, and on request the
example data."""

import os
import secrets

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.utils.translation import gettext as _

from teilhabe.core import installation
from teilhabe.core.demo import load_demo
from teilhabe.core.installation import Secret


class Command(BaseCommand):
    help = "Migrate, load the reference data and create the admin user (idempotent)."

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        # With --hold-secrets: the password lines, for the caller to show last (`teilhabe up`).
        self.secrets: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--demo", action="store_true", help="Also load example data.")
        parser.add_argument(
            "--hold-secrets",
            action="store_true",
            help="Keep the password lines in .secrets instead of printing them.",
        )

    def handle(self, *args: object, demo: bool, hold_secrets: bool, **options: object) -> None:
        self._hold = hold_secrets
        self.stdout.write(_("Preparing the database …"))
        call_command("migrate", interactive=False, verbosity=0)
        for line in installation.set_up():  # each app's step, e.g. the reference data
            self._write(line)
        self._ensure_admin()
        if demo:
            for line in load_demo():
                self._write(line)

    def _write(self, line: str) -> None:
        if self._hold and isinstance(line, Secret):
            self.secrets.append(line)
        else:
            self.stdout.write(line)

    @transaction.atomic
    def _ensure_admin(self) -> None:
        user_model = get_user_model()
        if user_model.objects.filter(username="admin").exists():
            self.stdout.write(_("User “admin” exists; its password was shown when it was created."))
            return
        password = os.environ.get("TEILHABE_ADMIN_PASSWORD") or secrets.token_urlsafe(12)
        user_model.objects.create_superuser("admin", email="", password=password)
        self._write(
            Secret(
                _("Administrator created. User name: admin  Password: %(password)s")
                % {"password": password}
            )
        )
        self._write(Secret(_("This password is shown only once. Please note it down now.")))
