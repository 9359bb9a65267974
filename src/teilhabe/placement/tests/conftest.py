"""A district with an open allocation period, a small housing register and an announced batch:
the data the placement tests share. Everything through the services the pages use."""

import datetime

import pytest

from teilhabe.allocation import services as allocation
from teilhabe.placement import services
from teilhabe.regions.models import Municipality
from teilhabe.testing import SOTTRUM_ARS, ZEVEN_ARS

D = datetime.date
BOTHEL_ARS = "033575401000"
ARRIVAL = D(2026, 12, 14)


@pytest.fixture
def period(rotenburg):
    return allocation.create_period(
        rotenburg,
        {
            "name": "2026/II",
            "start": D(2026, 10, 1),
            "end": D(2027, 3, 31),
            "quota": 420,
            "population_date": D(2022, 5, 15),
            "method": "hare-niemeyer",
            "staff_ratio_limit": 80,
        },
    )


def unit(ars: str, label: str, places: int, kind: str = "flat", **values):
    return allocation.create_unit(
        Municipality.objects.get(ars=ars),
        {"label": label, "kind": kind, "places": places, **values},
    )


@pytest.fixture
def units(period):
    """Zeven: a flat of 5 (barrier-free) and a flat of 2; Sottrum: shared accommodation with
    6 of 10 places free; Bothel: a flat of 2."""
    return {
        "markt": unit(ZEVEN_ARS, "Am Markt 3", 5, barrier_free=True),
        "linden": unit(ZEVEN_ARS, "Lindenweg 1", 2),
        "gu": unit(SOTTRUM_ARS, "GU Sottrum", 10, "shared", occupied=4),
        "bothel": unit(BOTHEL_ARS, "Dorfstraße 7", 2),
    }


@pytest.fixture
def batch(period, rotenburg):
    return services.create_batch(
        rotenburg, {"name": "Zuweisung KW 51", "arrival_date": ARRIVAL, "kind": "asylum"}
    )


def households(batch, *sizes, **flags):
    return [services.add_household(batch.pk, {"size": s, **flags}) for s in sizes]
