"""No UI text in a template outside gettext.

Strips tags, template syntax and comments from every template of the project and checks that no
word is left, except names and legal notices that are the same in every language."""

import re
from pathlib import Path

import pytest

import teilhabe

ROOT = Path(teilhabe.__file__).parent
TEMPLATES = sorted(p for p in ROOT.glob("*/templates/**/*.html"))

# Proper names and the licence notice that must stay verbatim in every language.
VERBATIM = {"Teilhabe", "GeoBasis", "DE", "BKG", "Daten", "verändert", "dl", "de", "by", "km²"}

TRANSLATED_BLOCKS = re.compile(
    r"{%\s*blocktranslate.*?{%\s*endblocktranslate\s*%}|{#.*?#}|{%.*?%}|{{.*?}}", re.S
)
TAGS = re.compile(r"<(script|style)\b.*?</\1>|<!--.*?-->|<[^>]+>", re.S | re.I)


def leftover_words(source: str) -> list[str]:
    text = TAGS.sub(" ", TRANSLATED_BLOCKS.sub(" ", source))
    words = re.findall(r"[^\s()\[\],.:;·–/|\"'!?-]+", text)
    return [w for w in words if w not in VERBATIM and re.search(r"[A-Za-zÄÖÜäöüß]", w)]


def test_there_are_templates():
    assert len(TEMPLATES) >= 8


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_template_has_no_untranslated_text(path):
    assert leftover_words(path.read_text(encoding="utf-8")) == []


def test_the_check_finds_bare_text():
    assert leftover_words("<p>Speichern</p>{% translate 'Save' %}") == ["Speichern"]
