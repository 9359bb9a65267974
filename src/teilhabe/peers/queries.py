"""Reads for peer start-up help: gaps, stated needs, suggestions and the tandem network."""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import QuerySet

from teilhabe.engine import peers
from teilhabe.engine.coverage import best_status
from teilhabe.inventory.models import Activity, Category
from teilhabe.network.models import Contact
from teilhabe.peers.models import ScoringWeights, Tandem, TandemStatus
from teilhabe.regions.models import District, Municipality, PopulationFigure
from teilhabe.surveys.models import Answer, ResponseStatus

SUCCESSFUL = (TandemStatus.ACTIVE, TandemStatus.FINISHED)
OPEN = (TandemStatus.PROPOSED, TandemStatus.AGREED, TandemStatus.ACTIVE)


@dataclass(frozen=True)
class Gap:
    category: Category
    status: str | None  # best status present: None, "starting", "planned", "paused", "ended"
    need: str  # what the municipality said it needs in its latest questionnaire answers


def weights(district: District) -> peers.Weights:
    row = ScoringWeights.objects.filter(district=district).first()
    return row.as_weights() if row else peers.Weights()


def _statuses(district: District) -> dict[tuple[int, int], list[str]]:
    rows = Activity.objects.filter(district=district, municipality__isnull=False)
    statuses: dict[tuple[int, int], list[str]] = defaultdict(list)
    for m, c, s in rows.values_list("municipality_id", "category_id", "status"):
        statuses[(m, c)].append(s)
    return statuses


def stated_needs(district: District) -> dict[tuple[int, str], str]:
    """(municipality id, category key) -> the latest submitted "What is needed?" answer."""
    answers = (
        Answer.objects.filter(
            response__invitation__wave__district=district,
            response__status=ResponseStatus.SUBMITTED,
            question__endswith="_needs",
        )
        .order_by("response__invitation__wave__closes", "pk")
        .values_list("response__invitation__municipality_id", "question", "value")
    )
    needs = {}
    for municipality, question, value in answers:  # later waves overwrite earlier ones
        if value in (None, ""):
            continue
        key = question.removesuffix("_needs").replace("_", "-")
        needs[(municipality, key)] = str(value)
    return needs


def gaps(district: District) -> dict[int, list[Gap]]:
    """Per municipality: the fields of action without an active activity, with stated needs."""
    categories = list(Category.objects.filter(district=district).order_by("order", "name"))
    statuses = _statuses(district)
    needs = stated_needs(district)
    result: dict[int, list[Gap]] = {}
    for m in district.municipalities.values_list("pk", flat=True):
        result[m] = [
            Gap(c, best_status(statuses.get((m, c.pk), [])), needs.get((m, c.key), ""))
            for c in categories
            if "active" not in statuses.get((m, c.pk), [])
        ]
    return result


def offers(municipality: Municipality) -> list[Activity]:
    return list(
        Activity.objects.filter(municipality=municipality, status="active")
        .select_related("category")
        .order_by("category__order", "title")
    )


def _populations(district: District) -> dict[int, int]:
    figures = PopulationFigure.objects.filter(municipality__district=district)
    if district.population_date:
        figures = figures.filter(reference_date=district.population_date)
    result: dict[int, int] = {}
    for m, population in figures.order_by("reference_date").values_list(
        "municipality_id", "population"
    ):
        result[m] = population
    return result


def _place(m: Municipality, populations: dict[int, int]) -> peers.Place[int]:
    lat = float(m.seat_lat) if m.seat_lat is not None else None
    lon = float(m.seat_lon) if m.seat_lon is not None else None
    return peers.Place(m.pk, populations.get(m.pk, 0), lat, lon)


@dataclass(frozen=True)
class Offer:
    suggestion: peers.Suggestion[int, int]  # municipalities and activities by pk
    municipality: Municipality
    activity: Activity
    contacts: list[Contact]


def suggestions(
    municipality: Municipality, category: Category, today: datetime.date | None = None
) -> list[Offer]:
    """Who could help this municipality in this field, best first, with reasons."""
    district = municipality.district
    today = today or datetime.date.today()  # noqa: DTZ011 - a calendar date, not a moment
    populations = _populations(district)
    places = {m.pk: m for m in district.municipalities.all()}
    given: defaultdict[int, int] = defaultdict(int)  # successful tandems by giver
    for giver in Tandem.objects.filter(district=district, status__in=SUCCESSFUL).values_list(
        "giver_id", flat=True
    ):
        given[giver] += 1
    activities = {
        a.pk: a
        for a in Activity.objects.filter(district=district, category=category)
        .exclude(municipality=None)
        .select_related("municipality")
    }
    candidates = [
        peers.Candidate(
            _place(places[a.municipality_id], populations),
            a.pk,
            a.status,
            a.start_date,
            a.volunteers or 0,
            given[a.municipality_id],
        )
        for a in activities.values()
        if a.municipality_id is not None  # always: district-wide ones are excluded above
    ]
    ranked = peers.suggest(_place(municipality, populations), candidates, today, weights(district))
    contacts: dict[int | None, list[Contact]] = defaultdict(list)
    for c in Contact.objects.listed().filter(district=district, designated=True):
        contacts[c.municipality_id].append(c)
    return [
        Offer(
            s,
            places[s.candidate.place.key],
            activities[s.candidate.activity],
            contacts.get(s.candidate.place.key, []),
        )
        for s in ranked
    ]


def tandems(district: District) -> QuerySet[Tandem]:
    return Tandem.objects.filter(district=district).select_related(
        "giver", "receiver", "category", "giver_activity", "outcome_activity"
    )


def tandems_for_report(
    district: District, since: datetime.date, until: datetime.date
) -> list[dict[str, str]]:
    """The tandems open or changed in a report's period, as plain data for its snapshot."""
    rows = (
        tandems(district)
        .filter(created_at__date__lte=until)
        .exclude(
            status__in=(TandemStatus.FINISHED, TandemStatus.CANCELLED), created_at__date__lt=since
        )
    )
    return [
        {
            "giver": t.giver.name,
            "receiver": t.receiver.name,
            "field": t.category.name,
            "status": t.status,
            "status_label": str(t.get_status_display()),
        }
        for t in rows
    ]
