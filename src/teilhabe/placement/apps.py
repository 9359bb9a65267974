from collections.abc import Iterable

from django.utils.translation import gettext_lazy as _

from teilhabe.core import installation


class PlacementConfig(installation.AppConfig):
    name = "teilhabe.placement"
    verbose_name = _("Placement")

    def load_example_data(self) -> Iterable[str]:
        from teilhabe.placement.demo import example_register

        return example_register()
