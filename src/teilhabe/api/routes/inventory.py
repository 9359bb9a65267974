from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Status
from ninja.errors import HttpError
from pydantic import Field

from teilhabe.api import access
from teilhabe.api.paging import Fields, Page, page_schema, paginate
from teilhabe.api.schemas import ActivityIn, ActivityOut, ActivityPatch, Day, HistoryOut, NulFree
from teilhabe.core import parsing
from teilhabe.core.errors import EditConflict
from teilhabe.core.scoping import require
from teilhabe.inventory import queries, services
from teilhabe.inventory.models import Activity, ActivityStatus, Category, ProviderKind
from teilhabe.regions.models import District, Municipality

router = Router(tags=["Stock-take"])
ActivityPage = page_schema(ActivityOut, "ActivityPage")
KINDS = {"created": "+", "changed": "~", "deleted": "-"}


class ActivityFilters(NulFree):
    municipality: str | None = None
    field_of_action: str | None = None
    status: ActivityStatus | None = None
    as_of: Day | None = None
    page: int = Field(1, ge=1, le=100_000)
    page_size: int = Field(50, ge=1, le=200)


def _out(a: Activity, keys: dict[int, str], arss: dict[int, str]) -> Fields:
    return {
        "id": a.id,
        "title": a.title,
        "municipality": arss.get(a.municipality_id) if a.municipality_id is not None else None,
        "field_of_action": keys.get(a.category_id, ""),
        "status": a.status,
        "provider_kind": a.provider_kind,
        "provider_name": a.provider_name,
        "volunteers": a.volunteers,
        "reach": a.reach,
        "start_date": a.start_date,
        "end_date": a.end_date,
        "public": a.public,
        "version": a.version,
    }


def _lookups(district: District) -> tuple[dict[int, str], dict[int, str]]:
    keys = dict(Category.objects.filter(district=district).values_list("pk", "key"))
    arss = dict(district.municipalities.values_list("pk", "ars"))
    return keys, arss


@router.get("/districts/{ags}/activities", response=ActivityPage, url_name="activities")
def activities(request: HttpRequest, ags: str, filters: Query[ActivityFilters]) -> Page:
    """Activities of the district, now or as they were at the end of `as_of`."""
    district = access.district(request, ags)
    qs = queries.activities(district, queries.Filters(as_of=filters.as_of))
    if filters.municipality:
        qs = qs.filter(municipality__ars=filters.municipality)
    if filters.field_of_action:
        qs = qs.filter(category__key=filters.field_of_action)
    if filters.status:
        qs = qs.filter(status=filters.status)
    page = paginate(qs.order_by("id"), filters.page, filters.page_size)
    keys, arss = _lookups(district)
    page["results"] = [_out(a, keys, arss) for a in page["results"]]
    return page


def _values(district: District, data: dict[str, Any]) -> dict[str, Any]:
    values = dict(data)
    if "field_of_action" in values:
        key = values.pop("field_of_action")
        category = Category.objects.filter(district=district, key=key).first()
        if category is None:
            raise HttpError(422, f"unknown field of action: {key}")
        values["category"] = category
    for name, choices in (("status", ActivityStatus), ("provider_kind", ProviderKind)):
        if name in values and values[name] not in choices.values:
            raise HttpError(422, f"{name} must be one of {', '.join(choices.values)}")
    return values


@router.post("/districts/{ags}/activities", response={201: ActivityOut}, url_name="activities")
def create_activity(request: HttpRequest, ags: str, data: ActivityIn) -> Status[Fields]:
    district = access.district(request, ags)
    scope = access.scope(request)
    values = _values(district, data.dict())
    ars = values.pop("municipality", None)
    place = None
    if ars:
        place = Municipality.objects.filter(district=district, ars=ars).first()
        if place is None:
            raise HttpError(422, f"no municipality {ars} in this district")
        require(scope.can_edit_municipality(place))
    else:
        require(scope.can_manage_district(district))
    activity = access.validated(
        lambda: services.create_activity(district, {**values, "municipality": place})
    )
    keys, arss = _lookups(district)
    return Status(201, _out(activity, keys, arss))


def _activity(request: HttpRequest, pk: int) -> Activity:
    related = Activity.objects.select_related("district", "municipality")
    return access.scope(request).get(related, pk=pk)


@router.get("/activities/{pk}", response=ActivityOut, url_name="activity")
def activity(request: HttpRequest, pk: int, response: HttpResponse) -> Fields:
    """One activity; the ETag header carries its version for If-Match."""
    a = _activity(request, pk)
    response["ETag"] = f'"{a.version}"'
    return _out(a, *_lookups(a.district))


def _expected(request: HttpRequest, body_version: int | None) -> int:
    header = request.headers.get("If-Match", "").strip().removeprefix("W/").strip('"')
    try:
        return parsing.parse_int(header, min_value=0)
    except parsing.InvalidInput:
        pass  # not a version: as if the header were missing
    if body_version is not None:
        return body_version
    raise HttpError(428, "Send If-Match with the ETag you read, or the version field.")


@router.patch("/activities/{pk}", response=ActivityOut, url_name="activity")
def change_activity(
    request: HttpRequest, pk: int, data: ActivityPatch, response: HttpResponse
) -> Fields:
    """Change some fields. Refused with 412 when someone else saved since you read it."""
    a = _activity(request, pk)
    scope = access.scope(request)
    require(
        scope.can_edit_municipality(a.municipality)
        if a.municipality
        else scope.can_manage_district(a.district)
    )
    given = data.dict(exclude_unset=True)
    expected = _expected(request, given.pop("version", None))
    values = _values(a.district, given)
    try:
        changed = access.validated(lambda: services.update_activity(a.pk, values, expected))
    except EditConflict as conflict:
        current = conflict.current.version
        raise HttpError(412, f"changed meanwhile; current version {current}") from conflict
    response["ETag"] = f'"{changed.version}"'
    return _out(changed, *_lookups(a.district))


@router.get("/activities/{pk}/history", response=list[HistoryOut], url_name="activity-history")
def history(request: HttpRequest, pk: int) -> list[Fields]:
    """Every saved version: who is not given, when and what."""
    a = _activity(request, pk)
    names = {v: k for k, v in KINDS.items()}
    return [
        {
            "date": h.history_date,
            "kind": names.get(h.history_type, "changed"),
            "status": h.status,
            "title": h.title,
            "version": h.version,
        }
        for h in a.history.order_by("history_date", "history_id")
    ]
