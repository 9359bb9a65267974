"""From a proposal (fresh) or a confirmed batch (frozen) to what the pages show: one line per
household with its sentence, the goals in words with their values, and the comparison with the
"who is next" procedure. Both sources give the same shapes, so a confirmed batch reads exactly
as its proposal read."""

import datetime
from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from teilhabe.placement import facts, reasons
from teilhabe.placement.models import AnnouncedHousehold, Batch
from teilhabe.placement.proposals import Proposal

__all__ = [
    "Difference",
    "GoalText",
    "ShownLine",
    "batch_lines",
    "comparison",
    "frozen",
    "goals",
    "lines",
]


@dataclass(frozen=True)
class ShownLine:
    household: AnnouncedHousehold
    placed: bool
    municipality: str  # "" when not placed
    unit: str
    by_hand: bool
    sentence: str
    baseline: str  # where "who is next" would have put it ("" when nowhere, or not known)


@dataclass(frozen=True)
class GoalText:
    title: str
    explanation: str
    value: str


@dataclass(frozen=True)
class Difference:
    label: str
    proposal: str
    baseline: str
    difference: str
    better: bool | None  # True: the proposal is better here; None: equal


def _n(value: int) -> str:
    return number_format(value, force_grouping=True)


def _percent(fraction: str) -> str:
    return number_format(round(facts.percent(fraction), 1), decimal_pos=1)


def lines(proposal: Proposal) -> list[ShownLine]:
    shown = []
    for line in proposal.lines:
        reason = line.reason
        baseline = line.baseline_unit
        shown.append(
            ShownLine(
                household=line.household,
                placed=line.unit is not None,
                municipality=line.unit.municipality.name if line.unit else "",
                unit=line.unit.label if line.unit else "",
                by_hand=reason["placed"] and reason["by_hand"],
                sentence=reasons.sentence(reason),
                baseline=f"{baseline.municipality.name}: {baseline.label}" if baseline else "",
            )
        )
    return shown


def batch_lines(batch: Batch, households: list[AnnouncedHousehold]) -> list[ShownLine]:
    """The lines of a confirmed batch, from what confirming froze."""
    shown = []
    for household in households:
        reason: facts.Reason | None = household.reason
        if reason is None:
            continue
        placed = reason["placed"]
        shown.append(
            ShownLine(
                household=household,
                placed=placed,
                municipality=reason["municipality"] if reason["placed"] else "",
                unit=reason["unit"] if reason["placed"] else "",
                by_hand=reason["placed"] and reason["by_hand"],
                sentence=reasons.sentence(reason),
                baseline="",
            )
        )
    return shown


