"""`teilhabe place`: a placement proposal for an announced batch, from the command line.

    teilhabe place --units UNITS.csv --households HOUSEHOLDS.csv --targets TARGETS.csv

Input, three CSV files (German Excel files work as they are saved: `;` or `,`, UTF-8 with or
without BOM, or Windows-1252; columns in any order, names without case):

- UNITS.csv: ``unit,municipality,places,kind,barrier_free`` and optionally ``occupied``;
  ``kind`` is ``flat`` (one household at most) or ``shared``; ``barrier_free`` is 1 or 0
  (empty: 0). A flat with anyone in it (``occupied`` > 0) is taken.
- HOUSEHOLDS.csv: ``household,size,barrier_free`` (1 = needs barrier-free housing) and
  optionally ``children`` (of kindergarten or school age).
- TARGETS.csv: ``municipality,target,arrived`` (persons still owed = target − arrived) and
  optionally ``childcare`` (free childcare places; empty: not recorded).

Output on stdout: CSV ``household,unit,municipality``, one line per household in input order;
``unit`` and ``municipality`` empty for a household that cannot be placed (a note on stderr
says why). Exit status 0 when a proposal was found, also one the time limit cut short (a note
on stderr says so). Bad input gives one German message on stderr naming file, line and
column, exit status 2 and nothing on stdout.

Like the engine, this module does not import Django: it runs without settings or a database.
"""

from __future__ import annotations

import argparse
import io
import re
import sys
from collections.abc import Sequence
from typing import TextIO

from teilhabe.core.tabular.reader import InputError, count, read_table, read_text
from teilhabe.core.tabular.writer import PLAIN, write_csv
from teilhabe.engine.placement import (
    Household,
    Kind,
    Municipality,
    PlacementError,
    Proposal,
    Unit,
    Unplaced,
    Why,
    propose,
)

__all__ = ["add_parser", "main", "read_households", "read_targets", "read_units", "run"]

