"""Read side of the stock-take: the matrix, activity lists and the changes page, current or
"as of" a date, each in a constant number of queries whatever the size of the inventory."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from teilhabe.core import parsing
from teilhabe.engine import changes as engine_changes
from teilhabe.engine.coverage import Cell, coverage
from teilhabe.engine.sorting import natural_key
from teilhabe.inventory.models import Activity, ActivityStatus, Category
from teilhabe.regions.models import District, Municipality


@dataclass(frozen=True)
class Filters:
    """What the coordinator narrowed the view to; empty means everything."""

    statuses: tuple[str, ...] = ()
    provider_kinds: tuple[str, ...] = ()
    target_group: str = ""
    as_of: datetime.date | None = None
    text: str = ""  # in the title, description, provider or contact
    confirmed_before: datetime.date | None = None  # last confirmed before this day, or never

    @property
    def active(self) -> bool:
        return bool(
            self.statuses
            or self.provider_kinds
            or self.target_group
            or self.as_of
            or self.text
            or self.confirmed_before
        )


def end_of_day(day: datetime.date) -> datetime.datetime:
    """The last moment of a day in the installation's time zone: "as of 1 March" includes
    everything saved on 1 March."""
    start = datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min)
    return timezone.make_aware(start) - datetime.timedelta(microseconds=1)


def activities(district: District, filters: Filters = Filters()) -> QuerySet[Activity]:
    """The district's activities, now or as they were at the end of `filters.as_of`."""
    if filters.as_of:
        # The activities as they were (django-simple-history rebuilds them from the history).
        qs: QuerySet[Activity] = Activity.history.as_of(end_of_day(filters.as_of)).filter(
            district_id=district.pk
        )
    else:
        qs = Activity.objects.filter(district=district)
    if filters.statuses:
        qs = qs.filter(status__in=filters.statuses)
    if filters.provider_kinds:
        qs = qs.filter(provider_kind__in=filters.provider_kinds)
    if filters.target_group:
        qs = qs.filter(target_groups__contains=f",{filters.target_group},")
    if filters.text:
        qs = qs.filter(
            Q(title__icontains=filters.text)
            | Q(description__icontains=filters.text)
            | Q(provider_name__icontains=filters.text)
            | Q(contact_organisation__icontains=filters.text)
        )
    if filters.confirmed_before:
        qs = qs.filter(
            Q(last_confirmed__lt=filters.confirmed_before) | Q(last_confirmed__isnull=True)
        )
    return qs


@dataclass
class Matrix:
    municipalities: list[Municipality]
    categories: list[Category]
    cells: dict[tuple[int | None, int], Cell]
    district_wide: bool  # whether there is a row for activities of the whole district
    total: int = 0
    rows: list[tuple[Municipality | None, list[tuple[Category, Cell]]]] = field(
        default_factory=list
    )


def matrix(district: District, filters: Filters = Filters()) -> Matrix:
    """Municipalities x fields of action: three queries, whatever the number of activities."""
    counts = (
        activities(district, filters)
        .order_by()
        .values_list("municipality_id", "category_id", "status")
        .annotate(n=Count("*"))
    )
    cells: dict[tuple[int | None, int], Cell] = coverage(counts)
    municipalities = list(district.municipalities.order_by("name"))
    categories = list(Category.objects.filter(district=district))
    district_wide = any(m is None for m, _ in cells)
    row_keys: list[Municipality | None] = [*municipalities, *([None] if district_wide else [])]
    rows = [
        (m, [(c, cells.get((m.pk if m else None, c.pk), Cell())) for c in categories])
        for m in row_keys
    ]
    return Matrix(
        municipalities=municipalities,
        categories=categories,
        cells=cells,
        district_wide=district_wide,
        total=sum(cell.total for cell in cells.values()),
        rows=rows,
    )


@dataclass(frozen=True)
class ChangeRow:
    change: engine_changes.Change
    title: str
    municipality: str
    category: str
    before_status: str | None
    after_status: str | None
    when: datetime.datetime | None  # the last save within the period
    who: str  # user name of the last save, "" if unknown


def _snapshot(
    district: District, when: datetime.datetime, touched: QuerySet[Any]
) -> dict[int, engine_changes.State]:
    rows = (
        Activity.history.as_of(when)
        .filter(district_id=district.pk, id__in=touched)
        .order_by()
        .values_list("id", "municipality_id", "category_id", "status", "title")
    )
    return {pk: engine_changes.State(m, c, s, t) for pk, m, c, s, t in rows}


