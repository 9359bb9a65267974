"""The snapshot of a status report as it is stored in `Report.snapshot`: one TypedDict per
section, so that the builders (`snapshot.py`, `sections/`) and the readers (`presentation.py`,
`exports.py`, `rendering.py`) agree on every key.

This describes the JSON of format `VERSION` 1; it does not change it. Issued reports keep their
JSON for as long as they are kept and must render from it, so a key is never renamed or given
another meaning; a key added later is `NotRequired` and read with `.get`. Dates are ISO texts
("2026-12-05"); codes (statuses, kinds) are stored as codes and turned into labels when shown;
names and labels taken from the data are in the installation's language of the day it was
built. A pair or triple of an answer and its counts is a JSON array, hence a list here."""

from typing import NotRequired, TypedDict

VERSION = 1


class District(TypedDict):
    ags: str
    name: str
    land: str


# --- stock-take (sections/inventory.py) ----------------------------------------------------


class Category(TypedDict):
    key: str
    label: str


class CoverageCell(TypedDict):
    best: str | None  # the best ActivityStatus present; None: nothing recorded
    total: int


class CoverageRow(TypedDict):
    name: str  # "": activities of the whole district
    cells: list[CoverageCell]  # one per category, in the order of `categories`
    active: int


class Coverage(TypedDict):
    categories: list[Category]
    rows: list[CoverageRow]
    active_by_category: list[int]  # in the order of `categories`
    by_status: dict[str, int]  # every ActivityStatus code, in the choices' order
    total: int
    without_activities: list[str]  # names of municipalities


class ChangeCounts(TypedDict):
    new: int
    ended: int
    status: int
    moved: int
    removed: int


class ChangeRow(TypedDict):
    municipality: str  # "": the whole district
    title: str
    category: str
    kind: str  # a key of ChangeCounts
    before: str | None  # ActivityStatus codes; None: the activity did not exist
    after: str | None


class Changes(TypedDict):
    counts: ChangeCounts
    rows: list[ChangeRow]


# "with": the active activities that name volunteers (a keyword, hence this spelling).
VolunteeringRow = TypedDict(
    "VolunteeringRow", {"name": str, "volunteers": int, "activities": int, "with": int}
)


class Volunteering(TypedDict):
    total: int
    activities: int
    with_volunteers: int
    volunteering_activities: int  # active activities in the field of action volunteering
    rows: list[VolunteeringRow]


class MapShape(TypedDict):
    key: str
    label: str
    path: str  # SVG path data
    x: float  # label point
    y: float
    active: int


class DistrictMap(TypedDict):
    view_box: str
    width: float
    height: float
    shapes: list[MapShape]


# --- questionnaires (sections/surveys.py) --------------------------------------------------

type AnswerCount = list[str | int]  # [answer, how often it was given]
type AnswerChange = list[str | int]  # [answer, how often in the earlier wave, in the later]


class KeyResult(TypedDict):
    label: str  # the question
    counts: list[AnswerCount]


class WaveBody(TypedDict):
    """A wave but for its dates, which the page turns into dates (as for Period, Event and
    Measure below)."""

    name: str
    questionnaire: str
    invited: int
    submitted: int
    rate: int  # response rate in whole percent
    key_results: list[KeyResult]


class Wave(WaveBody):
    opens: str
    closes: str


class ComparisonRow(TypedDict):
    label: str
    counts: list[AnswerChange]


class Comparison(TypedDict):
    earlier: str  # wave names
    later: str
    rows: list[ComparisonRow]
    # Added later: the counts are of these municipalities only, those that submitted in both
    # waves (like for like). Reports issued before compared all answers of each wave.
    municipalities: NotRequired[list[str]]


class Surveys(TypedDict):
    waves: list[Wave]
    comparison: Comparison | None


# --- allocation (sections/allocation.py) ---------------------------------------------------


class PeriodBody(TypedDict):
    name: str
    quota: int
    method: str  # the method's label
    staff_ratio_limit: int
    closed: bool