BAD_INPUT = 2
_INTEGER = re.compile(r"-?[0-9]+")


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``place`` subcommand to the `teilhabe` command line."""
    p = subparsers.add_parser(
        "place",
        help="propose where announced households go (Unterbringung)",
        description=(
            "Place the households of HOUSEHOLDS.csv into the units of UNITS.csv, as close to "
            "the targets of TARGETS.csv as possible, and write household,unit,municipality."
        ),
    )
    p.add_argument("--units", required=True, metavar="UNITS.csv")
    p.add_argument("--households", required=True, metavar="HOUSEHOLDS.csv")
    p.add_argument("--targets", required=True, metavar="TARGETS.csv")
    p.add_argument(
        "--time-limit",
        type=float,
        default=60.0,
        metavar="SECONDS",
        help="stop the search after this long with the best proposal found (default 60)",
    )


def run(
    args: argparse.Namespace,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Place as `args` say; 0 on success, 2 (and a message on stderr) for bad input."""
    stdin = sys.stdin if stdin is None else stdin
    stdout = sys.stdout if stdout is None else stdout
    stderr = sys.stderr if stderr is None else stderr
    try:
        targets = read_targets(read_text(args.targets, stdin), _source(args.targets))
        units = read_units(read_text(args.units, stdin), _source(args.units), targets)
        households = read_households(
            read_text(args.households, stdin), _source(args.households), units
        )
        proposal = propose(units, households, targets, time_limit=max(args.time_limit, 0.001))
    except InputError as exc:
        print(f"Fehler: {exc}", file=stderr)
        return BAD_INPUT
    except PlacementError as exc:  # the checks above should have caught it
        print(f"Fehler: Die Eingabe lässt sich nicht verarbeiten ({exc}).", file=stderr)
        return BAD_INPUT
    out = io.StringIO()
    rows: list[list[object]] = [["household", "unit", "municipality"]]
    rows += [[p.household, p.unit, p.municipality] for p in proposal.placements]
    write_csv(rows, out, PLAIN)
    stdout.write(out.getvalue())
    for note in notes(proposal, args.time_limit):
        print(note, file=stderr)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``place`` without the rest of the `teilhabe` command (scripts, subprocess tests)."""
    parser = argparse.ArgumentParser(prog="teilhabe")
    add_parser(parser.add_subparsers(dest="command", required=True))
    return run(parser.parse_args(argv))


def _source(name: str) -> str:
    return "Standardeingabe" if name == "-" else f"Datei „{name}“"


# --- input --------------------------------------------------------------------------------------


def _where(source: str, line: int, column: str) -> str:
    return f"{source}, Zeile {line}, Spalte „{column}“"


def _key(cells: dict[str, str], column: str, source: str, line: int, seen: dict[str, int]) -> str:
    key = cells[column]
    if not key:
        raise InputError(f"{_where(source, line, column)}: Die Kennung fehlt.")
    if key in seen:
        raise InputError(
            f"{_where(source, line, column)}: „{key}“ steht schon in Zeile {seen[key]}."
        )
    seen[key] = line
    return key


def _flag(text: str, where: str) -> bool:
    if text in ("", "0"):
        return False
    if text == "1":
        return True
    raise InputError(f"{where}: „{text}“ ist weder 1 (ja) noch 0 (nein).")


def read_targets(text: str, source: str) -> list[Municipality]:
    """TARGETS.csv: municipality, target (may be negative), arrived, optional childcare."""
    rows = read_table(text, ("municipality", "target", "arrived"), ("childcare",), source)
    seen: dict[str, int] = {}
    out = []
    for line, cells in rows:
        key = _key(cells, "municipality", source, line, seen)
        target = cells["target"]
        if not _INTEGER.fullmatch(target):
            count(target, _where(source, line, "target"))  # raises with the fitting message
        childcare = cells.get("childcare", "")
        out.append(
            Municipality(
                key,
                int(target),
                count(cells["arrived"], _where(source, line, "arrived")),
                count(childcare, _where(source, line, "childcare")) if childcare else None,
            )
        )
    return out


def read_units(text: str, source: str, targets: Sequence[Municipality]) -> list[Unit]:
    """UNITS.csv: unit, municipality (one of TARGETS.csv), places, kind, barrier_free,
    optional occupied."""
    required = ("unit", "municipality", "places", "kind", "barrier_free")
    rows = read_table(text, required, ("occupied",), source)
    known = {m.key for m in targets}
    seen: dict[str, int] = {}
    out = []
    for line, cells in rows:
        key = _key(cells, "unit", source, line, seen)
        municipality = cells["municipality"]
        if municipality not in known:
            raise InputError(
                f"{_where(source, line, 'municipality')}: Die Gemeinde „{municipality}“ steht "
                f"nicht in der Datei der Ziele (Spalte „municipality“)."
            )
        places = count(cells["places"], _where(source, line, "places"))
        kind = cells["kind"].lower()
        if kind not in (Kind.FLAT, Kind.SHARED):
            raise InputError(
                f"{_where(source, line, 'kind')}: „{cells['kind']}“ ist weder „flat“ (Wohnung "
                f"für einen Haushalt) noch „shared“ (Gemeinschaftsunterkunft)."
            )
        occupied_text = cells.get("occupied", "")
        occupied = count(occupied_text, _where(source, line, "occupied")) if occupied_text else 0
        if occupied > places:
            raise InputError(
                f"{_where(source, line, 'occupied')}: {occupied} belegte Plätze, die Unterkunft "
                f"hat aber nur {places} (Spalte „places“)."
            )
        barrier_free = _flag(cells["barrier_free"], _where(source, line, "barrier_free"))
        out.append(Unit(key, municipality, places, Kind(kind), barrier_free, occupied))
    return out


def read_households(text: str, source: str, units: Sequence[Unit]) -> list[Household]:
    """HOUSEHOLDS.csv: household, size (at least 1), barrier_free, optional children; a
    household larger than every unit, or a batch larger than all free places, is refused."""
    rows = read_table(text, ("household", "size", "barrier_free"), ("children",), source)
    largest = max((u.places for u in units), default=0)
    seen: dict[str, int] = {}
    out = []
    for line, cells in rows:
        key = _key(cells, "household", source, line, seen)
        where = _where(source, line, "size")
        size = count(cells["size"], where)
        if size < 1:
            raise InputError(f"{where}: Ein Haushalt hat mindestens 1 Person.")
        if size > largest:
            raise InputError(
                f"{where}: Der Haushalt „{key}“ hat {size} Personen, mehr als jede Unterkunft "
                f"(die größte hat {largest} Plätze)."
            )
        children_text = cells.get("children", "")
        children = count(children_text, _where(source, line, "children")) if children_text else 0
        if children >= size:
            raise InputError(
                f"{_where(source, line, 'children')}: {children} Kinder in einem Haushalt von "
                f"{size} Personen."
            )
        barrier_free = _flag(cells["barrier_free"], _where(source, line, "barrier_free"))
        out.append(Household(key, size, barrier_free, children))
    persons, free = sum(h.size for h in out), sum(u.free for u in units)
    if persons > free:
        raise InputError(
            f"{source}, Spalte „size“: Die Haushalte umfassen zusammen {persons} Personen, frei "
            f"sind aber nur {free} Plätze. Bitte die Ankündigung teilen oder Unterkünfte ergänzen."
        )
    return out


# --- notes --------------------------------------------------------------------------------------


def _persons(n: int) -> str:
    return "1 Person" if n == 1 else f"{n} Personen"


def notes(proposal: Proposal, time_limit: float) -> list[str]:
    """German notes for stderr: who stays without a place and why; a cut-short search."""
    out = []
    if proposal.partial:
        out.append(
            f"Hinweis: Die Zeitgrenze von {time_limit:g} s ist erreicht. Der Vorschlag hält alle "
            f"Regeln ein, ist aber nicht als bester bewiesen."
        )
    for p in proposal.placements:
        reason = p.reason
        if not isinstance(reason, Unplaced):
            continue
        if reason.why is Why.NO_BARRIER_FREE:
            why = "braucht eine barrierefreie Unterkunft, und keine hat freie Plätze"
        elif reason.why is Why.TOO_LARGE:
            why = (
                f"größer als jede Unterkunft mit freien Plätzen, die in Frage kommt "
                f"(höchstens {reason.largest_free})"
            )
        else:
            why = (
                f"die {reason.fitting_units} passenden Unterkünfte sind mit anderen Haushalten "
                f"dieser Ankündigung belegt"
            )
        out.append(
            f"Hinweis: Haushalt „{p.household}“ ({_persons(p.size)}) ohne Unterkunft: {why}."
        )
    return out
