from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeersConfig(AppConfig):
    name = "teilhabe.peers"
    verbose_name = _("Peer start-up help")
