from collections.abc import Iterable

from django.utils.translation import gettext_lazy as _

from teilhabe.core import installation


class EventsConfig(installation.AppConfig):
    name = "teilhabe.events"
    verbose_name = _("Events")

    def ready(self) -> None:
        super().ready()
        from teilhabe.events import mailing  # registers the event's campaign of mails

        assert mailing.CAMPAIGN.name == "events"

    def load_example_data(self) -> Iterable[str]:
        from teilhabe.events.demo import example_events

        return example_events()
