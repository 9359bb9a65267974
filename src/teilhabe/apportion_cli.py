"""`teilhabe apportion`: apportion a total among the rows of a CSV file, from the command line.

    teilhabe apportion --total 210 --method hare-niemeyer gemeinden.csv
    teilhabe apportion --total 210 --method sainte-lague - < gemeinden.csv

Input: CSV with the header ``key,weight`` and optionally ``min`` and ``max`` (any order; empty
``min``/``max`` cells mean no bound). German Excel files work as they are saved: the delimiter
may be a semicolon (detected from the header) and the encoding UTF-8, with or without BOM, or
Windows-1252.

Output on stdout: CSV with the header ``key,weight,quota,seats`` in input order, ``quota`` being
the exact proportional share ``total * weight / sum(weights)`` with exactly six decimals. Only
if the last units are decided by an exact tie, a ``tie`` column marks the keys in the tie with
``yes``; a note on stderr says how many units are to be decided by lot.

Bad input produces one message on stderr (in German, for the people who run this), exit code 1
and nothing on stdout, so a pipeline never continues with half a table.

Like the engine, this module does not import Django: it runs without settings or a database.
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import sys
from collections.abc import Sequence
from decimal import Decimal
from typing import TextIO

from teilhabe.core.tabular.reader import InputError, count, delimiter, read_text
from teilhabe.core.tabular.writer import PLAIN, write_csv
from teilhabe.engine.apportionment import (
    ApportionmentError,
    Method,
    Result,
    Share,
    apportion,
    format_quota,
)

__all__ = ["InputError", "add_parser", "main", "read_shares", "run", "write_result"]

REQUIRED_COLUMNS = ("key", "weight")
OPTIONAL_COLUMNS = ("min", "max")
QUOTA_PLACES = 6

_DIGITS = re.compile(r"[0-9]+")
_NEGATIVE = re.compile(r"-\s*[0-9]+")


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``apportion`` subcommand to the `teilhabe` command line."""
    p = subparsers.add_parser(
        "apportion",
        help="split a total among the rows of a CSV file (Verteilungsschlüssel)",
        description=(
            "Split --total units among the keys of a CSV file (header key,weight, optional "
            "min,max) in proportion to their weights and write key,weight,quota,seats as CSV."
        ),
    )
    # Checked in run(), not by argparse, so that a bad number gets the same German message and
    # exit code 1 as any other bad input.
    p.add_argument("--total", required=True, metavar="N", help="number of units to split")
    p.add_argument(
        "--method",
        required=True,
        choices=[m.value for m in Method],
        help="hare-niemeyer (largest remainder), sainte-lague (Sainte-Laguë/Schepers) or dhondt",
    )
    p.add_argument("file", metavar="FILE", help="CSV file, or - for standard input")


def run(
    args: argparse.Namespace,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Apportion as `args` say; 0 on success, 1 (and a message on stderr) for bad input.

    The streams default to ``sys.stdin`` etc. *at call time*, so that pytest's capsys and other
    replacements of ``sys.stdout`` see the output."""
    stdin = sys.stdin if stdin is None else stdin
    stdout = sys.stdout if stdout is None else stdout
    stderr = sys.stderr if stderr is None else stderr
    try:
        total = _parse_total(args.total)
        text = read_text(args.file, stdin)
        shares = read_shares(text)
        result = _apportion(total, shares, Method(args.method))
    except InputError as exc:
        print(f"Fehler: {exc}", file=stderr)
        return 1
    out = io.StringIO()
    write_result(result, out)
    stdout.write(out.getvalue())
    if result.tie_keys:
        print(_tie_note(result), file=stderr)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``apportion`` without the rest of the `teilhabe` command (scripts, subprocess tests)."""
    parser = argparse.ArgumentParser(prog="teilhabe")
    add_parser(parser.add_subparsers(dest="command", required=True))
    return run(parser.parse_args(argv))


# --- input --------------------------------------------------------------------------------------


def _parse_total(value: str) -> int:
    text = str(value).strip()
    if not _DIGITS.fullmatch(text):
        if _NEGATIVE.fullmatch(text):
            raise InputError(f"--total: „{value}“ ist negativ; erwartet wird eine Anzahl ab 0.")
        raise InputError(f"--total: „{value}“ ist keine ganze Zahl.")
    return int(text)


def read_shares(text: str) -> list[Share]:
    """Parse the CSV text into shares; raise `InputError` naming line and column of a problem.

    Blank lines are skipped. Unknown columns are an error rather than ignored: a misspelt
    ``maximum`` must not silently drop a bound."""
    if not text.strip():
        raise InputError("Die Eingabe ist leer; erwartet wird die Kopfzeile „key,weight“.")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter(text, REQUIRED_COLUMNS))
    rows = ((reader.line_num, row) for row in reader if any(cell.strip() for cell in row))
    header_line, header = next(rows)
    columns = _header(header, header_line)
    shares: list[Share] = []
    first_line: dict[str, int] = {}
    for line, row in rows:
        if len(row) > len(columns) and any(cell.strip() for cell in row[len(columns) :]):
            raise InputError(
                f"Zeile {line}: {len(row)} Felder, die Kopfzeile hat aber nur {len(columns)}."
            )
        row = row + [""] * (len(columns) - len(row))  # Excel may drop trailing empty cells
        cells = {name: row[index].strip() for name, index in columns.items()}
        key = cells["key"]
        if not key:
            raise InputError(f"Zeile {line}, Spalte „key“: Der Schlüssel fehlt.")
        if key in first_line:
            raise InputError(
                f"Zeile {line}, Spalte „key“: Der Schlüssel „{key}“ steht schon in Zeile "
                f"{first_line[key]}."
            )
        first_line[key] = line
        weight = _count(cells["weight"], line, "weight")
        minimum = _count(cells["min"], line, "min") if cells.get("min") else 0
        maximum = _count(cells["max"], line, "max") if cells.get("max") else None
        if maximum is not None and maximum < minimum:
            raise InputError(
                f"Zeile {line}, Spalte „max“: {maximum} ist kleiner als das Minimum {minimum} "
                f"(Spalte „min“)."
            )
        shares.append(Share(key, weight, minimum, maximum))
    return shares


