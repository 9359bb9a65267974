"""Permission-table targets of corrections: per municipality (Zeven and Sottrum in Rotenburg,
Osterholz-Scharmbeck in Osterholz) an arrival and a capacity in the open period 2026/I, each
to be corrected (GET, POST) and cancelled (asking first)."""

import datetime
from decimal import Decimal

from django.urls import reverse

from teilhabe.core.tests.targets import Target, asking_first
from teilhabe.testing import SOTTRUM_ARS, ZEVEN_ARS

OSTERHOLZ_MUNICIPALITY_ARS = "033560007007"
PLACES = [ZEVEN_ARS, SOTTRUM_ARS, OSTERHOLZ_MUNICIPALITY_ARS]
DAY = datetime.date(2026, 5, 2)
ARRIVAL = {
    "date": DAY.isoformat(),
    "persons": "2",
    "households": "1",
    "kind": "asylum",
    "counts_toward_quota": "on",
    "reason": "nachgezählt",
}
CAPACITY = {
    "date": DAY.isoformat(),
    "housing_total": "12",
    "housing_occupied": "4",
    "staff_fte": "1.0",
    "reason": "nachgezählt",
}


def setup(rotenburg, osterholz) -> None:
    """An arrival and a capacity per municipality (the periods exist already)."""
    from teilhabe.allocation import services
    from teilhabe.regions.models import Municipality

    for ars in PLACES:
        municipality = Municipality.objects.get(ars=ars)
        services.record_arrival(
            municipality, {"date": DAY, "persons": 3, "households": 1, "kind": "asylum"}
        )
        services.record_capacity(
            municipality,
            {"date": DAY, "housing_total": 10, "housing_occupied": 2, "staff_fte": Decimal(1)},
        )


def _records(model_name: str, name: str, method: str = "get", data=None) -> list[Target]:
    from django.apps import apps

    model = apps.get_model("allocation", model_name)
    rows = model.objects.select_related("municipality__district").filter(
        date=DAY, municipality__ars__in=PLACES
    )
    return [
        Target(
            reverse(name, args=[r.pk]),
            r.municipality.district.ags,
            r.municipality.ars,
            method,
            data,
        )
        for r in rows.order_by("pk")
    ]


TARGETS = {
    "allocation:arrival-correct": lambda u: [
        *_records("Arrival", "allocation:arrival-correct"),
        *_records("Arrival", "allocation:arrival-correct", "post", ARRIVAL),
    ],
    "allocation:arrival-cancel": lambda u: asking_first(
        _records("Arrival", "allocation:arrival-cancel", "post", {"cancel-reason": "doppelt"})
    ),
    "allocation:capacity-correct": lambda u: [
        *_records("Capacity", "allocation:capacity-correct"),
        *_records("Capacity", "allocation:capacity-correct", "post", CAPACITY),
    ],
    "allocation:capacity-cancel": lambda u: asking_first(
        _records("Capacity", "allocation:capacity-cancel", "post", {"cancel-reason": "doppelt"})
    ),
}


def snapshot() -> list[tuple]:
    from teilhabe.allocation.models import Correction

    return list(Correction.objects.order_by("pk").values_list("pk", "action", "reason"))
