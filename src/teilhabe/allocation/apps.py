from collections.abc import Iterable

from django.utils.translation import gettext_lazy as _

from teilhabe.core import installation


class AllocationConfig(installation.AppConfig):
    name = "teilhabe.allocation"
    verbose_name = _("Allocation and capacity")

    def load_example_data(self) -> Iterable[str]:
        from teilhabe.allocation.demo import example_allocation

        return example_allocation()
