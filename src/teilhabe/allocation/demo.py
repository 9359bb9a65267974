"""Example allocation for `teilhabe up --demo`: two past periods and the current one, with
example arrivals and capacities, marked in their names and notes as Beispieldaten."""

import datetime
import random
from collections.abc import Iterator
from decimal import Decimal

from django.utils.translation import gettext as _

from teilhabe.allocation import services
from teilhabe.allocation.models import AllocationPeriod, ArrivalKind
from teilhabe.allocation.queries import period_view
from teilhabe.regions.models import District

D = datetime.date
PERIODS = [  # (name, start, end, quota)
    ("2025/II (Beispieldaten)", D(2025, 10, 1), D(2026, 3, 31), 310),
    ("2026/I (Beispieldaten)", D(2026, 4, 1), D(2026, 9, 30), 895),
    ("2026/II (Beispieldaten)", D(2026, 10, 1), D(2027, 3, 31), 420),
]


def example_allocation() -> Iterator[str]:
    district = District.objects.filter(ags="03357").first()
    if district is None or AllocationPeriod.objects.filter(district=district).exists():
        return
    rnd = random.Random(895)
    municipalities = list(district.municipalities.order_by("name"))
    for municipality in municipalities:
        total = rnd.randint(40, 260)
        services.record_capacity(
            municipality,
            {
                "date": D(2025, 10, 1),
                "housing_total": total,
                "housing_occupied": int(total * rnd.uniform(0.6, 0.97)),
                "staff_fte": Decimal(rnd.choice(["0.5", "1.0", "1.5", "2.0", "3.0"])),
            },
        )
    for name, start, end, quota in PERIODS:
        period = services.create_period(
            district,
            {
                "name": name,
                "start": start,
                "end": end,
                "quota": quota,
                "population_date": district.population_date,
                "method": "hare-niemeyer",
                "staff_ratio_limit": 80,
            },
        )
        today = min(end, D(2026, 11, 24))
        days = (today - start).days
        view_targets = {r.municipality.pk: r.line.target for r in period_view(period).rows}
        for municipality in municipalities:
            share = rnd.uniform(0.55, 1.1) * min(1, days / (end - start).days)
            persons = max(int(view_targets[municipality.pk] * share), 0)
            while persons > 0:
                household = min(persons, rnd.choice([1, 1, 2, 3, 4, 5]))
                services.record_arrival(
                    municipality,
                    {
                        "date": start + datetime.timedelta(days=rnd.randint(0, days)),
                        "persons": household,
                        "households": 1,
                        "kind": rnd.choice([ArrivalKind.ASYLUM] * 4 + [ArrivalKind.FAMILY]),
                        "counts_toward_quota": True,
                        "note": "Beispieldaten",
                    },
                )
                persons -= household
        if end < D(2026, 11, 24):
            services.close_period(period)
    yield _("Example allocation (Beispieldaten): %(n)d periods with arrivals and capacities") % {
        "n": len(PERIODS)
    }
