"""Who could help whom: scoring municipalities that run an activity in a field of action for a
municipality that has none there yet (Starthilfe).

Each candidate is one active activity of another municipality in the wanted field. Its score is
the sum of five documented factors, each a value between 0 and 1 times the office's weight:

- experience: years the activity has been active, full marks from `FULL_YEARS` on;
- volunteers: volunteers involved, full marks from `FULL_VOLUNTEERS` on;
- similar size: population ratio of the smaller to the larger municipality (1 = same size);
- nearby: 1 at the same seat, falling linearly to 0 at `FAR_KM` between the seats;
- past tandems: successful tandems the helper already gave, full marks from `FULL_TANDEMS` on.

A municipality is never suggested to itself, inactive activities are never suggested, and each
municipality appears once, with its best-scoring activity."""

import datetime
import math
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field

FULL_YEARS = 5
FULL_VOLUNTEERS = 20
FAR_KM = 60.0
FULL_TANDEMS = 3
FACTORS = ("experience", "volunteers", "size", "distance", "tandems")


@dataclass(frozen=True)
class Weights:
    experience: float = 3.0
    volunteers: float = 2.0
    size: float = 1.0
    distance: float = 2.0
    tandems: float = 1.0

    def __post_init__(self) -> None:
        for name in FACTORS:
            value = getattr(self, name)
            if not math.isfinite(value) or value < 0:
                raise ValueError(f"weight {name} must be a number, not negative")


@dataclass(frozen=True)
class Place[K: Hashable]:
    """A municipality: its key, population and the seat of its administration (WGS84)."""

    key: K
    population: int
    lat: float | None = None
    lon: float | None = None


@dataclass(frozen=True)
class Candidate[K: Hashable, A: Hashable]:
    """An activity (key A) of a possible helper (a place with key K) in the wanted field."""

    place: Place[K]
    activity: A
    status: str
    active_since: datetime.date | None = None
    volunteers: int = 0
    past_tandems: int = 0


@dataclass(frozen=True)
class Reason:
    factor: str  # one of FACTORS
    value: float  # the measured quantity: years, volunteers, ratio, km (None-safe: -1 unknown)
    share: float  # 0..1 before weighting
    points: float  # share x weight


@dataclass(frozen=True)
class Suggestion[K: Hashable, A: Hashable]:
    candidate: Candidate[K, A]
    score: float
    reasons: tuple[Reason, ...] = field(default_factory=tuple)


def distance_km(a: Place[Hashable], b: Place[Hashable]) -> float | None:
    """Great-circle distance between two seats, None when one is unknown."""
    if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        return None
    lat1, lon1, lat2, lon2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def _shares(
    seeker: Place[Hashable], c: Candidate[Hashable, Hashable], today: datetime.date
) -> dict[str, tuple[float, float]]:
    years = 0.0 if c.active_since is None else max(0, (today - c.active_since).days) / 365.25
    small, large = sorted((max(seeker.population, 0), max(c.place.population, 0)))
    ratio = small / large if large else 0.0
    km = distance_km(seeker, c.place)
    return {
        "experience": (years, min(years / FULL_YEARS, 1.0)),
        "volunteers": (c.volunteers, min(max(c.volunteers, 0) / FULL_VOLUNTEERS, 1.0)),
        "size": (ratio, ratio),
        "distance": (-1.0 if km is None else km, 0.0 if km is None else max(0.0, 1 - km / FAR_KM)),
        "tandems": (c.past_tandems, min(max(c.past_tandems, 0) / FULL_TANDEMS, 1.0)),
    }


def score[K: Hashable, A: Hashable](
    seeker: Place[K], candidate: Candidate[K, A], weights: Weights, today: datetime.date
) -> Suggestion[K, A]:
    reasons = tuple(
        Reason(name, value, share, share * getattr(weights, name))
        for name, (value, share) in _shares(seeker, candidate, today).items()
    )
    return Suggestion(candidate, round(sum(r.points for r in reasons), 6), reasons)


def suggest[K: Hashable, A: Hashable](
    seeker: Place[K],
    candidates: Iterable[Candidate[K, A]],
    today: datetime.date,
    weights: Weights = Weights(),
    limit: int | None = None,
) -> list[Suggestion[K, A]]:
    """Ranked suggestions, best first; ties by key so the order is stable."""
    best: dict[K, Suggestion[K, A]] = {}
    for c in candidates:
        if c.status != "active" or c.place.key == seeker.key:
            continue
        s = score(seeker, c, weights, today)
        if c.place.key not in best or s.score > best[c.place.key].score:
            best[c.place.key] = s
    ranked = sorted(best.values(), key=lambda s: (-s.score, str(s.candidate.place.key)))
    return ranked[:limit] if limit is not None else ranked
