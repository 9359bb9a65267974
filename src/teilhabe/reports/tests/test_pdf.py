"""The PDF as a committee member reads it: text checked with pdftotext; the background task."""

import pytest

from teilhabe.reports import rendering, services, snapshot
from teilhabe.reports.models import Report, TaskState
from teilhabe.reports.presentation import Issued
from teilhabe.reports.tests.conftest import DAY, TODAY, de, pdf_text

pytestmark = pytest.mark.django_db

HEADINGS = [
    "Contents",
    "Summary",
    "Stock-take: coverage and changes",
    "Questionnaires",
    "Allocation and capacity",
    "Network and workshop",
    "Peer tandems",
    "Volunteering",
    "Data sources",
]


def test_the_pdf_names_the_municipalities_figures_and_sections(filled):
    data = snapshot.build(filled["district"], TODAY - 20 * DAY, TODAY, "Sozialausschuss")
    pdf = rendering.pdf(data)
    assert pdf.startswith(b"%PDF-")
    text = pdf_text(pdf)
    for heading in HEADINGS:
        assert de(heading) in text, heading
    for name in data["municipalities"]:
        assert name in text, name
    assert "Sozialausschuss" in text and "Landkreis Rotenburg (Wümme)" in text
    assert "Sprachcafé Zeven" in text and "Lernpaten Sottrum" in text
    assert "Workshop im Kreishaus" in text and "Starterpaket Sprachcafé" in text
    assert "Testwelle" in text and "Testzeitraum" in text
    population = f"{data['population']:,}".replace(",", ".")
    assert population in text  # German thousands separator
    assert de("Draft").upper() in text
    assert de("Page %(page)s of %(pages)s") % {"page": 1, "pages": ""} in text


def test_an_empty_district_says_so_in_every_section(osterholz):
    data = snapshot.build(osterholz, TODAY - 60 * DAY, TODAY)
    text = pdf_text(rendering.pdf(data, Issued(at=None)))
    for sentence in [
        "There is no data on the stock-take: no activities were recorded by the end of the period.",
        "No activity was recorded, changed or ended in this period.",
        "No questionnaire wave was open in this period.",
        "There is no data on allocation: no allocation period has been recorded for this district.",
        "No event of the network was held in this period.",
        "No priorities have been agreed yet.",
        "There is no data on volunteering: no activity was active at the end of the period.",
        "No map: no boundaries are stored for this district.",
    ]:
        assert " ".join(de(sentence).split()) in text, sentence


def test_the_task_reports_progress_and_stores_the_pdf(filled):
    report = services.create_report(filled["district"], {"until": TODAY})
    assert report.task_state == TaskState.IDLE and not report.pdf
    seen = []
    original = services.set_progress

    def spy(report_id, revision, progress, state=TaskState.RUNNING):
        seen.append(progress)
        return original(report_id, revision, progress, state)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(services, "set_progress", spy)
        services.request_pdf(report)  # the immediate backend runs the task at once
    report.refresh_from_db()
    assert seen == sorted(seen) and seen[0] < 100 and len(seen) >= 3
    assert (report.progress, report.task_state) == (100, TaskState.DONE)
    assert report.pdf_ready and report.pdf.name.endswith(".pdf")
    with report.pdf.open("rb") as f:
        assert "Sprachcafé Zeven" in pdf_text(f.read())


def test_an_outdated_task_does_not_overwrite_a_newer_revision(filled):
    from teilhabe.reports.tasks import generate_pdf

    report = services.create_report(filled["district"], {"until": TODAY})
    newer = services.regenerate(report)
    assert generate_pdf.call(report.pk, report.revision) == "outdated"
    newer.refresh_from_db()
    assert newer.task_state == TaskState.IDLE and not newer.pdf


def test_a_failing_pdf_is_marked_failed(filled, monkeypatch):
    from teilhabe.reports.tasks import generate_pdf

    report = services.create_report(filled["district"], {"until": TODAY})

    def broken(*args, **kwargs):
        raise RuntimeError("no fonts")

    monkeypatch.setattr(rendering, "pdf", broken)
    with pytest.raises(RuntimeError):
        generate_pdf.call(report.pk, report.revision)
    assert Report.objects.get(pk=report.pk).task_state == TaskState.FAILED
