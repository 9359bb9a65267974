"""The status report as the office prepares it for the committee, in Chromium, with the example
data of `teilhabe up --demo`: see when the next report is due, generate a draft, download PDF and
XLSX, issue it, change the data, and find the issued report unchanged while a new draft shows the
change. Then axe-core on every report page, in German and in English.

Screenshots (and the PDF's pages as PNG) go to $TEILHABE_SCREENSHOTS when it is set."""

import datetime
import io
import subprocess
from pathlib import Path

import openpyxl
import pytest
from django.utils import timezone
from e2e_helpers import confirm, de, login, screenshots, shot
from playwright.sync_api import Page, expect

from teilhabe.reports.models import Committee, Report

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PDF_IN_REQUEST = 40_000  # ms
COMMITTEE = "Ausschuss für Soziales, Jobcenter und Integration (Beispieldaten)"


def pdf_pages(data: bytes, name: str) -> str:
    """The PDF's text; its pages as PNG next to the screenshots, to look at every page."""
    if folder := screenshots():
        (folder / f"{name}.pdf").write_bytes(data)
        subprocess.run(
            ["pdftoppm", "-png", "-r", "60", folder / f"{name}.pdf", folder / f"{name}-page"],
            check=True,
        )
    text = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True)
    return " ".join(text.stdout.decode().split())


def article(page: Page) -> str:
    return page.locator("article.report-article").inner_text()


def test_report_from_draft_to_archive(page: Page, live_server, personas, demo):
    # The tests run tasks inside the request (ImmediateBackend), so creating and issuing a
    # report waits for its whole PDF, which takes 10 s and more while the machine is busy.
    page.set_default_timeout(PDF_IN_REQUEST)
    page.set_default_navigation_timeout(PDF_IN_REQUEST)
    expect.set_options(timeout=PDF_IN_REQUEST)
    login(page, live_server, "alice", start=False)
    page.goto(f"{live_server.url}/districts/03357/")
    expect(page.locator(".next-reports")).to_contain_text(COMMITTEE)
    expect(page.locator(".next-reports")).to_contain_text("21.01.2027")
    page.get_by_role("link", name=de("Status reports")).first.click()
    expect(page.locator("#archive")).to_contain_text(COMMITTEE)
    expect(page.locator("#due")).to_contain_text("21.01.2027")
    shot(page, "01-reports")

    # A draft for the January meeting, from the list of meetings due.
    page.locator("#due").get_by_role("link", name=de("prepare")).click()
    expect(page.locator("#id_meeting_date")).to_have_value("2027-01-21")
    shot(page, "02-new-report")
    page.get_by_role("button", name=de("Create draft")).click()
    expect(page.locator(".report-state")).to_contain_text(de("draft"))
    expect(page.locator("article")).to_contain_text("Samtgemeinde Zeven")
    expect(page.locator("article")).to_contain_text("11.09.2026")  # since the issued report
    shot(page, "03-draft")
    with page.expect_download() as download:
        page.get_by_role("link", name=de("Download PDF")).click()
    pdf = Path(download.value.path()).read_bytes()
    text = pdf_pages(pdf, "04-draft")
    assert download.value.suggested_filename == "sachstandsbericht-03357-2027-01-21.pdf"
    assert COMMITTEE in text and de("Draft").upper() in text
    for name in ("Bremervörde", "Samtgemeinde Sittensen", "Visselhövede", "Gnarrenburg"):
        assert name in text, name
    with page.expect_download() as download:
        page.get_by_role("link", name=de("Download XLSX annex")).click()
    book = openpyxl.load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
    assert len(book.worksheets) == 10
    allocation = list(book.worksheets[4].iter_rows(values_only=True))
    assert any(row[0] == "Samtgemeinde Zeven" for row in allocation)

    # Issue it: the final PDF has no draft mark.
    page.get_by_role("button", name=de("Issue report")).click()
    confirm(page, de("Issue the report?"))
    expect(page.locator(".report-state")).to_contain_text(de("issued"))
    expect(page.get_by_role("button", name=de("Issue report"))).to_have_count(0)
    issued_url = page.url
    before = article(page)
    shot(page, "05-issued")
    with page.expect_download() as download:
        page.get_by_role("link", name=de("Download PDF")).click()
    issued_pdf = pdf_pages(Path(download.value.path()).read_bytes(), "06-issued")
    assert de("Draft").upper() not in issued_pdf

    # The data changes: an activity is renamed and ended, more people arrive in Zeven.
    from teilhabe.allocation.services import record_arrival
    from teilhabe.inventory.models import Activity
    from teilhabe.inventory.services import update_activity
    from teilhabe.regions.models import Municipality

    activity = Activity.objects.filter(district__ags="03357", status="active").first()
    update_activity(
        activity.pk, {"status": "ended", "title": "Geändertes Angebot"}, activity.version
    )
    zeven = Municipality.objects.get(ars="033575408000")
    record_arrival(
        zeven,
        {
            "date": timezone.localdate(),
            "persons": 9,
            "households": 2,
            "kind": "asylum",
            "counts_toward_quota": True,
        },
    )

    page.goto(issued_url)
    assert article(page) == before
    assert "Geändertes Angebot" not in before

    page.get_by_role("link", name=f"{de('Status reports')}: Landkreis Rotenburg (Wümme)").click()
    page.get_by_role("link", name=de("New report")).click()
    page.locator("#id_committee").select_option(label=COMMITTEE)
    page.locator("#id_meeting_date").fill("2027-01-21")
    page.get_by_role("button", name=de("Create draft")).click()
    expect(page.locator("article")).to_contain_text("Geändertes Angebot")
    shot(page, "07-new-draft")
    page.goto(issued_url)
    assert article(page) == before
    assert Report.objects.filter(status="issued").count() == 2


