from collections.abc import Iterable

from django.utils.translation import gettext_lazy as _

from teilhabe.core import installation


class DirectoryConfig(installation.AppConfig):
    name = "teilhabe.directory"
    verbose_name = _("Public directory")

    def ready(self) -> None:
        from teilhabe.directory import signals

        signals.connect()

    def set_up(self) -> Iterable[str]:
        from django.core.management import call_command

        call_command("createcachetable", verbosity=0)  # idempotent; migration 0002 made it already
        return ()

    def load_example_data(self) -> Iterable[str]:
        from teilhabe.directory.demo import example_directory

        return example_directory()
