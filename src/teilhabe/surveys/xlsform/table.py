"""A sheet of the workbook as a table of text cells, keyed by column: which columns we know
and translate, and how a cell reads as text."""

import datetime
from dataclasses import dataclass
from typing import Any

from teilhabe.surveys.xlsform.vocabulary import REFUSED_COLUMNS

TRANSLATED = {
    "survey": ("label", "hint", "guidance_hint", "constraint_message", "required_message"),
    "choices": ("label",),
}
KNOWN = {
    "survey": {
        "type",
        "name",
        "label",
        "hint",
        "required",
        "relevant",
        "constraint",
        "default",
        "read_only",
        "choice_filter",
        "calculation",
        "parameters",
        "repeat_count",
    }
    | set(REFUSED_COLUMNS),
    "choices": {"list_name", "name", "label", "media"},
    "settings": {"form_title", "form_id", "version", "default_language"},
}


def cell_text(value: Any) -> str:
    """A cell as text, the way it looks in Excel: 2030 rather than 2030.0."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime) and value.time() == datetime.time():
        return value.date().isoformat()
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return str(value).strip()


@dataclass
class Table:
    """One sheet: cells by column key, where a key is (base, language) for translated columns
    ('label', 'de') and (header, None) otherwise; `headers` keeps the header as written."""

    sheet: str
    headers: dict[tuple[str, str | None], str]
    rows: list[tuple[int, dict[tuple[str, str | None], str]]]

    def column(self, base: str) -> str:
        """The header as the user wrote it ("Label::English (en)"), for messages."""
        if (base, None) in self.headers:
            return self.headers[base, None]
        translated = (h for (b, language), h in self.headers.items() if b == base and language)
        return next(translated, base)

    def translations(self, cells: dict[tuple[str, str | None], str], base: str) -> dict[str, str]:
        return {
            language: text
            for (name, language), text in cells.items()
            if name == base and language is not None
        }

    def extra(self, cells: dict[tuple[str, str | None], str]) -> dict[str, str]:
        known = KNOWN[self.sheet]
        return {
            name: text
            for (name, language), text in cells.items()
            if language is None and name not in known
        }
