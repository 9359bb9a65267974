"""What changed between two dates: the difference between two snapshots of the inventory.

A snapshot maps an activity id to its state on a date. Comparing the state at the start with the
state at the end, rather than replaying every edit, is what the committee asks for ("what is
different since the last meeting"). An activity created and ended within the period is reported
as new and as ended; a status that went back and forth shows as no change."""

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    NEW = "new"  # did not exist at the start
    ENDED = "ended"  # status became "ended" (or was created already ended)
    STATUS = "status"  # another status change, e.g. planned -> active
    REMOVED = "removed"  # deleted from the inventory
    MOVED = "moved"  # now belongs to another municipality or field of action


@dataclass(frozen=True)
class State:
    municipality: int | None  # None: the whole district
    category: int
    status: str
    title: str


@dataclass(frozen=True)
class Change:
    kind: Kind
    activity: int
    before: State | None
    after: State | None

    @property
    def municipality(self) -> int | None:
        """Where the change is reported: where the activity is now, or was when removed."""
        state = self.after or self.before
        assert state is not None
        return state.municipality


def diff(before: Mapping[int, State], after: Mapping[int, State]) -> list[Change]:
    """Every change between two snapshots, ordered by activity id and kind.

    One activity can give several changes (new and ended; moved and a status change)."""
    changes: list[Change] = []
    for activity in sorted(before.keys() | after.keys()):
        old, new = before.get(activity), after.get(activity)
        if old is None and new is not None:
            changes.append(Change(Kind.NEW, activity, None, new))
            if new.status == "ended":
                changes.append(Change(Kind.ENDED, activity, None, new))
        elif new is None and old is not None:
            changes.append(Change(Kind.REMOVED, activity, old, None))
        elif old is not None and new is not None:
            if (old.municipality, old.category) != (new.municipality, new.category):
                changes.append(Change(Kind.MOVED, activity, old, new))
            if old.status != new.status:
                kind = Kind.ENDED if new.status == "ended" else Kind.STATUS
                changes.append(Change(kind, activity, old, new))
    return changes
