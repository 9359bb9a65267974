"""A questionnaire with a repeat group, in two languages, answered through a personal link in
Chromium: two entries added and one removed (after the dialog), skip logic and a calculation
live inside an entry, sum() and count() over the entries outside, autosaves one after the
other, autosave surviving a reload, and the submission. axe-core finds nothing on the page.
Screenshots go to TEILHABE_SCREENSHOTS."""

from urllib.parse import unquote, urlsplit

import pytest
from e2e_helpers import assert_no_axe_violations, shot, zeven_wave
from playwright.sync_api import Page, Route, expect

from teilhabe.surveys.models import Answer
from teilhabe.testing import xlsx

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

HEADER = (
    "type",
    "name",
    "label::Deutsch (de)",
    "label::English (en)",
    "calculation",
    "relevant",
    "constraint",
    "required",
)
SURVEY = [
    ("begin_repeat", "offers", "Angebote", "Offers", None, None, None, None),
    ("text", "title", "Titel", "Title", None, None, None, "yes"),
    ("integer", "places", "Plätze", "Places", None, None, ". >= 0", None),
    (
        "integer",
        "free",
        "Freie Plätze",
        "Free places",
        None,
        "${places} > 0",
        ". <= ${places}",
        None,
    ),
    ("calculate", "taken", "Belegt", "Taken", "${places} - ${free}", None, None, None),
    ("calculate", "number", "Nummer", "Number", "position(..)", None, None, None),
    ("end_repeat", None, None, None, None, None, None, None),
    (
        "calculate",
        "total",
        "Plätze insgesamt",
        "Places in total",
        "sum(${places})",
        None,
        None,
        None,
    ),
    (
        "calculate",
        "entries",
        "Anzahl der Angebote",
        "Number of offers",
        "count(${offers})",
        None,
        None,
        None,
    ),
]
SETTINGS = [("form_title", "form_id", "default_language"), ("Angebote", "angebote", "Deutsch (de)")]


def workbook() -> bytes:
    return xlsx({"survey": [HEADER, *SURVEY], "settings": SETTINGS})


def by_id(page: Page, element_id: str):
    return page.locator(f"[id='{element_id}']")


def answer(page: Page, key: str, value: str) -> None:
    by_id(page, f"id_{key}").fill(value)
    page.keyboard.press("Tab")
    saved(page, key)


def path(url: str) -> str:
    return unquote(urlsplit(url).path)


def saved(page: Page, key: str) -> None:
    """Saved without a warning ("✓ gespeichert"): a warning also says "gespeichert"."""
    expect(by_id(page, f"save-{key}").locator(".save-ok")).to_be_visible()