def _header(row: list[str], line: int) -> dict[str, int]:
    """Column name -> index; names are compared without case and surrounding spaces."""
    columns: dict[str, int] = {}
    for index, cell in enumerate(row):
        name = cell.strip().lower()
        if name not in REQUIRED_COLUMNS + OPTIONAL_COLUMNS:
            allowed = ", ".join(f"„{n}“" for n in REQUIRED_COLUMNS + OPTIONAL_COLUMNS)
            raise InputError(
                f"Zeile {line}, Spalte {index + 1}: unbekannte Spalte „{cell.strip()}“. "
                f"Erlaubt sind {allowed}."
            )
        if name in columns:
            raise InputError(
                f"Zeile {line}, Spalte {index + 1}: Die Spalte „{name}“ kommt doppelt vor."
            )
        columns[name] = index
    if any(name not in columns for name in REQUIRED_COLUMNS):
        found = ",".join(cell.strip() for cell in row)
        raise InputError(
            f"Zeile {line}: Die Kopfzeile muss „key“ und „weight“ enthalten (dazu optional "
            f"„min“ und „max“), gefunden: „{found}“."
        )
    return columns


def _count(text: str, line: int, column: str) -> int:
    """A non-negative whole number, written with digits only."""
    return count(text, f"Zeile {line}, Spalte „{column}“")


# --- apportionment and output -------------------------------------------------------------------


def _apportion(total: int, shares: list[Share], method: Method) -> Result:
    """Call the engine; say in German what it refused (the rows themselves are checked above)."""
    try:
        return apportion(total, shares, method)
    except ApportionmentError as exc:
        raise InputError(_german(exc)) from exc


def _german(exc: ApportionmentError) -> str:
    p = exc.params
    if exc.code == "no_weight":
        return (
            f"Kein Schlüssel hat ein Gewicht über 0; die Gesamtzahl {p['total']} lässt sich "
            f"nicht verteilen."
        )
    if exc.code == "minimums_exceed_total":
        return (
            f"Die Grenzen sind nicht erfüllbar: Die Mindestwerte (Spalte „min“) ergeben zusammen "
            f"{p['minimums']}, mehr als die Gesamtzahl {p['total']}."
        )
    if exc.code == "maximums_below_total":
        hint = (
            " Schlüssel mit Gewicht 0 erhalten nie mehr als ihr Minimum."
            if p["weight_zero_capped"]
            else ""
        )
        return (
            f"Die Grenzen sind nicht erfüllbar: Die Höchstwerte (Spalte „max“) lassen zusammen "
            f"höchstens {p['maximums']} zu, weniger als die Gesamtzahl {p['total']}.{hint}"
        )
    return f"Die Eingabe lässt sich nicht verteilen ({exc})."


def write_result(result: Result, out: TextIO) -> None:
    """The result as CSV; the ``tie`` column appears only when there is a tie to decide.

    Keys are guarded like every export (a key "=..." gets a leading apostrophe, so that a
    spreadsheet opening the output does not run it); numbers are written as numbers."""
    header: list[object] = ["key", "weight", "quota", "seats"]
    if result.tie_keys:
        header.append("tie")
    rows = [header]
    for a in result.allocations:
        row = [a.key, a.weight, Decimal(format_quota(a.quota, QUOTA_PLACES)), a.seats]
        if result.tie_keys:
            row.append("yes" if a.tied else "")
        rows.append(row)
    write_csv(rows, out, PLAIN)


def _tie_note(result: Result) -> str:
    keys = ", ".join(sorted(result.tie_keys))
    units = "1 Einheit" if result.contested == 1 else f"{result.contested} Einheiten"
    return (
        f"Hinweis: Gleichstand bei {keys}. Über {units} entscheidet das Los; vorläufig ist "
        f"nach der Reihenfolge der Schlüssel zugeteilt (Spalte „tie“)."
    )
