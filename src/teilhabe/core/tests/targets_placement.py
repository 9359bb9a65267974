"""Permission-table targets of the housing register, the overload notices and placement: per
district a unit and an overload notice in a municipality (Zeven and Sottrum in Rotenburg,
Osterholz-Scharmbeck), and an announced batch of one household in the open period.

The rules they check: municipal editors keep their own municipality's units and notices; only
the coordinators enter batches, answer notices and confirm placements; across districts
nothing is readable."""

import datetime
from decimal import Decimal

from django.urls import reverse

from teilhabe.core.tests.targets import Target, asking_first, both_districts
from teilhabe.testing import SOTTRUM_ARS, ZEVEN_ARS

OSTERHOLZ_MUNICIPALITY_ARS = "033560007007"
MUNICIPALITIES = [ZEVEN_ARS, SOTTRUM_ARS, OSTERHOLZ_MUNICIPALITY_ARS]
ARRIVAL = datetime.date(2026, 6, 1)  # in the open period 2026/I of fixtures_everything

UNIT = {"label": "Neue Wohnung", "kind": "flat", "places": "3", "occupied": "0"}
NOTICE = {"shortage": "housing", "since": "2026-11-01", "amount": "4", "note": ""}
HOUSEHOLD = {"size": "3", "children": "0"}


def setup(rotenburg, osterholz) -> None:
    from teilhabe.allocation import services as allocation
    from teilhabe.placement import services
    from teilhabe.regions.models import Municipality

    for ars in MUNICIPALITIES:
        municipality = Municipality.objects.get(ars=ars)
        allocation.create_unit(
            municipality, {"label": f"Am Markt {ars[-3:]}", "kind": "flat", "places": 4}
        )
        allocation.file_notice(
            municipality,
            {
                "shortage": "housing",
                "since": datetime.date(2026, 11, 1),
                "amount": Decimal(5),
                "note": "",
            },
            None,
        )
    for district in (rotenburg, osterholz):
        batch = services.create_batch(
            district, {"name": "KW 23", "arrival_date": ARRIVAL, "kind": "asylum"}
        )
        services.add_household(batch.pk, {"size": 2})


def _municipalities(name: str, data: dict) -> list[Target]:
    from teilhabe.regions.models import Municipality

    targets = []
    for ars in MUNICIPALITIES:
        ags = Municipality.objects.select_related("district").get(ars=ars).district.ags
        url = reverse(name, kwargs={"ars": ars})
        targets += [Target(url, ags, ars), Target(url, ags, ars, "post", data)]
    return targets


def _units(name: str, method: str = "get", data: dict | None = None) -> list[Target]:
    from teilhabe.allocation.models import HousingUnit

    rows = HousingUnit.objects.select_related("municipality__district").order_by("pk")
    return [
        Target(
            reverse(name, args=[u.pk]),
            u.municipality.district.ags,
            u.municipality.ars,
            method,
            data if data is None else {**data, "version": str(u.version)},
        )
        for u in rows
    ]


def _notices(method: str, data: dict | None = None) -> list[Target]:
    from teilhabe.allocation.models import OverloadNotice

    rows = OverloadNotice.objects.select_related("municipality__district").order_by("pk")
    return [
        Target(
            reverse("allocation:notice-answer", args=[n.pk]),
            n.municipality.district.ags,
            None,
            method,
            data,
        )
        for n in rows
    ]


def _batches(name: str, method: str = "get", data: dict | None = None, **kw) -> list[Target]:
    from teilhabe.placement.models import Batch

    targets = []
    for batch in Batch.objects.select_related("district").order_by("pk"):
        args = {"ags": batch.district.ags, "pk": batch.pk, **kw}
        targets.append(Target(reverse(name, kwargs=args), batch.district.ags, None, method, data))
    return targets


def _lines(name: str, method: str, data: dict | None = None) -> list[Target]:
    from teilhabe.placement.models import AnnouncedHousehold

    rows = AnnouncedHousehold.objects.select_related("batch__district").order_by("pk")
    targets = []
    for h in rows:
        ags = h.batch.district.ags
        url = reverse(name, kwargs={"ags": ags, "pk": h.batch_id, "household": h.pk})
        payload = None if data is None else {f"h{h.pk}-{k}": v for k, v in data.items()}
        targets.append(Target(url, ags, None, method, payload if "choose" in name else data))
    return targets