def test_answer_a_repeat_group(page: Page, live_server, personas):
    _wave, token = zeven_wave(workbook(), "angebote.xlsx")
    page.goto(f"{live_server.url}/s/{token}/")
    expect(page.get_by_text("Noch keine Einträge.")).to_be_visible()
    shot(page, "repeat-1-empty")
    assert_no_axe_violations(page)

    add = page.get_by_role("button", name="Weiteren Eintrag hinzufügen")
    add.click()
    expect(page.get_by_role("group", name="Eintrag 1")).to_be_visible()
    add.click()
    expect(page.get_by_role("group", name="Eintrag 2")).to_be_visible()
    # Each entry keeps an id of its own (in its fields' names), whatever its number.
    first, second = page.locator(".survey-instance").nth(0), page.locator(".survey-instance").nth(1)
    one = first.get_attribute("id").removeprefix("i-")
    two = second.get_attribute("id").removeprefix("i-")

    # Skip logic and a calculation inside one entry, sum() and count() outside, all live.
    answer(page, f"{one}·title", "Sprachcafé")
    expect(by_id(page, f"q-{one}·free")).to_be_hidden()
    answer(page, f"{one}·places", "10")
    expect(by_id(page, f"q-{one}·free")).to_be_visible()
    expect(by_id(page, f"q-{two}·free")).to_be_hidden()  # the other entry has no places
    answer(page, f"{one}·free", "4")
    expect(first.locator(f"[data-value-for='{one}·taken']")).to_have_text("6")
    expect(first.locator(f"[data-value-for='{one}·number']")).to_have_text("1")
    expect(page.locator("[data-value-for='total']")).to_have_text("10")
    expect(page.locator("[data-value-for='entries']")).to_have_text("2")
    # The constraint sees its own entry.
    by_id(page, f"id_{one}·free").fill("11")
    page.keyboard.press("Tab")
    expect(by_id(page, f"save-{one}·free")).to_contain_text("nicht zulässig")
    # The autosaves go one after the other: while the correction's save is held up, the
    # next field's save waits, so its older reply cannot overwrite the newer total.
    held: list[Route] = []
    page.route(lambda url: path(url).endswith(f"/a/{one}·free/"), lambda route: held.append(route))
    sent: list[str] = []
    page.on("request", lambda request: sent.append(path(request.url)))
    with page.expect_request(lambda request: path(request.url).endswith(f"/a/{one}·free/")):
        by_id(page, f"id_{one}·free").fill("4")
        page.keyboard.press("Tab")
    by_id(page, f"id_{two}·title").fill("Patenschaft")
    page.keyboard.press("Tab")
    page.wait_for_timeout(300)
    assert not [url for url in sent if url.endswith(f"{two}·title/")]
    held[0].continue_()
    saved(page, f"{one}·free")
    saved(page, f"{two}·title")
    page.unroute_all()
    answer(page, f"{two}·places", "3")
    expect(page.locator("[data-value-for='total']")).to_have_text("13")
    shot(page, "repeat-2-two-entries")
    assert_no_axe_violations(page)

    # Removing an entry that holds answers asks first; dismissing keeps it.
    page.once("dialog", lambda dialog: dialog.dismiss())
    second.get_by_role("button", name="Eintrag entfernen").click()
    expect(second).to_be_visible()
    page.once("dialog", lambda dialog: dialog.accept())
    second.get_by_role("button", name="Eintrag entfernen").click()
    expect(by_id(page, f"i-{two}")).to_have_count(0)
    expect(page.locator("[data-value-for='entries']")).to_have_text("1")
    expect(page.locator("[data-value-for='total']")).to_have_text("10")

    # Autosave survives a reload, in the other language too.
    page.reload()
    expect(by_id(page, f"id_{one}·title")).to_have_value("Sprachcafé")
    expect(by_id(page, f"id_{one}·free")).to_have_value("4")
    page.get_by_label("Sprache des Fragebogens").select_option("en")
    page.get_by_role("button", name="Anzeigen").click()
    expect(first.get_by_label("Free places")).to_have_value("4")
    expect(page.get_by_role("button", name="Weiteren Eintrag hinzufügen")).to_be_visible()
    shot(page, "repeat-3-english-after-reload")
    assert_no_axe_violations(page)

    # A required question in a new entry blocks the submission until it is answered.
    # Enter in a field submits the questionnaire, as before: it never presses the first
    # "Eintrag entfernen" on the page.
    page.get_by_role("button", name="Weiteren Eintrag hinzufügen").click()
    page.locator(".survey-instance").last.get_by_label("Places", exact=True).press("Enter")
    expect(page.locator(".survey-instance")).to_have_count(2)
    problems = page.locator("#problems")
    expect(problems).to_contain_text("Offers, Eintrag 2: Title")
    shot(page, "repeat-4-required-in-entry")
    assert_no_axe_violations(page)
    # A new entry gets an id never given before (2 was removed): the last one on the page.
    new = page.locator(".survey-instance").last
    new.get_by_label("Title").fill("Patenschaft")
    page.keyboard.press("Tab")
    expect(new.locator(".save-state").first).to_contain_text("gespeichert")
    page.get_by_role("button", name="Fragebogen abschicken").click()
    expect(page.get_by_text("Vielen Dank. Der Fragebogen wurde abgeschickt.")).to_be_visible()
    shot(page, "repeat-5-submitted")
    zeven = Answer.objects.filter(response__invitation__municipality__ars="033575408000")
    stored = zeven.get(question="offers").value
    assert [i["title"] for i in stored] == ["Sprachcafé", "Patenschaft"]
    assert str(stored[1]["#"]) not in (one.split("·")[1], two.split("·")[1])  # a new id
    assert zeven.get(question="total").value == "10"
