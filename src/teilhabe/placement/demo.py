"""Example housing register and overload notice for `teilhabe up --demo`: a few flats and a
shared accommodation in every municipality of Rotenburg (Wümme), flagged `is_example` and shown
with an "example" badge, and one open overload notice, its note marked as Beispieldaten. No
batch: announcing households is what a new user tries first."""

import datetime
import random
from collections.abc import Iterator
from decimal import Decimal

from django.utils.translation import gettext as _

from teilhabe.allocation import services
from teilhabe.allocation.models import HousingUnit, Shortage, UnitKind
from teilhabe.regions.models import District

STREETS = ["Am Markt", "Lindenweg", "Bahnhofstraße", "Kirchstraße", "Schulweg", "Mühlenweg"]


def example_register() -> Iterator[str]:
    district = District.objects.filter(ags="03357").first()
    if district is None or HousingUnit.objects.filter(municipality__district=district).exists():
        return
    rnd = random.Random(19)
    units = 0
    for municipality in district.municipalities.order_by("name"):
        places = rnd.choice([16, 20, 24, 30])
        services.create_unit(
            municipality,
            {
                "label": "GU " + municipality.name.split(" ", 1)[-1],
                "kind": UnitKind.SHARED,
                "places": places,
                "occupied": places - rnd.randint(2, 6),
                "barrier_free": rnd.random() < 0.3,
            },
        )
        for street in rnd.sample(STREETS, 3):
            services.create_unit(
                municipality,
                {
                    "label": f"{street} {rnd.randint(1, 40)}",
                    "kind": UnitKind.FLAT,
                    "places": rnd.choice([2, 3, 4, 5, 6]),
                    "occupied": rnd.choice([0, 0, 0, 2]),
                    "barrier_free": rnd.random() < 0.2,
                },
            )
        units += 4
    HousingUnit.objects.filter(municipality__district=district).update(is_example=True)
    bothel = district.municipalities.filter(name__contains="Bothel").first()
    if bothel is not None:
        services.file_notice(
            bothel,
            {
                "shortage": Shortage.HOUSING,
                "since": datetime.date(2026, 11, 1),
                "amount": Decimal(12),
                "note": "Beispieldaten: Die Gemeinschaftsunterkunft ist voll belegt.",
            },
            None,
        )
    yield _("Example housing register (Beispieldaten): %(n)d units") % {"n": units}