class Period(PeriodBody):
    start: str
    end: str


class AllocationRow(TypedDict):
    name: str
    population: int
    target: int
    arrived: int
    arrived_in_period: int
    remaining: int
    fulfilment: int | None  # whole percent; None: no positive target
    free_places: int | None  # None: no capacity recorded
    staff_fte: float | None
    per_fte: int | None
    housing_short: int  # persons still to come beyond the free places
    staff_overloaded: bool
    exempt: bool


class AllocationTotals(TypedDict):
    target: int
    arrived: int
    remaining: int
    fulfilment: int | None
    arrived_in_period: int
    counted_in_period: int


class PlacedBatch(TypedDict):
    """A confirmed announced batch of the period (placement), with the comparison it froze."""

    name: str
    arrival_date: str
    households: int
    persons: int
    persons_placed: int
    largest_shortfall: float  # percent of the target still missing afterwards, the proposal
    baseline_largest_shortfall: float  # ... with "who is next"
    empty_places: int
    baseline_empty_places: int


class Notice(TypedDict):
    """An overload notice of a municipality, with the office's last answer."""

    municipality: str
    shortage: str  # allocation.Shortage code
    amount: str  # a decimal as text
    since: str
    status: str  # allocation.NoticeStatus code
    answer: str  # "" while unanswered
    action: str


class Allocation(TypedDict):
    period: Period
    rows: list[AllocationRow]
    totals: AllocationTotals
    warnings: int  # municipalities with a housing or staff warning
    batches: NotRequired[list[PlacedBatch]]  # added with placement (issue 19)
    notices: NotRequired[list[Notice]]  # overload notices filed up to the report's end


# --- network and workshop (sections/network.py) --------------------------------------------


class EventBody(TypedDict):
    title: str
    kind: str  # EventKind code
    represented: list[str]  # names of municipalities
    persons: int


class Event(EventBody):
    date: str


class MeasureBody(TypedDict):
    title: str
    responsible: str
    municipalities: list[str]
    status: str  # MeasureStatus code
    progress: int  # percent
    overdue: bool


class Measure(MeasureBody):
    due: str | None


class OverdueMeasure(Measure):
    priority: str  # the priority's title


class Priority(TypedDict):
    title: str
    adopted_on: str
    measures: list[Measure]


class Network(TypedDict):
    events: list[Event]
    municipality_count: int
    represented: list[str]
    not_represented: list[str]  # empty when no event was held
    priorities: list[Priority]
    measures: int
    overdue: list[OverdueMeasure]


# --- peers, sources, summary (snapshot.py) -------------------------------------------------


class Tandem(TypedDict):
    giver: str
    receiver: str
    field: str
    status: str
    status_label: str


class Peers(TypedDict):
    installed: bool  # False: the peers app is not part of this installation
    rows: list[Tandem]


class Source(TypedDict):
    title: str
    attribution: str
    licence: str
    url: str


class Summary(TypedDict):
    """The figures of the first page; None where the section has no data."""

    municipalities: int
    population: int | None
    activities: int
    active: int
    without_activities: int
    new: int
    ended: int
    changes: int
    response_rate: int | None
    wave: str
    fulfilment: int | None
    arrived_in_period: int | None
    warnings: int | None
    events: int
    represented: int
    measures: int
    overdue: int
    volunteers: int
    tandems: int | None


class Sections(TypedDict):
    """The snapshot but for its summary, which is computed from these."""

    version: int
    language: str
    district: District
    committee: str
    meeting_date: str | None
    since: str
    until: str
    generated_at: str  # ISO date and time with offset, to the second
    municipalities: list[str]
    population: int | None  # None: a municipality has no figure on the reference date
    population_date: str | None
    coverage: Coverage
    changes: Changes
    surveys: Surveys
    allocation: Allocation | None  # None: no allocation period
    network: Network
    peers: Peers
    volunteering: Volunteering
    map: DistrictMap | None  # None: no boundaries stored
    sources: list[Source]


class Snapshot(Sections):
    summary: Summary
