"""Reading CSV as German Excel saves it, for the commands that run without Django.

The delimiter may be a semicolon (detected from the header) and the encoding UTF-8, with or
without BOM, or Windows-1252. Every problem is an `InputError` with a German message for the
person at hand, naming where it is. Used by `teilhabe apportion` and `teilhabe place`.
"""

from __future__ import annotations

import csv
import errno
import io
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

__all__ = ["InputError", "count", "decode", "delimiter", "read_table", "read_text"]

_DIGITS = re.compile(r"[0-9]+")
_NEGATIVE = re.compile(r"-\s*[0-9]+")
_GROUPED = re.compile(r"[0-9]{1,3}([.' ][0-9]{3})+")  # 82.712.997 as formatted in German Excel


class InputError(Exception):
    """Input a command cannot use; the message is German and meant for the person at hand."""


def read_text(name: str, stdin: TextIO) -> str:
    """The whole input as text: stdin as bytes if possible, so that we pick the encoding."""
    if name == "-":
        buffer = getattr(stdin, "buffer", None)
        if buffer is None:  # already text, e.g. io.StringIO in tests
            return stdin.read().removeprefix("\ufeff")
        return decode(buffer.read(), "Die Standardeingabe")
    try:
        data = Path(name).read_bytes()
    except OSError as exc:
        raise InputError(f"Die Datei „{name}“ kann nicht gelesen werden: {_reason(exc)}") from exc
    return decode(data, f"Die Datei „{name}“")


def _reason(exc: OSError) -> str:
    reasons = {
        errno.ENOENT: "Sie existiert nicht.",
        errno.EACCES: "Keine Leseberechtigung.",
        errno.EISDIR: "Das ist ein Verzeichnis.",
    }
    return reasons.get(exc.errno or 0, f"{exc.strerror or exc}.")


def decode(data: bytes, source: str) -> str:
    """UTF-8 (with or without BOM) first; otherwise Windows-1252, as older Excel saves CSV."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{source} ist weder UTF-8 noch Windows-1252 kodiert "
            f"(Byte {exc.start + 1}). Bitte als „CSV UTF-8“ speichern."
        ) from exc


def delimiter(text: str, required: Sequence[str]) -> str:
    """Comma, or semicolon as German Excel writes it: whichever makes sense of the header."""
    header = text.strip().splitlines()[0]
    for candidate in (",", ";"):
        names = {name.strip().lower() for name in next(csv.reader([header], delimiter=candidate))}
        if set(required) <= names:
            return candidate
    return ";" if header.count(";") > header.count(",") else ","


def count(text: str, where: str) -> int:
    """A non-negative whole number, written with digits only; `where` starts the message."""
    if _DIGITS.fullmatch(text):
        return int(text)
    if not text:
        raise InputError(f"{where}: Der Wert fehlt.")
    if _NEGATIVE.fullmatch(text):
        raise InputError(f"{where}: „{text}“ ist negativ; erwartet wird eine Anzahl ab 0.")
    if _GROUPED.fullmatch(text):
        raise InputError(f"{where}: „{text}“ ist keine ganze Zahl (bitte ohne Tausenderpunkte).")
    raise InputError(f"{where}: „{text}“ ist keine ganze Zahl.")


def read_table(
    text: str, required: Sequence[str], optional: Sequence[str], source: str
) -> list[tuple[int, dict[str, str]]]:
    """(line number, cells by column name) for every non-blank row after the header.

    Column names are compared without case and surrounding spaces. Unknown and doubled
    columns are errors (a misspelt column must not be ignored silently); Excel's dropped
    trailing empty cells are padded. `source` starts every message ("Datei „x.csv“")."""
    if not text.strip():
        raise InputError(
            f"{source}: Die Datei ist leer; erwartet wird die Kopfzeile „{','.join(required)}“."
        )
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter(text, required))
    rows = [(reader.line_num, row) for row in reader if any(cell.strip() for cell in row)]
    (header_line, header), body = rows[0], rows[1:]
    allowed = (*required, *optional)
    columns: dict[str, int] = {}
    for index, cell in enumerate(header):
        name = cell.strip().lower()
        where = f"{source}, Zeile {header_line}, Spalte {index + 1}"
        if name not in allowed:
            names = ", ".join(f"„{n}“" for n in allowed)
            raise InputError(f"{where}: unbekannte Spalte „{cell.strip()}“. Erlaubt sind {names}.")
        if name in columns:
            raise InputError(f"{where}: Die Spalte „{name}“ kommt doppelt vor.")
        columns[name] = index
    missing = [n for n in required if n not in columns]
    if missing:
        names = ", ".join(f"„{n}“" for n in missing)
        raise InputError(
            f"{source}, Zeile {header_line}: Es fehlt die Spalte {names} (erwartet wird die "
            f"Kopfzeile „{','.join(required)}“)."
        )
    out = []
    for line, row in body:
        if len(row) > len(header) and any(cell.strip() for cell in row[len(header) :]):
            raise InputError(
                f"{source}, Zeile {line}: {len(row)} Felder, die Kopfzeile hat aber nur "
                f"{len(header)}."
            )
        row = row + [""] * (len(header) - len(row))
        out.append((line, {name: row[index].strip() for name, index in columns.items()}))
    return out
