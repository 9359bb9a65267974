"""Words for full-text search: the same folding for the texts that are indexed and for what a
visitor types, on SQLite (FTS5) and PostgreSQL (tsvector) alike.

Folding makes spellings meet: case, accents and diacritics go (Sprachcafé → sprachcafe,
Arabic vowel marks, ё → е), ß becomes ss (Straße → strasse), and the German transcriptions of
the umlauts mean the same as the umlauts (Muenchen and München both → munchen). Because
documents and queries are folded alike, a word found one way is found every way.

A query is reduced to plain words of letters and digits before it reaches a database: quotes,
operators, FTS or tsquery syntax, SQL and control characters (also the invisible right-to-left
marks) are separators and never part of a term, so any input gives a valid query or none.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

MAX_TERMS = 8  # more words narrow a search no further in practice, and cost time
MAX_TERM_LENGTH = 40  # longer "words" are not words; cut them
MAX_INPUT = 500  # characters of the input that are looked at

_WORD = re.compile(r"[^\W_]+")  # letters and digits; "_" separates as in both databases
_TRANSCRIPTIONS = (("ae", "a"), ("oe", "o"), ("ue", "u"))
_SPECIAL = str.maketrans({"ß": "ss", "ẞ": "ss", "ø": "o", "Ø": "o", "đ": "d", "ł": "l", "ı": "i"})


def fold(text: str) -> str:
    """Lower case without accents, ß as ss, ä/ae as a (and so on): see the module's doc."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_SPECIAL))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    folded = stripped.casefold().translate(_SPECIAL)
    for pair, single in _TRANSCRIPTIONS:
        folded = folded.replace(pair, single)
    return folded


def words(text: str) -> list[str]:
    """The folded words of a text, in order (repeats kept)."""
    return _WORD.findall(fold(text))


def document(parts: Iterable[str], scope: str = "") -> str:
    """One searchable text: the folded words of every part, separated by single spaces, each
    with `scope` in front (what only the words of one district start with)."""
    return " ".join(scope + w for part in parts if part for w in words(part))


def terms(query: str) -> list[str]:
    """What a visitor's input searches for: at most MAX_TERMS distinct folded words, each cut to
    MAX_TERM_LENGTH characters, in the order typed. Empty when nothing searchable is left."""
    found: list[str] = []
    for word in words(query[:MAX_INPUT]):
        word = word[:MAX_TERM_LENGTH]
        if word not in found:
            found.append(word)
        if len(found) == MAX_TERMS:
            break
    return found


def fts5_query(scope: str, query_terms: list[str]) -> str:
    """An FTS5 MATCH expression: every term, with the scope in front, as a prefix, all
    required. Terms are letters and digits only (see `terms`), quoted all the same."""
    return " AND ".join(f'"{scope}{t}"*' for t in query_terms)


def tsquery(scope: str, query_terms: list[str]) -> str:
    """A PostgreSQL to_tsquery('simple', …) text with the same meaning as `fts5_query`."""
    return " & ".join(f"'{scope}{t}':*" for t in query_terms)
