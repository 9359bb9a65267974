"""The Content-Security-Policy: every page carries it, and no page needs more than it allows.

The policy (settings.SECURE_CSP) allows scripts and styles only from our own files. So neither
the templates nor the SVG that code builds (maps, charts, progress bars) may contain a style=
or on…= attribute, a <style> element, an inline <script> or a javascript: URL: the browser
would refuse them. The browser tests (tests/e2e/conftest.py) fail on any refusal it reports;
these tests find the cause without a browser."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from teilhabe.core.permissions import PERMISSIONS
from teilhabe.core.tests.test_permissions import PERSONAS, TARGETS, expected, with_objects
from teilhabe.testing import inline_code, session_key

POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'self'; object-src 'none'"
)
SOURCE = Path(__file__).resolve().parents[2]  # src/teilhabe
# A standalone document for WeasyPrint and `teilhabe report --format html`, never served by
# the web application: its stylesheets are inline so that the file stands on its own. And the
# digest e-mail's HTML, which is mailed, not served: mail programs drop <style> and linked
# stylesheets, so its styles are inline.
NOT_SERVED = {
    "reports/templates/reports/document.html",
    "directory/templates/directory/flyer.html",  # the Wegweiser's flyer, a PDF (WeasyPrint)
    "digest/templates/digest/email.html",
}
# The Wegweiser's page for municipal websites is meant to be shown in their frames.
FRAMEABLE = {"directory:embed": POLICY.replace("frame-ancestors 'none'", "frame-ancestors *")}
DJANGO_TAGS = re.compile(r"\{%.*?%\}|\{\{.*?\}\}|\{#.*?#\}", re.DOTALL)


def templates() -> list[Path]:
    return sorted(p for p in SOURCE.glob("*/templates/**/*.html"))


def test_the_scan_finds_what_the_policy_refuses():
    page = (
        '<p style="color: red">a</p><button onclick="go()">b</button><style>p {}</style>'
        '<script>go()</script><a href="javascript:go()">c</a><svg><rect style="fill: red"/></svg>'
        '<script src="/static/x.js"></script><rect fill="#fff" data-on="x"/>'
    )
    assert len(inline_code(page)) == 6
    assert inline_code('<script type="application/ld+json">{"@type": "Event"}</script>') == []


def test_no_template_contains_inline_styles_scripts_or_event_handlers():
    assert len(templates()) > 90
    found = {}
    for path in templates():
        name = str(path.relative_to(SOURCE))
        if name not in NOT_SERVED:
            problems = inline_code(DJANGO_TAGS.sub(" ", path.read_text(encoding="utf-8")))
            if problems:
                found[name] = problems
    assert found == {}


MARKERS = {  # pages of the walk that show SVG built from code or inline styles of old
    'class="district-map"': "the map of the district",
    'class="bar-chart"': "a bar chart of the survey results or the report",
    'class="report-map"': "the report's shaded map",
    'class="shade-swatch"': "the legend of the report's map",
    'class="progress-track"': "a progress bar of the action plan",
}


@pytest.fixture
def personas(personas, rotenburg, osterholz):
    return with_objects(personas, rotenburg, osterholz)


def test_every_page_of_the_permission_table_carries_the_policy(client, personas):
    """Each GET target of the permission table, as the first persona who may see it."""
    pages, seen, sessions = 0, set(), {}
    for view_name in sorted(PERMISSIONS):
        rule = PERMISSIONS[view_name]
        access = rule["GET"] if isinstance(rule, dict) else rule
        for persona in PERSONAS:
            user = personas.get(persona)
            targets = [t for t in TARGETS[view_name](user) if t.method == "get"]
            allowed = [t for t in targets if expected(user, access, t) == "ok"]
            if not allowed:
                continue
            client.cookies.pop(settings.SESSION_COOKIE_NAME, None)
            if user:  # one login per persona
                if persona not in sessions:
                    sessions[persona] = session_key(user)
                client.cookies[settings.SESSION_COOKIE_NAME] = sessions[persona]
            for target in allowed:
                response = client.get(target.url)
                policy = FRAMEABLE.get(view_name, POLICY)
                assert response["Content-Security-Policy"] == policy, target.url
                if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
                    html = response.content.decode()
                    assert inline_code(html) == [], target.url
                    seen |= {marker for marker in MARKERS if marker in html}
                    pages += 1
            break
    assert pages > 80
    assert {MARKERS[m] for m in MARKERS if m not in seen} == set()
