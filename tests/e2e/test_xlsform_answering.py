"""An imported XLSForm with a calculation, a choice filter, notes that show answers and two
languages, answered through a personal link in Chromium: the language chosen on the page,
autosave, skip logic, constraints and the calculation live, and an entry that fails its type
kept in the field with its message after a reload. axe-core finds nothing on the page.
With TEILHABE_SCREENSHOTS=DIR set, the page is saved there at each step to be looked at."""

import pytest
from e2e_helpers import assert_no_axe_violations, shot, zeven_wave
from playwright.sync_api import Page, expect

from teilhabe.testing import xlsx

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

HEADER = (
    "type",
    "name",
    "label::Deutsch (de)",
    "label::English (en)",
    "hint::Deutsch (de)",
    "hint::English (en)",
    "calculation",
    "relevant",
    "constraint",
    "constraint_message::Deutsch (de)",
    "constraint_message::English (en)",
    "choice_filter",
    "guidance_hint::Deutsch (de)",
    "guidance_hint::English (en)",
)
# Each row: type, name, German and English label, then the other columns by header.
ROWS: list[tuple[str, str, str, str, dict[str, str]]] = [
    ("begin_group", "people_group", "Menschen", "People", {}),
    ("integer", "adults", "Erwachsene", "Adults", {}),
    ("integer", "children", "Kinder", "Children", {}),
    (
        "calculate",
        "people",
        "Personen insgesamt",
        "People in total",
        {"calculation": "${adults} + ${children}"},
    ),
    (
        "note",
        "summary",
        "Zusammen ${people} Personen.",
        "Together ${people} people.",
        {"relevant": "${people} > 0"},
    ),
    (
        "integer",
        "rooms",
        "Räume",
        "Rooms",
        {
            "hint::Deutsch (de)": "Höchstens ein Raum je Person",
            "hint::English (en)": "At most one room per person",
            "constraint": ". <= ${people}",
            "constraint_message::Deutsch (de)": "Nicht mehr Räume als Personen",
            "constraint_message::English (en)": "No more rooms than people",
        },
    ),
    ("end_group", "", "", "", {}),
    ("begin_group", "place", "Ort", "Place", {}),
    (
        "select_one regions",
        "region",
        "Region",
        "Region",
        {
            "guidance_hint::Deutsch (de)": "Die Region Ihres Amtes",
            "guidance_hint::English (en)": "The region of your office",
        },
    ),
    (
        "select_one towns",
        "town",
        "Gemeinde",
        "Municipality",
        {"choice_filter": "region = ${region}"},
    ),
    ("end_group", "", "", "", {}),
]
CHOICES = [
    ("list_name", "name", "label::Deutsch (de)", "label::English (en)", "region"),
    ("regions", "nord", "Nord", "North", None),
    ("regions", "sued", "Süd", "South", None),
    ("towns", "zeven", "Zeven", "Zeven", "nord"),
    ("towns", "sittensen", "Sittensen", "Sittensen", "nord"),
    ("towns", "visselhoevede", "Visselhövede", "Visselhoevede", "sued"),
]
SETTINGS = [("form_title", "form_id", "default_language"), ("Wohnraum", "wohnraum", "Deutsch (de)")]


def workbook() -> bytes:
    survey: list[tuple[str | None, ...]] = [HEADER]
    for kind, name, german, english, others in ROWS:
        cells = {"type": kind, "name": name} | others
        cells |= {"label::Deutsch (de)": german, "label::English (en)": english}
        survey.append(tuple(cells.get(column) or None for column in HEADER))
    return xlsx({"survey": survey, "choices": CHOICES, "settings": SETTINGS})


def saved(page: Page, question: str) -> None:
    expect(page.locator(f"#save-{question}")).to_contain_text("gespeichert")


def test_answer_an_xlsform_with_a_calculation_and_two_languages(page: Page, live_server, personas):
    _wave, token = zeven_wave(workbook(), "wohnraum.xlsx")
    page.goto(f"{live_server.url}/s/{token}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Wohnraum")
    expect(page.get_by_label("Erwachsene")).to_be_visible()
    summary = page.locator("#q-summary")
    expect(summary).to_be_hidden()  # no people yet
    shot(page, "xlsform-1-german")
    assert_no_axe_violations(page)

    # The respondent switches to English; the page keeps it while answering.
    page.get_by_label("Sprache des Fragebogens").select_option("en")
    page.get_by_role("button", name="Anzeigen").click()
    expect(page.get_by_label("Adults")).to_be_visible()
    # The questionnaire's texts say their language; the page around them stays German.
    expect(page.locator("[data-label-for='adults']")).to_have_attribute("lang", "en")
    expect(page.locator("html")).to_have_attribute("lang", "de")
    page.get_by_label("Adults").fill("3")
    page.keyboard.press("Tab")
    saved(page, "adults")
    page.get_by_label("Children").fill("2")
    page.keyboard.press("Tab")
    saved(page, "children")
    # The calculation, the note that shows it and the skip logic, all live.
    expect(page.locator("[data-value-for='people']")).to_have_text("5")
    expect(summary).to_be_visible()
    expect(summary).to_have_text("Together 5 people.")
    # The constraint uses the calculation.
    page.get_by_label("Rooms").fill("6")
    page.keyboard.press("Tab")
    expect(page.locator("#save-rooms")).to_contain_text("No more rooms than people")
    page.get_by_label("Rooms").fill("4")
    page.keyboard.press("Tab")
    saved(page, "rooms")
    expect(page.locator("#save-rooms")).not_to_contain_text("No more rooms")
    # The choice filter: only the municipalities of the region chosen.
    place = page.locator("#q-town")
    page.locator("#q-region").get_by_label("North").check()
    saved(page, "region")
    expect(place.get_by_label("Zeven")).to_be_visible()
    expect(place.get_by_label("Visselhoevede")).to_be_hidden()
    page.locator("#q-region").get_by_label("South").check()
    expect(place.get_by_label("Visselhoevede")).to_be_visible()
    expect(place.get_by_label("Zeven")).to_be_hidden()
    page.get_by_text("Mehr Hinweise").or_(page.get_by_text("Weitere Hinweise")).first.click()
    expect(page.get_by_text("The region of your office")).to_be_visible()
    shot(page, "xlsform-2-english-answered")
    assert_no_axe_violations(page)

    # Letters in a number field: refused, and still there with the message after a reload.
    page.get_by_label("Children").fill("zwei")
    page.keyboard.press("Tab")
    expect(page.locator("#save-children")).to_contain_text("ganze Zahl")
    page.reload()
    expect(page.get_by_label("Children")).to_have_value("zwei")
    expect(page.locator("#q-children")).to_contain_text("ganze Zahl")
    expect(page.get_by_label("Children")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("[data-value-for='people']")).to_have_text("5")  # the last valid answer
    shot(page, "xlsform-3-kept-entry")
    assert_no_axe_violations(page)
