from collections.abc import Iterable

from django.utils.translation import gettext_lazy as _

from teilhabe.core import installation


class PeersConfig(installation.AppConfig):
    name = "teilhabe.peers"
    verbose_name = _("Peer start-up help")

    def ready(self) -> None:
        super().ready()
        from teilhabe.peers import mailing  # registers the tandems' campaign of mails

        assert mailing.CAMPAIGN.name == "peers"

    def load_example_data(self) -> Iterable[str]:
        from teilhabe.peers.demo import example_tandems

        return example_tandems()
