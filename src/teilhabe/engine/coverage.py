"""The coverage matrix: for each municipality and field of action, the best status present.

"Best" orders the life-cycle by how much is going on: an active offer beats one that is starting,
which beats a paused one, a planned one, and one that has ended."""

from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field

STATUS_ORDER: tuple[str, ...] = ("active", "starting", "paused", "planned", "ended")
RANK = {status: len(STATUS_ORDER) - i for i, status in enumerate(STATUS_ORDER)}


@dataclass
class Cell:
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def best(self) -> str | None:
        present = [s for s, n in self.counts.items() if n > 0]
        return max(present, key=RANK.__getitem__) if present else None


def best_status(statuses: Iterable[str]) -> str | None:
    """The best of some statuses; None when there are none."""
    present = list(statuses)
    return max(present, key=RANK.__getitem__) if present else None


def coverage[R: Hashable, C: Hashable](
    counts: Iterable[tuple[R, C, str, int]],
) -> dict[tuple[R, C], Cell]:
    """Fold (row, column, status, count) tuples, as a GROUP BY returns them, into cells."""
    cells: dict[tuple[R, C], Cell] = {}
    for row, column, status, n in counts:
        if status not in RANK:
            raise ValueError(f"unknown status {status!r}")
        cell = cells.setdefault((row, column), Cell())
        cell.counts[status] = cell.counts.get(status, 0) + n
    return cells
