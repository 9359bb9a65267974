"""The profile page with API tokens and the API documentation, in Chromium: create a token,
use it from outside the browser session, revoke it. axe-core on both pages."""

import pytest
from e2e_helpers import login, shot
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_create_use_and_revoke_a_token(page: Page, live_server, personas, playwright):
    login(page, live_server, "bob")
    page.get_by_role("link", name="Angemeldet als bob").click()
    page.locator("#id_name").fill("Excel-Auswertung")
    page.get_by_role("button", name="Token erstellen").click()
    token = page.locator("#new-token").inner_text()
    shot(page, "api-01-profile")
    outside = playwright.request.new_context(base_url=live_server.url)
    me = outside.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert me.status == 200 and me.json()["districts"] == ["03357"]
    assert (
        outside.get("/api/v1/districts/03356", headers={"Authorization": f"Bearer {token}"}).status
        == 404
    )
    page.get_by_role("button", name="widerrufen").click()
    expect(page.locator("#tokens")).to_contain_text("widerrufen")
    assert outside.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).status == 401
    page.goto(f"{live_server.url}/api/v1/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Teilhabe API")
    shot(page, "api-02-docs")


@pytest.mark.parametrize("language", ["de", "en"])
@pytest.mark.parametrize(
    ("name", "user", "path"),
    [
        ("profile", "carol", "/accounts/profile/"),
        ("docs", None, "/api/v1/docs/"),
    ],
)
def test_axe(page: Page, live_server, personas, check_axe, name, user, path, language):
    if language != "de":
        page.context.add_cookies(
            [{"name": "django_language", "value": language, "url": live_server.url}]
        )
    if user:
        login(page, live_server, user, start=False)
    response = page.goto(f"{live_server.url}{path}")
    assert response is not None and response.status == 200
    expect(page.locator("html")).to_have_attribute("lang", language)
    check_axe(page)