def changes_between(
    district: District, start: datetime.date, end: datetime.date
) -> dict[str, list[ChangeRow]]:
    """What changed after the end of `start` up to the end of `end`, by municipality name.

    Five queries: two snapshots, the last save of each changed activity, names of municipalities
    and fields of action."""
    since, until = end_of_day(start), end_of_day(end)
    # Only activities saved within the period can differ between its two ends; the snapshots
    # are restricted to them (a subquery, so no extra query).
    touched = Activity.history.filter(
        district_id=district.pk, history_date__gt=since, history_date__lte=until
    ).values("id")
    found = engine_changes.diff(
        _snapshot(district, since, touched), _snapshot(district, until, touched)
    )
    ids = {c.activity for c in found}
    last_saves: dict[int, tuple[datetime.datetime, str]] = {}
    for pk, date, user in (
        Activity.history.filter(id__in=ids, history_date__gt=since, history_date__lte=until)
        .order_by("history_date")
        .values_list("id", "history_date", "history_user__username")
    ):
        last_saves[pk] = (date, user or "")
    names = dict(district.municipalities.values_list("pk", "name"))
    categories = {c.pk: c.label for c in Category.objects.filter(district=district)}
    grouped: dict[str, list[ChangeRow]] = {}
    for change in found:
        state = change.after or change.before
        assert state is not None
        place = names.get(change.municipality, "") if change.municipality else ""
        when, who = last_saves.get(change.activity, (None, ""))
        grouped.setdefault(place, []).append(
            ChangeRow(
                change=change,
                title=state.title,
                municipality=place,
                category=categories.get(state.category, ""),
                before_status=change.before.status if change.before else None,
                after_status=change.after.status if change.after else None,
                when=when,
                who=who,
            )
        )
    return dict(sorted(grouped.items(), key=lambda item: (item[0] == "", item[0])))


def _is_key(text: str) -> bool:
    """An official key (ARS) can only be ASCII digits; anything else matches nothing."""
    return text.isascii() and text.isdigit()


# How the activity list can be ordered; numbers as numbers, names in natural order.
SORTS = ("place", "title", "category", "status", "volunteers", "confirmed")
STATUS_ORDER = {status: i for i, status in enumerate(ActivityStatus.values)}


def _sort_key(sort: str) -> Callable[[Activity], tuple[Any, ...]]:
    def place(a: Activity) -> tuple[Any, ...]:
        return (a.municipality is None, natural_key(a.municipality.name if a.municipality else ""))

    keys: dict[str, Callable[[Activity], tuple[Any, ...]]] = {
        "title": lambda a: (natural_key(a.title),),
        "category": lambda a: (a.category.order, natural_key(a.category.name), *place(a)),
        "status": lambda a: (STATUS_ORDER.get(a.status, 99), *place(a)),
        # Most volunteers first; activities without a number last.
        "volunteers": lambda a: (a.volunteers is None, -(a.volunteers or 0), natural_key(a.title)),
        # Longest unconfirmed first: never confirmed, then the oldest date.
        "confirmed": lambda a: (
            a.last_confirmed is not None,
            a.last_confirmed or datetime.date.min,
            natural_key(a.title),
        ),
    }
    return keys.get(sort, lambda a: (*place(a), a.category.order, natural_key(a.title)))


def activity_list(
    district: District,
    filters: Filters = Filters(),
    place: str = "",
    category: str = "",
    sort: str = "place",
) -> list[Activity]:
    """Activities for the list page and exports, with municipality and field of action attached.

    Historical snapshots ("as of") do not carry related objects, so both are looked up once and
    attached by id: three queries in all, now or as of a date."""
    items = activities(district, filters)
    if place == "district":
        items = items.filter(municipality__isnull=True)
    elif place:
        items = items.filter(municipality__ars=place) if _is_key(place) else items.none()
    if category:
        chosen = parsing.optional_id(category)
        items = items.filter(category_id=chosen) if chosen else items.none()
    municipalities: dict[int | None, Municipality] = {
        m.pk: m for m in district.municipalities.all()
    }
    categories = {c.pk: c for c in Category.objects.filter(district=district)}
    result = list(items)
    for activity in result:
        activity.municipality = municipalities.get(activity.municipality_id)
        activity.category = categories[activity.category_id]
    result.sort(key=_sort_key(sort))
    return result


def change_summary(groups: dict[str, list[ChangeRow]]) -> dict[str, int]:
    """How many changes of each kind, for the line above the tables."""
    summary: dict[str, int] = {}
    for rows in groups.values():
        for row in rows:
            summary[row.change.kind] = summary.get(row.change.kind, 0) + 1
    return summary
