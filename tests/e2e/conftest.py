"""Fixtures for the browser tests: a German-speaking browser, short timeouts, the axe check."""

import pytest
from e2e_helpers import axe_violations, format_violations
from playwright.sync_api import Page, expect


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """Users are German-speaking: the browser asks for German, as a coordinator's would."""
    return {**browser_context_args, "locale": "de-DE", "timezone_id": "Europe/Berlin"}


@pytest.fixture(autouse=True)
def _short_timeouts(page: Page):
    """Everything is local: fail within seconds, not after Playwright's default 30 s."""
    page.set_default_timeout(5_000)
    page.set_default_navigation_timeout(10_000)
    expect.set_options(timeout=5_000)


@pytest.fixture
def check_axe():
    """Run axe-core's WCAG 2.1 A/AA rules on the current page; fail with an actionable list."""

    def check(page: Page) -> None:
        violations = axe_violations(page)
        assert not violations, f"{page.url}\n{format_violations(violations)}"

    return check
