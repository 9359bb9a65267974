"""The languages of the public directory (Wegweiser): which there are, how each is named in
itself, which are written right to left, and what a visitor's language is called in it.

Persian ("fa") stands for Dari as well (README): Dari is the Persian of Afghanistan, written in
the same script; `fa` is the code browsers, screen readers and Django know, whereas Dari's own
code (`prs`, ISO 639-3) is supported by almost none of them."""

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext_lazy as _

GERMAN = "de"
RTL = frozenset({"ar", "fa"})


@dataclass(frozen=True)
class Language:
    code: str
    name: str  # in the language itself, for the language switch

    @property
    def rtl(self) -> bool:
        return self.code in RTL

    @property
    def direction(self) -> str:
        return "rtl" if self.rtl else "ltr"


def public_languages() -> list[Language]:
    return [Language(code, name) for code, name in settings.LANGUAGES]


def codes() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def translation_languages() -> list[Language]:
    """The languages an offer's German text can be translated into."""
    return [language for language in public_languages() if language.code != GERMAN]


def language(code: str) -> Language:
    return next(lang for lang in public_languages() if lang.code == code)


# What a visitor's language is called in the visitor's language (filters, "held in").
SPOKEN_NAMES = {
    "de": _("German"),
    "en": _("English"),
    "ar": _("Arabic"),
    "fa": _("Dari/Persian"),
    "uk": _("Ukrainian"),
    "ru": _("Russian"),
    "tr": _("Turkish"),
    "ku": _("Kurdish"),
    "ps": _("Pashto"),
    "ti": _("Tigrinya"),
    "so": _("Somali"),
    "fr": _("French"),
    "es": _("Spanish"),
    "pl": _("Polish"),
    "ro": _("Romanian"),
    "bg": _("Bulgarian"),
    "sq": _("Albanian"),
    "sr": _("Serbian"),
    "it": _("Italian"),
    "vi": _("Vietnamese"),
    "ur": _("Urdu"),
    "dgs": _("German Sign Language"),
}
