"""The accessibility check itself: axe-core, as every browser test runs it, reports what is
wrong on a page of ours (loaded from the live server) and on a page without an origin, with
every element at fault, so that "no violations" elsewhere means something."""

import pytest
from e2e_helpers import AXE_ALL_TAGS, axe_violations, format_violations
from playwright.sync_api import Page

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

FLAWS = """() => {
  const main = document.querySelector("main");
  for (const n of [1, 2, 3]) {
    const img = document.createElement("img");  // no alt text
    img.id = `flaw-img-${n}`;
    img.src = "/static/teilhabe/teilhabe.css";  // any file of ours: an image that shows nothing
    main.append(img);
  }
  const input = document.createElement("input");  // no label
  input.id = "flaw-input";
  main.append(input);
}"""


def _targets(violations: list[dict], rule: str) -> list[str]:
    found = next(v for v in violations if v["id"] == rule)
    return [target for node in found["nodes"] for target in node["target"]]


def test_axe_reports_every_element_at_fault_on_a_page_of_ours(page: Page, live_server):
    page.goto(f"{live_server.url}/accounts/login/")
    assert axe_violations(page, AXE_ALL_TAGS) == [], "the login page is clean before"
    page.evaluate(FLAWS)
    violations = axe_violations(page)
    assert {"image-alt", "label"} <= {v["id"] for v in violations}, format_violations(violations)
    assert _targets(violations, "image-alt") == ["#flaw-img-1", "#flaw-img-2", "#flaw-img-3"]
    assert _targets(violations, "label") == ["#flaw-input"]
    assert "flaw-input" in format_violations(violations)


def test_axe_reports_a_page_without_an_origin(page: Page):
    page.set_content("<html><body><main><img src='x.png'></main></body></html>")
    violations = axe_violations(page)
    assert {"html-has-lang", "image-alt", "document-title"} <= {v["id"] for v in violations}