def test_progress_is_polled_until_the_pdf_is_ready(page: Page, live_server, personas):
    from teilhabe.regions.models import District
    from teilhabe.reports import services

    report = services.create_report(District.objects.get(ags="03357"), {})
    Report.objects.filter(pk=report.pk).update(task_state="running", progress=40)
    login(page, live_server, "alice")  # a draft: the office's (committee members see none)
    page.goto(f"{live_server.url}/reports/{report.pk}/")
    expect(page.locator("#pdf-status progress")).to_have_attribute("value", "40")
    shot(page, "08-progress")
    services.set_progress(report.pk, report.revision, 80)
    expect(page.locator("#pdf-status progress")).to_have_attribute("value", "80")
    services.store_pdf(report.pk, report.revision, b"%PDF-1.4\n")
    expect(page.get_by_role("link", name=de("Download PDF"))).to_be_visible()


def _pages() -> dict[str, str]:
    """The report pages, on the example data (the `demo` fixture)."""
    district = "/districts/03357"
    issued = Report.objects.get(status="issued")
    from teilhabe.reports import services

    draft = services.create_report(issued.district, {"committee": issued.committee})
    services.set_progress(draft.pk, draft.revision, 40)  # the PDF is being made: a progress bar
    soon = timezone.localdate() + datetime.timedelta(days=5)
    committee = Committee.objects.get()
    services.save_committee(committee.district, committee.name, [soon], committee)
    return {
        "list": f"{district}/reports/",
        "create": f"{district}/reports/new/",
        "draft": f"/reports/{draft.pk}/",
        "issued": f"/reports/{issued.pk}/",
        "committee-new": f"{district}/committees/new/",
        "committee-edit": f"/committees/{committee.pk}/edit/",
        "overview": f"{district}/",
    }


def test_the_report_fits_a_1280_pixel_window(page: Page, live_server, personas, demo):
    """Wide tables scroll inside their box; nothing makes the page itself scroll sideways (an
    absolutely placed screen-reader text in the matrix did, before the box was positioned)."""
    paths = _pages()
    login(page, live_server, "alice")
    page.set_viewport_size({"width": 1280, "height": 900})
    for name in ("draft", "issued", "list"):
        page.goto(f"{live_server.url}{paths[name]}")
        expect(page.locator("main")).to_be_visible()
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 1280, (name, width)


AXE_PAGES = {
    "list": "alice",
    "create": "alice",
    "draft": "alice",
    "issued": "carol",
    "committee-new": "alice",
    "committee-edit": "alice",
    "overview": "alice",
}


@pytest.mark.parametrize("language", ["de", "en"])
@pytest.mark.parametrize("name", list(AXE_PAGES))
def test_axe(page: Page, live_server, personas, demo, check_axe, name, language):
    paths = _pages()
    if language != "de":
        page.context.add_cookies(
            [{"name": "django_language", "value": language, "url": live_server.url}]
        )
    login(page, live_server, AXE_PAGES[name], start=False)
    response = page.goto(f"{live_server.url}{paths[name]}")
    assert response is not None and response.status == 200
    expect(page.locator("html")).to_have_attribute("lang", language)
    if name in ("list", "overview"):
        expect(page.locator(".report-reminder")).to_be_visible()  # the meeting in 5 days
    shot(page, f"axe-{name}-{language}")
    check_axe(page)
