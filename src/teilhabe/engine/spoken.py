"""The languages an offer is held in, read from what editors type ("Deutsch, Arabisch,
Ukrainisch", "de/en", "Dari und Farsi"), as language codes the public directory filters by.

Names are recognised in German and English and as ISO 639 codes; whatever is not recognised
stays in the editor's text (which the offer's page shows as typed) and is simply not
filterable."""

from __future__ import annotations

import re

from teilhabe.engine.textsearch import fold

# code -> the names that mean it (folded as `textsearch.fold` folds them)
NAMES: dict[str, tuple[str, ...]] = {
    "de": ("de", "deu", "ger", "deutsch", "german"),
    "en": ("en", "eng", "englisch", "english"),
    "ar": ("ar", "ara", "arabisch", "arabic"),
    "fa": ("fa", "fas", "per", "prs", "persisch", "persian", "farsi", "dari"),
    "uk": ("uk", "ukr", "ukrainisch", "ukrainian"),
    "ru": ("ru", "rus", "russisch", "russian"),
    "tr": ("tr", "tur", "turkisch", "turkish"),
    "ku": ("ku", "kur", "kurdisch", "kurdish", "kurmanci", "kurmandschi", "sorani"),
    "ps": ("ps", "pus", "paschtu", "paschto", "pashto"),
    "ti": ("ti", "tir", "tigrinya", "tigrinisch"),
    "so": ("so", "som", "somali", "somalisch"),
    "fr": ("fr", "fra", "fre", "franzosisch", "french"),
    "es": ("es", "spa", "spanisch", "spanish"),
    "pl": ("pl", "pol", "polnisch", "polish"),
    "ro": ("ro", "ron", "rum", "rumanisch", "romanian"),
    "bg": ("bg", "bul", "bulgarisch", "bulgarian"),
    "sq": ("sq", "sqi", "alb", "albanisch", "albanian"),
    "sr": ("sr", "srp", "serbisch", "serbian"),
    "it": ("it", "ita", "italienisch", "italian"),
    "vi": ("vi", "vie", "vietnamesisch", "vietnamese"),
    "ur": ("ur", "urd", "urdu"),
    "dgs": ("dgs", "gebardensprache", "sign"),
}
_BY_NAME = {fold(name): code for code, names in NAMES.items() for name in names}
_SPLIT = re.compile(r"[\s,;/|+&]+|\bund\b|\band\b|\bsowie\b")


def codes(text: str) -> list[str]:
    """The recognised languages of `text` as codes, in the order of NAMES, without repeats."""
    found = {_BY_NAME.get(part) for part in _SPLIT.split(fold(text)) if part}
    return [code for code in NAMES if code in found]


def encode(found: list[str]) -> str:
    """ ",ar,de,": stored so that one LIKE finds a language on every database."""
    return f",{','.join(sorted(set(found)))}," if found else ""
