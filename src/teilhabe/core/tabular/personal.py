"""Personal data refused at the door: Teilhabe stores counts only.

An import whose header has a column that looks like data about a person (a name, a date of
birth, a nationality and the like) is refused as a whole, before any row is read: a single such
cell must not be uploaded at all. The header's words are matched after the import's own columns
were recognised, so only columns the import does not know are checked. A false alarm costs a
renamed column; a miss would put personal data where none may be."""

import re
from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _

from teilhabe.core.tabular.cells import normal
from teilhabe.core.tabular.table import Problem

__all__ = ["looks_personal", "personal_data_problems"]

# Words of a header that mean the column holds data about a person rather than a count.
_WORDS = frozenset(
    {
        "name",
        "namen",
        "vorname",
        "vornamen",
        "nachname",
        "nachnamen",
        "familienname",
        "geburtsname",
        "rufname",
        "geb",
        "geboren",
        "geburtsdatum",
        "geburtstag",
        "geburtsort",
        "geburtsjahr",
        "alter",
        "geschlecht",
        "staatsangehörigkeit",
        "staatsangehoerigkeit",
        "nationalität",
        "nationalitaet",
        "herkunft",
        "herkunftsland",
        "religion",
        "adresse",
        "anschrift",
        "straße",
        "strasse",
        "hausnummer",
        "telefon",
        "handy",
        "mail",
        "email",
        "aktenzeichen",
        "azr",
        "ausweis",
        "ausweisnummer",
        "pass",
        "passnummer",
        "surname",
        "forename",
        "firstname",
        "lastname",
        "birth",
        "birthday",
        "dob",
        "age",
        "sex",
        "gender",
        "nationality",
        "citizenship",
        "address",
        "phone",
    }
)
_STEMS = ("vorname", "nachname", "familienname", "geburt", "staatsangeh", "nationalit")


def looks_personal(header: Any) -> bool:
    """Whether a column of this header would hold data about a person."""
    words = re.findall(r"\w+", normal(header))
    return any(word in _WORDS or word.startswith(_STEMS) or word.endswith("name") for word in words)


def personal_data_problems(ignored: Iterable[str]) -> list[Problem]:
    """One problem on the header line for each column (of those the import does not know) that
    looks like personal data; empty when there is none."""
    message = _(
        "The column “{column}” looks like personal data. Teilhabe stores counts "
        "only: no names, dates of birth, nationalities or other data about a "
        "person. Remove the column and upload the file again."
    )
    return [
        Problem(1, column, message.format(column=column))
        for column in ignored
        if looks_personal(column)
    ]
