from collections.abc import Iterable

from django.utils.translation import gettext_lazy as _

from teilhabe.core import installation


class InventoryConfig(installation.AppConfig):
    name = "teilhabe.inventory"
    verbose_name = _("Stock-take")

    def ready(self) -> None:
        from teilhabe.inventory import taxonomy  # noqa: F401  (connects the signal)

    def load_example_data(self) -> Iterable[str]:
        from teilhabe.inventory.demo import example_activities

        return example_activities()
