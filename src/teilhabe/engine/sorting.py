"""Natural order for names with numbers: "Kontakt 2" before "Kontakt 10", as a person reads
them (a database orders text character by character: 1, 10, 11, 2)."""

import re
import unicodedata

_DIGITS = re.compile(r"(\d+)")

type NaturalKey = tuple[str | int, ...]


def natural_key(text: str) -> NaturalKey:
    """A sort key: runs of digits compare as numbers, the rest as text without case or accents
    (Ärztehaus beside Arbeitskreis, not after Zeven). re.split puts text at even and digits at
    odd positions, so two keys never compare a number with a text."""
    plain = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in plain if not unicodedata.combining(c)).casefold()
    return tuple(int(part) if i % 2 else part for i, part in enumerate(_DIGITS.split(plain)))
