"""Read side of the public directory: which offers are public now, filtered and searched, with
the text in the visitor's language; counts for the map and the fields of action; events.

An offer is in the directory while it is marked public, running (active or starting), has
not ended, and was confirmed within the last twelve months. Everything public goes through
`visible`, so nothing else can leak onto a public page."""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet
from django.utils import timezone, translation

from teilhabe.directory import search, texts
from teilhabe.directory.languages import GERMAN
from teilhabe.directory.models import OfferTranslation
from teilhabe.engine import textsearch
from teilhabe.events.models import Event
from teilhabe.inventory.models import Activity, ActivityStatus, Category
from teilhabe.network.models import Contact
from teilhabe.regions.models import District, Municipality

RUNNING = (ActivityStatus.ACTIVE, ActivityStatus.STARTING)
PER_PAGE = 20


def year_before(day: datetime.date) -> datetime.date:
    """The same day a year earlier (28 February for 29 February)."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def confirmed_since(today: datetime.date | None = None) -> datetime.date:
    """Offers confirmed before this day have dropped out of the directory."""
    return year_before(today or timezone.localdate())


def visible(district: District, today: datetime.date | None = None) -> QuerySet[Activity]:
    """The district's offers the public directory shows today."""
    today = today or timezone.localdate()
    return Activity.objects.filter(
        district=district,
        public=True,
        status__in=RUNNING,
        last_confirmed__gte=year_before(today),
    ).filter(Q(end_date__isnull=True) | Q(end_date__gte=today))


def is_visible(activity: Activity, today: datetime.date | None = None) -> bool:
    today = today or timezone.localdate()
    return (
        activity.public
        and activity.status in RUNNING
        and activity.last_confirmed is not None
        and activity.last_confirmed >= year_before(today)
        and (activity.end_date is None or activity.end_date >= today)
    )


@dataclass(frozen=True)
class Filters:
    """What a visitor narrowed the list to; empty strings and False mean "all"."""

    q: str = ""
    municipality: str = ""  # ARS
    field: str = ""  # key of the field of action
    language: str = ""  # code of a language spoken
    group: str = ""  # target group
    free: bool = False
    accessible: bool = False
    volunteers: bool = False

    @property
    def terms(self) -> list[str]:
        return textsearch.terms(self.q)

    def key(self) -> str:
        """For the cache: what the page shows, after validation."""
        return repr(sorted(vars(self).items()))


@dataclass(frozen=True)
class Card:
    """An offer as a list shows it."""

    activity: Activity
    text: texts.Text


@dataclass
class Listing:
    page: Page[Any]
    cards: list[Card]
    searched: bool  # a search was asked for
    nothing_to_search: bool = False  # …but its text had no word to search for
    truncated: bool = False  # more matches than search.LIMIT
    extra: dict[str, Any] = field(default_factory=dict)


def _filtered(district: District, filters: Filters) -> QuerySet[Activity]:
    offers = visible(district)
    if filters.municipality:
        offers = offers.filter(municipality__ars=filters.municipality)
    if filters.field:
        offers = offers.filter(category__key=filters.field)
    if filters.language:
        offers = offers.filter(spoken_languages__contains=f",{filters.language},")
    if filters.group:
        offers = offers.filter(target_groups__contains=f",{filters.group},")
    if filters.free:
        offers = offers.filter(cost="free")
    if filters.accessible:
        offers = offers.filter(barrier_free="yes")
    if filters.volunteers:
        offers = offers.filter(seeks_volunteers=True)
    return offers


def for_cards(offers: QuerySet[Activity]) -> QuerySet[Activity]:
    """With what a card shows of the municipality and the field of action, without the
    municipality's outline (a JSON document per row, most of what loading a page of offers
    cost)."""
    return offers.select_related("municipality", "category").defer("municipality__boundary")


# What a card of the list (directory/_cards.html) shows: read only these, as building and
# reading the query of every column took a good part of a search's time.
CARD_FIELDS = (
    *texts.FIELDS,
    "cost",
    "barrier_free",
    "seeks_volunteers",
    "municipality__name",
    "category__key",
    "category__name",
    "category__name_en",
)


