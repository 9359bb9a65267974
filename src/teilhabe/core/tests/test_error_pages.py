"""The 500 page: German, styled like the site, and rendered without the database (which may be
the thing that failed)."""

import re
from pathlib import Path

from django.utils import translation

from teilhabe.core.views import server_error

STATIC = Path(__file__).resolve().parents[1] / "static" / "teilhabe"


def test_the_500_page_is_german_styled_and_standalone(rf):
    # No django_db mark: any query here would fail the test.
    with translation.override("de"):
        response = server_error(rf.get("/"))
    page = response.content.decode()
    assert response.status_code == 500
    assert "<h1>Ein Fehler ist aufgetreten</h1>" in page and 'lang="de"' in page
    assert "Zur Startseite" in page
    assert "teilhabe/error.css" in page and "<style" not in page  # CSP: no inline styles
    css = (STATIC / "error.css").read_text()
    used = set(re.findall(r'class="([^"]+)"', page))
    classes = {c for value in used for c in value.split()}
    assert {"error-header", "error-card", "error-button"} <= classes
    for name in classes:
        assert f".{name}" in css, f"{name} has no style"
