from collections.abc import Iterable

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from teilhabe.core import installation


class RegionsConfig(installation.AppConfig):
    name = "teilhabe.regions"
    verbose_name = _("Districts and municipalities")

    def set_up(self) -> Iterable[str]:
        from teilhabe.regions.models import District
        from teilhabe.regions.reference import load_rotenburg

        if District.objects.exists():
            return
        result = load_rotenburg()
        yield gettext(
            "Reference data loaded: Landkreis Rotenburg (Wümme) with %(m)d municipalities"
            " and %(g)d Gemeinden."
        ) % {"m": result.municipalities, "g": result.members}