def listing(district: District, filters: Filters, page: int) -> Listing:
    """One page of the filtered (and searched) offers, each with its text in the language."""
    offers = for_cards(_filtered(district, filters)).only(*CARD_FIELDS)
    language = translation.get_language() or GERMAN
    searched = bool(filters.q.strip())
    terms = filters.terms
    truncated = False
    current: Page[Any]
    if terms:
        ids = search.matching_offers(district.pk, language, terms)
        truncated = len(ids) >= search.LIMIT
        if len(ids) > PER_PAGE:  # which are shown, then only the page's offers in full
            shown = set(offers.filter(pk__in=ids).values_list("pk", flat=True))
            by_id = Paginator([pk for pk in ids if pk in shown], PER_PAGE).get_page(page)
            found = offers.order_by().in_bulk(list(by_id.object_list))
            current = Page([found[pk] for pk in by_id.object_list], by_id.number, by_id.paginator)
        else:
            found = offers.order_by().in_bulk(ids)
            current = Paginator([found[pk] for pk in ids if pk in found], PER_PAGE).get_page(page)
    else:
        ordered = offers.none() if searched else offers.order_by("title", "pk")
        current = Paginator(ordered, PER_PAGE).get_page(page)
    return Listing(
        page=current,
        cards=cards(list(current.object_list), language),
        searched=searched,
        nothing_to_search=searched and not terms,
        truncated=truncated,
    )


def cards(offers: list[Activity], language: str) -> list[Card]:
    found: dict[int, OfferTranslation] = {}
    if language != GERMAN and offers:
        rows = OfferTranslation.objects.filter(activity__in=offers, language=language)
        found = {row.activity_id: row for row in rows}
    return [Card(a, texts.text(a, language, found.get(a.pk))) for a in offers]


def counts(district: District) -> tuple[dict[int, int], dict[int, int]]:
    """Visible offers per municipality id and per field of action id."""
    rows = visible(district).order_by().values_list("municipality_id", "category_id")
    by_place: dict[int, int] = {}
    by_field: dict[int, int] = {}
    for place, category in rows:
        if place is not None:
            by_place[place] = by_place.get(place, 0) + 1
        by_field[category] = by_field.get(category, 0) + 1
    return by_place, by_field


def municipalities(district: District) -> list[Municipality]:
    return list(district.municipalities.defer("boundary").order_by("name"))  # no geometry


def fields_of_action(district: District) -> list[Category]:
    return list(Category.objects.filter(district=district))


def events(district: District, today: datetime.date | None = None) -> QuerySet[Event]:
    """Public events from today on, soonest first."""
    today = today or timezone.localdate()
    return (
        Event.objects.filter(district=district, public=True, date__gte=today)
        .select_related("activity")
        .order_by("date", "start_time", "pk")
    )


def offer(district: District, pk: int) -> Activity:
    """A visible offer of the district, or Activity.DoesNotExist."""
    related = for_cards(visible(district)).select_related("public_contact")
    return related.get(pk=pk)


def named_contact(activity: Activity) -> Contact | None:
    """The named person, only while their consent is recorded and they are not erased."""
    if activity.public_contact_id is None:
        return None
    return (
        Contact.objects.listed()
        .filter(pk=activity.public_contact_id, district_id=activity.district_id)
        .first()
    )


def visible_ids(district: District, ids: list[int]) -> set[int]:
    return set(visible(district).filter(pk__in=ids).values_list("pk", flat=True))


def volunteering(district: District, filters: Filters) -> list[Card]:
    offers = _filtered(district, Filters(**{**vars(filters), "volunteers": True, "q": ""}))
    related = for_cards(offers).order_by("title", "pk")
    return cards(list(related), translation.get_language() or GERMAN)


def field_counts(district: District) -> list[tuple[Category, int]]:
    _places, by_field = counts(district)
    return [(c, by_field[c.pk]) for c in fields_of_action(district) if by_field.get(c.pk)]


def place_counts(district: District) -> list[tuple[Municipality, int]]:
    by_place, _fields = counts(district)
    return [(m, by_place.get(m.pk, 0)) for m in municipalities(district)]


def district_wide_count(district: District) -> int:
    return visible(district).filter(municipality__isnull=True).count()


def by_field_of_action(offers: list[Card]) -> list[tuple[Category, list[Card]]]:
    """Cards grouped by field of action, in the fields' order (the flyer)."""
    groups: dict[int, tuple[Category, list[Card]]] = {}
    for card in offers:
        category = card.activity.category
        groups.setdefault(category.pk, (category, []))[1].append(card)
    return sorted(groups.values(), key=lambda g: (g[0].order, g[0].name))


def municipality_offers(district: District, municipality: Municipality) -> list[Card]:
    """What a municipality's embedded page and flyer list: its own offers and the district's."""
    offers = for_cards(
        visible(district).filter(Q(municipality=municipality) | Q(municipality__isnull=True))
    ).order_by("title", "pk")
    return cards(list(offers), translation.get_language() or GERMAN)
