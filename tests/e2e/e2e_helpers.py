"""Plain helpers for the browser tests, shared by conftest.py and the test modules."""

import datetime
import functools
import os
from pathlib import Path
from typing import Any

from django.utils import translation
from playwright.sync_api import Page, expect

AXE_JS = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# axe-core's best practices besides WCAG (landmark-unique, heading-order, region, …).
AXE_ALL_TAGS = [*AXE_TAGS, "best-practice"]
# Only the violations are read: `resultTypes` spares axe the details of every node that passed
# (all rules still run on every node, and a violation is reported as before).
AXE_RUN = """async (tags) => (await axe.run(document, {
  runOnly: {type: "tag", values: tags}, resultTypes: ["violations"],
})).violations"""
SUBMIT = "main form button.kern-btn--primary[type=submit]"


def password_of(username: str) -> str:
    return "root-pw-Teilhabe-2026" if username == "root" else f"{username}-pw-Teilhabe-2026"


def de(message: str) -> str:
    """The German text the app shows for `message` with the catalog as it is right now.

    While the German catalog is incomplete this is the English source text, which is exactly
    what the page shows then."""
    with translation.override("de"):
        return translation.gettext(message)


def has_german(message: str) -> bool:
    return de(message) != message


def fill_login(page: Page, username: str, password: str) -> None:
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.locator(SUBMIT).click()


def login(page: Page, live_server, username: str, *, start: bool = True) -> None:
    """Signed in as `username`, on the start page where the login form leads (with
    `start=False` still on the page before, for a test that goes elsewhere next).

    The session is the one the login form makes: Django's `login()` (through the test client's
    `force_login`, with the same signal, so the audit log records it), its cookie handed to the
    browser. The form itself is tested where it is the subject (test_pages: a wrong password,
    then the right one; the language chosen before logging in). Typing the password in every
    test cost two page loads of a short browser test's four."""
    from django.conf import settings

    from teilhabe.accounts.models import User
    from teilhabe.testing import session_key

    user = User.objects.get(username=username)
    value = session_key(user, backend="django.contrib.auth.backends.ModelBackend")
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": value, "url": live_server.url}]
    )
    if start:
        page.goto(f"{live_server.url}/")


def format_violations(violations: list[dict]) -> str:
    lines = [f"{len(violations)} axe violation(s):"]
    for v in violations:
        lines.append(f"- {v['id']} ({v.get('impact')}): {v['help']} <{v['helpUrl']}>")
        for node in v["nodes"][:5]:
            lines.append(f"    target: {node['target']}")
            summary = " ".join((node.get("failureSummary") or "").split())
            if summary:
                lines.append(f"      {summary[:300]}")
            lines.append(f"      html: {node['html'][:200]}")
        if len(v["nodes"]) > 5:
            lines.append(f"    … and {len(v['nodes']) - 5} more")
    return "\n".join(lines)


# axe-core comes from the live server (test_settings.py serves it as a static file), as a
# script of the page's own origin, which its Content-Security-Policy allows: Chromium then
# compiles it once, not for every check. A page of no origin (about:blank) gets it evaluated
# instead; the tests never switch the policy off (bypass_csp) to check a page.
AXE_URL = "/static/test-axe-core/axe.min.js"
LOAD_AXE = """async (src) => {
  if (typeof axe !== "undefined") return true;
  if (!location.protocol.startsWith("http")) return false;
  return new Promise((done) => {
    const script = document.createElement("script");
    script.src = src;
    script.onload = () => done(true);
    script.onerror = () => done(false);
    document.head.append(script);
  });
}"""


@functools.cache
def _axe_source() -> str:
    return "() => {\n" + AXE_JS.read_text(encoding="utf-8") + "\n}"


def axe_violations(page: Page, tags: list[str] = AXE_TAGS) -> list[dict]:
    if not page.evaluate(LOAD_AXE, AXE_URL):
        page.evaluate(_axe_source())
    return page.evaluate(AXE_RUN, tags)


def confirm(page: Page, question: str) -> None:
    """Answer the page that an action which cannot be undone shows first: check its question,
    then press its primary button."""
    expect(page.get_by_role("heading", level=1)).to_have_text(question)
    page.locator(SUBMIT).click()


def assert_no_axe_violations(page: Page, tags: list[str] = AXE_TAGS) -> None:
    """axe-core on the current page (WCAG 2.1 A/AA, or `tags`): fail with an actionable list."""
    violations = axe_violations(page, tags)
    assert not violations, f"{page.url}\n{format_violations(violations)}"


def screenshots() -> Path | None:
    """Where the browser tests save what they showed, to be looked at: the folder named by
    TEILHABE_SCREENSHOTS (made if missing), or None when it is not set."""
    folder = os.environ.get("TEILHABE_SCREENSHOTS")
    if not folder:
        return None
    Path(folder).mkdir(parents=True, exist_ok=True)
    return Path(folder)


def shot(page: Page, name: str) -> None:
    """The whole page as `name`.png in the screenshot folder, when one is set."""
    if folder := screenshots():
        page.screenshot(path=folder / f"{name}.png", full_page=True)


def look(page: Page, name: str) -> None:
    """A page of a capability's walk-through: axe-core finds nothing, and it is saved as
    `name`.png when a screenshot folder is set."""
    assert_no_axe_violations(page)
    shot(page, name)


def run_worker() -> None:
    """What `teilhabe up` runs beside the server: the database queue's worker, here until the
    queue is empty."""
    from django.core.management import call_command

    call_command("db_worker", batch=True, no_startup_delay=True, interval=0.1, verbosity=0)


def zeven_wave(workbook: bytes, filename: str, *, zeven_alone: bool = False) -> tuple[Any, str]:
    """The questionnaire imported in Rotenburg, a wave "Herbst 2026" open from today for two
    weeks to all its municipalities (or to Zeven alone), and Zeven's personal link token."""
    from django.utils import timezone

    from teilhabe.regions.models import District
    from teilhabe.surveys import services

    district = District.objects.get(ags="03357")
    zeven = district.municipalities.get(ars="033575408000")
    version = services.import_questionnaire(district, workbook, filename)
    today = timezone.localdate()
    wave, tokens = services.create_wave(
        version,
        "Herbst 2026",
        today,
        today + datetime.timedelta(days=14),
        [zeven] if zeven_alone else district.municipalities.all(),
    )
    return wave, tokens[zeven.pk]
