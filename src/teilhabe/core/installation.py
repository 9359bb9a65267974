"""What each app adds to the life of an installation, so that core runs it without knowing the
apps: a step of `setup_instance` (reference data), example data for `up --demo`, and the
clean-up of its interrupted background work for `recover_tasks`.

An app's AppConfig subclasses `AppConfig` below and overrides what it needs; each step returns
the lines to show the person running the command. Core runs the steps in the order of
INSTALLED_APPS, so an app's example data may build on that of the apps listed before it
(activities before the questionnaires that propose changes to them, and so on)."""

from collections.abc import Iterable

from django import apps


class Secret(str):
    """A line that shows a password: `teilhabe up` holds such lines back and prints them last,
    in a frame, so the server's log does not push them out of sight."""


class AppConfig(apps.AppConfig):
    """The AppConfig of a Teilhabe app; every step does nothing unless the app says so."""

    def set_up(self) -> Iterable[str]:
        """Make the installation usable (idempotent): e.g. load reference data."""
        return ()

    def load_example_data(self) -> Iterable[str]:
        """Add marked example content (Beispieldaten; core/demo.py), skipping what exists."""
        return ()

    def recover_tasks(self) -> Iterable[str]:
        """After a killed worker (core/leases.py): put the app's interrupted work right.
        Runs after lost tasks were taken over, in one transaction with the take-over, one
        installation-wide at a time, while other workers keep running."""
        return ()


def _apps() -> list[AppConfig]:
    return [c for c in apps.apps.get_app_configs() if isinstance(c, AppConfig)]


def set_up() -> list[str]:
    return [line for app in _apps() for line in app.set_up()]


def load_example_data() -> list[str]:
    return [line for app in _apps() for line in app.load_example_data()]


def recover_tasks() -> list[str]:
    return [line for app in _apps() for line in app.recover_tasks()]
