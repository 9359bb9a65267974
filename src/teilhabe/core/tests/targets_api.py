"""Permission-table targets of the API and of the profile page with its tokens. The API is
called with the persona's web session here; tokens are proven to act the same in
api/tests/test_tokens.py."""

from django.urls import reverse

from teilhabe.core.tests.targets import DISTRICTS, Target
from teilhabe.testing import SOTTRUM_ARS, ZEVEN_ARS

OSTERHOLZ_MUNICIPALITY_ARS = "033560007007"
PLACES = [ZEVEN_ARS, SOTTRUM_ARS, OSTERHOLZ_MUNICIPALITY_ARS]


def _district_of(ars: str) -> str:
    return ars[:5]


def _districts(name: str) -> list[Target]:
    return [Target(reverse(name, kwargs={"ags": ags}), district=ags) for ags in DISTRICTS]


def _places(name: str, method: str = "get", data: dict | None = None) -> list[Target]:
    return [
        Target(
            reverse(name, kwargs={"ars": ars}),
            _district_of(ars),
            ars,
            method,
            data,
            json=method != "get",
        )
        for ars in PLACES
    ]


def _objects(name: str, model, path: str, method: str = "get", data=None) -> list[Target]:  # type: ignore[no-untyped-def]
    targets = []
    for obj in model.objects.order_by("pk"):
        owner = obj
        for part in path.split("__"):
            owner = getattr(owner, part)
        targets.append(
            Target(
                reverse(name, kwargs={"pk": obj.pk}),
                owner.ags,
                None,
                method,
                data,
                json=method != "get",
            )
        )
    return targets


def _activities(method: str = "get", data: dict | None = None) -> list[Target]:
    from teilhabe.inventory.models import Activity

    return [
        Target(
            reverse("api:activity", kwargs={"pk": a.pk}),
            a.district.ags,
            a.municipality.ars if a.municipality else None,
            method,
            data,
            json=method != "get",
        )
        for a in Activity.objects.select_related("district", "municipality").order_by("pk")
    ]


def _create_activity() -> list[Target]:
    return [
        Target(
            reverse("api:activities", kwargs={"ags": _district_of(ars)}),
            _district_of(ars),
            ars,
            "post",
            {"title": "Über die API", "field_of_action": "language", "municipality": ars},
            json=True,
        )
        for ars in PLACES
    ]


def _own_token(user) -> list[Target]:  # type: ignore[no-untyped-def]
    from teilhabe.accounts import tokens
    from teilhabe.accounts.models import User

    owner = user or User.objects.get(username="alice")
    record, _token = tokens.create(owner, "Test")
    return [Target(reverse("accounts:token-revoke", kwargs={"pk": record.pk}), method="post")]


def _models():  # type: ignore[no-untyped-def]
    from teilhabe.actionplan.models import Measure
    from teilhabe.allocation.models import AllocationPeriod
    from teilhabe.events.models import Event
    from teilhabe.surveys.models import Questionnaire, Wave

    return Measure, AllocationPeriod, Event, Questionnaire, Wave


def _reports() -> list[Target]:
    from teilhabe.reports.models import Report

    return [
        Target(reverse("api:report", kwargs={"pk": r.pk}), r.district.ags, internal=not r.is_issued)
        for r in Report.objects.select_related("district").order_by("pk")
    ]


ARRIVAL = {"date": "2026-05-01", "persons": 3, "households": 1}
CAPACITY = {"date": "2026-05-01", "housing_total": 20, "housing_occupied": 5, "staff_fte": "1.5"}


def _by_model(index: int, name: str, path: str):  # type: ignore[no-untyped-def]
    return lambda u: _objects(name, _models()[index], path)


TARGETS = {
    "accounts:profile": lambda u: [
        Target(reverse("accounts:profile")),
        Target(reverse("accounts:profile"), method="post", data={"name": ""}),
    ],
    "accounts:token-revoke": _own_token,
    "api:api-root": lambda u: [Target(reverse("api:api-root"))],
    "api:openapi-json": lambda u: [Target(reverse("api:openapi-json"))],
    "api:docs": lambda u: [Target(reverse("api:docs"))],
    "api:me": lambda u: [Target(reverse("api:me"))],
    "api:districts": lambda u: [Target(reverse("api:districts"))],
    "api:district": lambda u: _districts("api:district"),
    "api:municipalities": lambda u: _districts("api:municipalities"),
    "api:municipality": lambda u: _places("api:municipality"),
    "api:population": lambda u: _places("api:population"),
    "api:fields-of-action": lambda u: _districts("api:fields-of-action"),
    "api:activities": lambda u: [*_districts("api:activities"), *_create_activity()],
    "api:activity": lambda u: [*_activities(),
                               *_activities("patch", {"title": "Geändert", "version": 1})],
    "api:activity-history": lambda u: [
        Target(t.url + "/history", t.district)
        for t in _activities()
    ],
    "api:questionnaires": lambda u: _districts("api:questionnaires"),
    "api:questionnaire": _by_model(3, "api:questionnaire", "district"),
    "api:waves": lambda u: _districts("api:waves"),
    "api:wave": _by_model(4, "api:wave", "district"),
    "api:responses": _by_model(4, "api:responses", "district"),
    "api:allocation-periods": lambda u: _districts("api:allocation-periods"),
    "api:allocation-period": _by_model(1, "api:allocation-period", "district"),
    "api:quotas": _by_model(1, "api:quotas", "district"),
    "api:arrivals": lambda u: [*_places("api:arrivals"), *_places("api:arrivals", "post",
                                                                   ARRIVAL)],
    "api:capacities": lambda u: [*_places("api:capacities"),
                                 *_places("api:capacities", "post", CAPACITY)],
    "api:organisations": lambda u: _districts("api:organisations"),
    "api:contacts": lambda u: _districts("api:contacts"),
    "api:events": lambda u: _districts("api:events"),
    "api:event": _by_model(2, "api:event", "district"),
    "api:priorities": lambda u: _districts("api:priorities"),
    "api:measure": _by_model(0, "api:measure", "priority__district"),
    "api:tandems": lambda u: _districts("api:tandems"),
    "api:reports": lambda u: _districts("api:reports"),
    "api:report": lambda u: _reports(),
}  # fmt: skip
