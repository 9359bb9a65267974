"""Which municipality a cell of an import file means: by regional key (ARS) or by name.

Loaded once per file with two queries, however many rows name municipalities: the district's
own, and those of other districts whose keys the file names, so that such a row is told that
the municipality belongs elsewhere rather than that it does not exist."""

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _

from teilhabe.core.tabular.cells import CellProblem, as_ars, normal
from teilhabe.regions.models import District, Municipality


class MunicipalityLookup:
    def __init__(self, district: District, keys: Iterable[str]) -> None:
        own = list(Municipality.objects.filter(district=district))
        foreign = Municipality.objects.filter(ars__in=set(keys)).exclude(district=district)
        self.district = district
        self.by_key = {municipality.ars: municipality for municipality in [*own, *foreign]}
        self.by_name = {normal(municipality.name): municipality for municipality in own}

    def key(self, value: Any) -> Municipality:
        """The district's municipality with this ARS (Excel may have dropped its leading 0)."""
        key = as_ars(value)
        municipality = self.by_key.get(key)
        if municipality is None:
            message = _("There is no municipality with the regional key {ars}.")
            raise CellProblem(message.format(ars=key))
        if municipality.district_id != self.district.pk:
            message = _("{municipality} ({ars}) belongs to another district.")
            raise CellProblem(message.format(municipality=municipality.name, ars=key))
        return municipality

    def name(self, value: Any) -> Municipality | None:
        """The district's municipality of this name (case and extra spaces do not count)."""
        return self.by_name.get(normal(value))
