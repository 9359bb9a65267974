"""Permission-table targets of the history (Verlauf): the versions of a measure, a contact and
an arrival in each district, and the district's log with its export."""

import datetime

from django.urls import reverse

from teilhabe.core.tests.targets import Target, both_districts
from teilhabe.testing import ZEVEN_ARS

OSTERHOLZ_MUNICIPALITY_ARS = "033560007007"


def setup(rotenburg, osterholz) -> None:
    """An arrival in Zeven and one in Osterholz-Scharmbeck (contacts and measures exist)."""
    from teilhabe.allocation.services import record_arrival
    from teilhabe.regions.models import Municipality

    for ars in (ZEVEN_ARS, OSTERHOLZ_MUNICIPALITY_ARS):
        values = {"date": datetime.date(2026, 5, 1), "persons": 3, "households": 1}
        record_arrival(Municipality.objects.get(ars=ars), {**values, "kind": "asylum"})


def _histories(user) -> list[Target]:
    from teilhabe.actionplan.models import Measure
    from teilhabe.allocation.models import Arrival
    from teilhabe.network.models import Contact

    targets = []
    for measure in Measure.objects.select_related("priority__district").order_by("pk"):
        url = reverse("core:object-history", args=["actionplan.measure", measure.pk])
        targets.append(Target(url, measure.priority.district.ags))
    for contact in Contact.objects.listed().select_related("district").order_by("pk"):
        url = reverse("core:object-history", args=["network.contact", contact.pk])
        targets.append(Target(url, contact.district.ags))
    for arrival in Arrival.objects.select_related("municipality__district").order_by("pk"):
        url = reverse("core:object-history", args=["allocation.arrival", arrival.pk])
        targets.append(Target(url, arrival.municipality.district.ags))
    return targets


TARGETS = {
    "core:object-history": _histories,
    "core:district-history": lambda u: both_districts("core:district-history"),
    "core:district-history-export": lambda u: [
        *both_districts("core:district-history-export", fmt="xlsx"),
        *both_districts("core:district-history-export", fmt="csv"),
    ],
}
