from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InventoryConfig(AppConfig):
    name = "teilhabe.inventory"
    verbose_name = _("Stock-take")

    def ready(self) -> None:
        from teilhabe.inventory import taxonomy  # noqa: F401  (connects the signal)
