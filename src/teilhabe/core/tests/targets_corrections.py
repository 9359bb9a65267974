"""Permission-table targets of corrections: per municipality (Zeven and Sottrum in Rotenburg,
Osterholz-Scharmbeck in Osterholz) an arrival and a capacity in the open period 2026/I, each
to be corrected (GET, POST) and cancelled (asking first); per district's workshop a second
proposal, of Zeven or Osterholz-Scharmbeck, beside the district's own (`targets_events`), to be
edited, withdrawn and merged."""

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
    from teilhabe.actionplan.services import submit_proposal
    from teilhabe.events.models import Event

    for ars in (ZEVEN_ARS, OSTERHOLZ_MUNICIPALITY_ARS):
        municipality = Municipality.objects.get(ars=ars)
        event = Event.objects.filter(district=municipality.district_id).order_by("pk").first()
        assert event is not None, "targets_events.setup runs first"
        submit_proposal(event, {"title": "Lotsen", "municipality": municipality})


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


def _proposals(name: str, method: str = "get", edit: bool = False) -> list[Target]:
    from teilhabe.actionplan.models import Proposal

    rows = Proposal.objects.select_related("event__district", "municipality").order_by("pk")
    targets = []
    for p in rows:
        data = None
        if edit:
            data = {"title": "Geändert", "municipality": p.municipality_id or ""}
        where = p.municipality.ars if p.municipality else None
        targets.append(
            Target(reverse(name, args=[p.pk]), p.event.district.ags, where, method, data)
        )
    return targets


def _merges(method: str) -> list[Target]:
    """Per workshop: its first proposal, with the second to merge into it."""
    from teilhabe.actionplan.models import Proposal
    from teilhabe.events.models import Event

    targets = []
    for event in Event.objects.select_related("district").order_by("pk"):
        first, second, *_rest = [
            *Proposal.objects.filter(event=event).order_by("pk").values_list("pk", flat=True),
            None,
            None,
        ]
        if first is None or second is None:
            continue
        url = reverse("actionplan:proposal-merge", args=[first])
        ags = event.district.ags
        targets.append(Target(url, ags, None, method, {"other": str(second)}))
    return targets


TARGETS = {
    "actionplan:proposal-edit": lambda u: [
        *_proposals("actionplan:proposal-edit"),
        *_proposals("actionplan:proposal-edit", "post", edit=True),
    ],
    "actionplan:proposal-withdraw": lambda u: asking_first(
        _proposals("actionplan:proposal-withdraw", "post")
    ),
    "actionplan:proposal-merge": lambda u: [
        *_merges("get"),
        *asking_first(_merges("post")),
    ],
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
    from teilhabe.actionplan.models import Proposal
    from teilhabe.allocation.models import Correction

    return [
        *Correction.objects.order_by("pk").values_list("pk", "action", "reason"),
        *Proposal.objects.order_by("pk").values_list("pk", "title", "description"),
    ]