def goals(
    figures: facts.Figures,
    persons: int,
    households: int,
    expected: float | None,
    period_end: datetime.date,
) -> list[GoalText]:
    """The four goals in words a committee member understands, each with its value."""
    behind = (
        _(
            "Furthest behind afterwards: %(name)s, with %(percent)s %% of its target still "
            "missing; %(total)s persons still missing in all municipalities together."
        )
        % {
            "name": figures["largest_name"],
            "percent": _percent(figures["largest_shortfall"]),
            "total": _n(figures["total_shortfall"]),
        }
        if figures["largest_name"]
        else _("Afterwards no municipality is behind its target.")
    )
    found = [
        GoalText(
            _("1. As many persons housed as the free places allow"),
            _(
                "A household is never split. Only when every household that can be housed is "
                "housed do the next goals count."
            ),
            _("%(placed)s of %(persons)s persons housed (%(h)s of %(n)s households).")
            % {
                "placed": _n(figures["persons"]),
                "persons": _n(persons),
                "h": _n(figures["households"]),
                "n": _n(households),
            },
        ),
        GoalText(
            _("2. Every municipality as close to its target as possible, fairly"),
            _(
                "First the municipality furthest behind its target (in proportion to the "
                "target) is brought as close as possible; then the persons still missing in all "
                "are made as few as possible. A municipality that has taken in more than it owes "
                "counts as not behind."
            ),
            behind,
        ),
        GoalText(
            _("3. Sizes that fit"),
            _(
                "As few places as possible stay empty in the flats used: no large flat for a "
                "single person while a family waits."
            ),
            ngettext(
                "%(n)s place stays empty in the flats used.",
                "%(n)s places stay empty in the flats used.",
                figures["empty_places"],
            )
            % {"n": _n(figures["empty_places"])},
        ),
        GoalText(
            _("4. Barrier-free housing and childcare"),
            _(
                "Whoever needs barrier-free housing only ever goes into a barrier-free unit, and "
                "those units are kept for them; families with children go where childcare places "
                "are recorded."
            ),
            _(
                "%(bf)s persons without the need in barrier-free units; %(kids)s children "
                "beyond the recorded childcare places."
            )
            % {
                "bf": _n(figures["barrier_free_without_need"]),
                "kids": _n(figures["children_without_place"]),
            },
        ),
    ]
    if expected:  # the engine weighs the households still to come right after goal 1
        found.insert(
            1,
            GoalText(
                _("1b. Households still expected in the period"),
                _(
                    "Right after goal 1, the proposal keeps units for the households still to "
                    "come in the period, large units for large households, so that the whole "
                    "period turns out well and not only this batch. For this batch alone a "
                    "municipality may then stay further behind than with “who is next”; the "
                    "next batches make up for it."
                ),
                _("About %(n)s more households are expected until %(end)s.")
                % {"n": _n(round(expected)), "end": f"{period_end:%d.%m.%Y}"},
            ),
        )
    return found


def _signed(value: int) -> str:
    return f"+{_n(value)}" if value > 0 else ("±0" if value == 0 else f"−{_n(-value)}")


def _fewer(label: str, ours: int, theirs: int) -> Difference:
    """A row where fewer is better."""
    difference = ours - theirs
    return Difference(
        label,
        _n(ours),
        _n(theirs),
        _signed(difference),
        None if difference == 0 else difference < 0,
    )


def comparison(figures: facts.Figures, baseline: facts.Figures) -> list[Difference]:
    """The proposal beside "who is next", goal by goal."""
    rows = []
    placed = figures["persons"] - baseline["persons"]
    rows.append(
        Difference(
            _("Persons housed"),
            _n(figures["persons"]),
            _n(baseline["persons"]),
            _signed(placed),
            None if placed == 0 else placed > 0,
        )
    )
    ours, theirs = (
        facts.percent(figures["largest_shortfall"]),
        facts.percent(baseline["largest_shortfall"]),
    )
    points = round(ours - theirs, 1)
    rows.append(
        Difference(
            _("Largest shortfall (share of the target still missing)"),
            f"{_percent(figures['largest_shortfall'])} %",
            f"{_percent(baseline['largest_shortfall'])} %",
            _("%(points)s percentage points")
            % {
                "points": ("+" if points > 0 else "±" if points == 0 else "−")
                + number_format(abs(points), decimal_pos=1)
            },
            None if points == 0 else points < 0,
        )
    )
    rows.append(
        _fewer(
            _("Persons still missing in all"),
            figures["total_shortfall"],
            baseline["total_shortfall"],
        )
    )
    rows.append(
        _fewer(_("Places left empty in flats"), figures["empty_places"], baseline["empty_places"])
    )
    return rows


def frozen(batch: Batch) -> dict[str, object] | None:
    """What a confirmed batch shows besides its lines, from what confirming stored."""
    outcome: facts.Outcome | None = batch.outcome
    if not outcome:
        return None
    return {
        "outcome": outcome,
        "comparison": comparison(outcome["proposal"], outcome["baseline"]),
        "goals": goals(
            outcome["proposal"],
            outcome["persons"],
            outcome["households"],
            None,
            batch.period.end,
        ),
    }
