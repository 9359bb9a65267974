"""What the public pages write in Python instead of a template loop (templatetags/wegweiser.py,
forms.InputRenderer), for speed: the same HTML, character for character, as the templates did,
for any input a visitor can send."""

import pytest
from django.forms.renderers import DjangoTemplates
from django.template import engines
from django.test import RequestFactory
from django.utils import translation

from teilhabe.directory import pages
from teilhabe.directory.forms import FilterChoices, FilterForm

CHOICES = FilterChoices([("033570001", "Bülstedt <&>"), ("x", 'Say "hi"')], [("language", "Ä")])
SENT = [
    None,
    {"q": 'a"<b&\u202e', "free": "on", "municipality": "x"},
    {"q": "", "field": "language"},
    {"accessible": "1", "free": "0", "language": "ar", "group": "refugees"},
    {"free": "false", "q": "  x ", "municipality": "unknown"},
]

OPTIONS = engines["django"].from_string(
    # The loop _search.html had (Django's select widget renders yet a template per option).
    '{% with current=field.value|default_if_none:"" %}{% for value, label in field.field.choices %}'
    '<option value="{{ value }}"{% if value|stringformat:"s" == current|stringformat:"s" %}'
    " selected{% endif %}>{{ label }}</option>{% endfor %}{% endwith %}"
)
LANGUAGES = engines["django"].from_string(
    # The loops base.html had.
    '{% for other, url in languages %}<link rel="alternate" hreflang="{{ other.code }}" '
    'href="{{ url }}">\n  {% endfor %}|{% for other, url in languages %}<li><a href="{{ url }}" '
    'lang="{{ other.code }}" hreflang="{{ other.code }}" dir="{{ other.direction }}"'
    '{% if other.code == lang.code %} aria-current="page"{% endif %}>{{ other.name }}</a></li>'
    "{% endfor %}"
)
WRITTEN = engines["django"].from_string(
    "{% load wegweiser %}{{ languages|alternate_links }}|{{ languages|language_items:lang.code }}"
)


@pytest.mark.parametrize("sent", SENT)
def test_inputs_and_options_are_written_as_djangos_templates_write_them(sent: dict | None):
    fast = FilterForm(sent, choices=CHOICES)
    slow = FilterForm(sent, choices=CHOICES, renderer=DjangoTemplates())
    for form in (fast, slow):
        form.filters()
    for name in ("q", "free", "accessible"):
        assert str(fast[name]) == str(slow[name])
    written = engines["django"].from_string("{% load wegweiser %}{{ field|options }}")
    for name in ("municipality", "field", "language", "group"):
        context = {"field": fast[name]}
        assert written.render(context) == OPTIONS.render(context)


def test_the_place_sent_is_selected():
    written = engines["django"].from_string("{% load wegweiser %}{{ field|options }}")
    body = written.render({"field": FilterForm(SENT[1], choices=CHOICES)["municipality"]})
    assert '<option value="x" selected>Say &quot;hi&quot;</option>' in body
    assert body.count("selected") == 1


@pytest.mark.parametrize("language", ["de", "ar", "uk"])
@pytest.mark.parametrize("path", ["/03357/angebote/?q=a&b=%3Cx%3E\"'", "/03357/", "/nowhere/"])
def test_the_language_links_are_written_as_the_template_wrote_them(language: str, path: str):
    with translation.override(language):
        context = pages.frame(RequestFactory().get(path), None, "T")
        assert WRITTEN.render(context) == LANGUAGES.render(context)
        assert 'aria-current="page"' in WRITTEN.render(context)
