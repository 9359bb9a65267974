"""The district map as Chromium draws it: every label readable, none under another label or
under an area drawn after it ("Rotenburg (Wümme)" was hidden under Sottrum and Bothel)."""

import pytest
from e2e_helpers import login
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

MEASURE = """() => {
  const svg = document.querySelector("svg.district-map");
  const texts = [...svg.querySelectorAll("text")];
  const paths = [...svg.querySelectorAll("path")];
  const after = texts.every(t => paths.every(
    p => p.compareDocumentPosition(t) & Node.DOCUMENT_POSITION_FOLLOWING));
  const boxes = texts.map(t => { const b = t.getBBox();
    return {text: t.textContent, l: b.x, t: b.y, r: b.x + b.width, b: b.y + b.height}; });
  return {after, boxes};
}"""


def test_map_labels_are_drawn_last_and_do_not_overlap(page: Page, live_server, personas):
    login(page, live_server, "alice", start=False)
    page.goto(f"{live_server.url}/districts/03357/")
    expect(page.locator("svg.district-map text")).to_have_count(13)
    expect(page.locator("svg.district-map text", has_text="Rotenburg (Wümme)")).to_have_count(1)
    found = page.evaluate(MEASURE)
    assert found["after"], "a label is drawn before an area that can cover it"
    boxes = found["boxes"]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            apart = a["r"] <= b["l"] or b["r"] <= a["l"] or a["b"] <= b["t"] or b["b"] <= a["t"]
            assert apart, (a, b)