def _import_preview(user) -> list[Target]:
    from teilhabe.core.tabular import uploads
    from teilhabe.placement.models import Batch

    name = "placement:household-import-preview"
    targets = []
    for batch in Batch.objects.select_related("district").order_by("pk"):
        token = uploads.store(
            user_id=user.pk if user else 0,
            district_id=batch.district_id,
            purpose=name,
            data=b"Personen;Barrierefrei\r\n3;ja\r\n",
            filename="haushalte.csv",
        )
        url = reverse(name, kwargs={"ags": batch.district.ags, "pk": batch.pk, "token": token})
        targets.append(Target(url, batch.district.ags))
    return targets


TARGETS = {
    "allocation:unit-list": lambda u: both_districts("allocation:unit-list"),
    "allocation:unit-create": lambda u: _municipalities("allocation:unit-create", UNIT),
    "allocation:unit-edit": lambda u: [
        *_units("allocation:unit-edit"),
        *_units("allocation:unit-edit", "post", {**UNIT, "label": "Umbenannt"}),
    ],
    "allocation:unit-delete": lambda u: asking_first(_units("allocation:unit-delete", "post")),
    "allocation:notice-list": lambda u: both_districts("allocation:notice-list"),
    "allocation:notice-create": lambda u: _municipalities("allocation:notice-create", NOTICE),
    "allocation:notice-answer": lambda u: [
        *_notices("get"),
        *_notices("post", {"answer": "Wir prüfen das.", "action": ""}),
    ],
    "placement:batch-list": lambda u: both_districts("placement:batch-list"),
    "placement:batch-create": lambda u: [
        *both_districts("placement:batch-create"),
        *[
            Target(t.url, t.district, None, "post", {"name": "KW 24", "arrival_date": ""})
            for t in both_districts("placement:batch-create")
        ],
    ],
    "placement:batch-detail": lambda u: _batches("placement:batch-detail"),
    "placement:batch-edit": lambda u: [
        *_batches("placement:batch-edit"),
        *_batches(
            "placement:batch-edit",
            "post",
            {"name": "KW 23b", "arrival_date": "2026-06-02", "kind": "asylum"},
        ),
    ],
    "placement:batch-delete": lambda u: asking_first(_batches("placement:batch-delete", "post")),
    "placement:household-add": lambda u: _batches("placement:household-add", "post", HOUSEHOLD),
    "placement:household-edit": lambda u: [
        *_lines("placement:household-edit", "get"),
        *_lines("placement:household-edit", "post", {"edit-size": "4", "edit-children": "1"}),
    ],
    "placement:household-remove": lambda u: _lines("placement:household-remove", "post"),
    "placement:household-import": lambda u: _batches("placement:household-import"),
    "placement:household-import-preview": _import_preview,
    "placement:proposal": lambda u: _batches("placement:proposal"),
    "placement:line-choose": lambda u: _lines("placement:line-choose", "post", {"unit": ""}),
    "placement:batch-confirm": lambda u: asking_first(
        _batches("placement:batch-confirm", "post", {"digest": "not-the-shown-one"})
    ),
    "placement:batch-export": lambda u: [
        *_batches("placement:batch-export", fmt="csv"),
        *_batches("placement:batch-export", fmt="xlsx"),
    ],
}


def snapshot() -> list[tuple]:
    from teilhabe.allocation.models import HousingUnit, NoticeAnswer, OverloadNotice
    from teilhabe.placement.models import AnnouncedHousehold, Batch

    return [
        *HousingUnit.objects.order_by("pk").values_list("pk", "label", "places", "occupied"),
        *OverloadNotice.objects.order_by("pk").values_list("pk", "status", "amount"),
        *NoticeAnswer.objects.order_by("pk").values_list("pk", "answer"),
        *Batch.objects.order_by("pk").values_list("pk", "name", "status", "version"),
        *AnnouncedHousehold.objects.order_by("pk").values_list(
            "pk", "size", "children", "chosen_unit", "arrival"
        ),
    ]
