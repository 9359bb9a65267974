"""A file as an answer, in Chromium through a personal link: a PDF uploaded on the answering
page (autosaved, its name shown with "Datei ersetzen" and "Datei entfernen"), a renamed program
refused with its message while the other answers stay, the stored file downloaded as an
attachment, and the questionnaire submitted with the required file. axe-core finds nothing.
With TEILHABE_SCREENSHOTS=DIR set, the page is saved there at each step to be looked at."""

from pathlib import Path

import pytest
from e2e_helpers import assert_no_axe_violations, screenshots, zeven_wave
from e2e_helpers import shot as save_shot
from playwright.sync_api import Page, expect

from teilhabe.surveys.models import Answer
from teilhabe.testing import xlsx

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
SURVEY = [
    ("type", "name", "label::Deutsch (de)", "hint::Deutsch (de)", "required"),
    ("integer", "staff", "Mitarbeitende im Integrationsbüro", None, None),
    ("file", "report", "Jahresbericht", "Der letzte Bericht an den Rat", "yes"),
]


def shot(page: Page, name: str) -> None:
    if screenshots():
        save_shot(page, name)
        # The screenshot leaves style="" on the inputs; htmx copies it onto the file input it
        # swaps in (same id), which the Content-Security-Policy refuses. Not so without it.
        page.evaluate(
            "document.querySelectorAll('[style=\"\"]').forEach(e => e.removeAttribute('style'))"
        )


def test_upload_a_pdf_as_an_answer(page: Page, live_server, personas, tmp_path: Path):
    _wave, token = zeven_wave(xlsx({"survey": SURVEY}), "anlagen.xlsx", zeven_alone=True)
    report = tmp_path / "jahresbericht.pdf"
    report.write_bytes(PDF)
    program = tmp_path / "bericht.pdf"
    program.write_bytes(b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00")

    page.goto(f"{live_server.url}/s/{token}/")
    expect(page.get_by_text("Erlaubt: PNG, JPG, JPEG, PDF")).to_be_visible()
    shot(page, "file-1-empty")
    assert_no_axe_violations(page)

    page.get_by_label("Mitarbeitende im Integrationsbüro").fill("3")
    page.keyboard.press("Tab")
    expect(page.locator("#save-staff")).to_contain_text("gespeichert")

    # A program renamed to .pdf: refused with its message, the other answer stays.
    page.get_by_label("Jahresbericht").set_input_files(program)
    expect(page.locator("#save-report")).to_contain_text("passt nicht zu ihrem Namen")
    shot(page, "file-2-refused")
    assert_no_axe_violations(page)

    page.get_by_label("Jahresbericht").set_input_files(report)
    expect(page.locator("#save-report")).to_contain_text("gespeichert")
    stored = page.locator("#file-report")
    expect(stored).to_contain_text("jahresbericht.pdf")
    expect(stored.get_by_role("button", name="Datei entfernen")).to_be_visible()
    expect(page.get_by_label("Datei ersetzen")).to_be_visible()
    assert Answer.objects.get(question="report").value == "jahresbericht.pdf"
    assert Answer.objects.get(question="staff").value == 3
    shot(page, "file-3-stored")
    assert_no_axe_violations(page)

    # Saving another answer does not lose the file; a reload shows it.
    page.get_by_label("Mitarbeitende im Integrationsbüro").fill("4")
    page.keyboard.press("Tab")
    expect(page.locator("#save-staff")).to_contain_text("gespeichert")
    page.reload()
    expect(page.locator("#file-report")).to_contain_text("jahresbericht.pdf")

    with page.expect_download() as download:
        page.locator("#file-report").get_by_role("link", name="jahresbericht.pdf").click()
    assert download.value.suggested_filename == "jahresbericht.pdf"
    assert Path(download.value.path()).read_bytes() == PDF

    page.get_by_role("button", name="Fragebogen abschicken").click()
    expect(page.get_by_text("Vielen Dank")).to_be_visible()
    expect(page.locator("#file-report")).to_contain_text("jahresbericht.pdf")
    expect(page.get_by_label("Datei ersetzen")).to_have_count(0)
    shot(page, "file-4-submitted")
    assert_no_axe_violations(page)
