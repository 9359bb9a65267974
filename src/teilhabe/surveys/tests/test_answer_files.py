"""Files as answers: the XLSForm types file and image (read, written, through pyxform), the
upload on the answering page with its limits (size, kind read from the content), replacing and
removing, required file questions, who may download a file, results and exports, and the
stored files going with their response or wave."""

import datetime
import io
from pathlib import Path

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from teilhabe.core.models import StoredFile
from teilhabe.regions.models import Municipality
from teilhabe.surveys import services
from teilhabe.surveys.models import Answer, AnswerFile, Invitation, ResponseStatus, Wave
from teilhabe.surveys.xlsform import XLSFormError, read_xlsform, write_xlsform
from teilhabe.testing import ZEVEN_ARS, Kept, xlsx

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 20
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"
SURVEY = [
    ("type", "name", "label", "required"),
    ("integer", "staff", "Mitarbeitende", None),
    ("file", "report", "Jahresbericht", "yes"),
    ("image", "flyer", "Foto des Aushangs", None),
]


def workbook(rows: list[tuple] = SURVEY) -> bytes:
    return xlsx({"survey": rows})


def pdf(name: str = "bericht.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


# --- XLSForm --------------------------------------------------------------------------------


def test_file_and_image_questions_round_trip_through_pyxform(tmp_path: Path):
    xls2xform = pytest.importorskip("pyxform.xls2xform")
    form = read_xlsform(workbook(), "anlagen.xlsx")
    assert {q.name: q.type for q in form.questions()} == {
        "staff": "integer",
        "report": "file",
        "flyer": "image",
    }
    data = write_xlsform(form)
    assert read_xlsform(data, "anlagen.xlsx") == form
    (tmp_path / "anlagen.xlsx").write_bytes(data)
    xform = xls2xform.convert(str(tmp_path / "anlagen.xlsx")).xform
    assert '<upload ref="/data/report" mediatype="application/*">' in xform
    assert '<upload ref="/data/flyer" mediatype="image/*">' in xform
    assert 'nodeset="/data/report" type="binary" required="true()"' in xform


def test_pyxform_spellings_of_photos_are_read_as_images():
    rows = [("type", "name", "label"), ("photo", "a", "A"), ("add_image_prompt", "b", "B")]
    assert {q.type for q in read_xlsform(workbook(rows), "f.xlsx").questions()} == {"image"}


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (("audio", "a", "A", None, None), "Audio- und Videoantworten"),
        (("video", "a", "A", None, None), "Audio- und Videoantworten"),
        (("image", "a", "A", "max-pixels=1024", None), "max-pixels"),
        (("file", "a", "A", None, "x.pdf"), "vorab mitgegebene Dateien"),
    ],
)
def test_what_is_not_implemented_is_refused_by_name(row, message):
    rows = [("type", "name", "label", "parameters", "default"), row]
    with pytest.raises(XLSFormError) as refused:
        read_xlsform(workbook(rows), "f.xlsx")
    assert message in str(refused.value)


def test_a_limit_on_the_kinds_of_files_is_refused_by_name():
    rows = [("type", "name", "label", "body::accept"), ("file", "a", "A", ".pdf")]
    with pytest.raises(XLSFormError) as refused:
        read_xlsform(workbook(rows), "f.xlsx")
    assert "body::accept" in str(refused.value)


# --- answering ------------------------------------------------------------------------------


@pytest.fixture
def link(rotenburg) -> str:
    version = services.import_questionnaire(rotenburg, workbook(), "anlagen.xlsx")
    today = timezone.localdate()
    _wave, tokens = services.create_wave(
        version, "Test", today, today + datetime.timedelta(days=7), rotenburg.municipalities.all()
    )
    return tokens[Municipality.objects.get(ars=ZEVEN_ARS).pk]


def upload(client, token: str, question: str, file, **data):
    url = reverse("surveys:autosave-by-link", args=[token, question])
    return client.post(url, {question: file, **data})


def stored(question: str) -> Answer | None:
    return Answer.objects.filter(
        question=question, response__invitation__municipality__ars=ZEVEN_ARS
    ).first()


def on_disk(record: AnswerFile) -> Kept:
    """The file in the storage in use: on disk on SQLite, in the database on PostgreSQL."""
    return Kept(record.file.name)


def test_a_pdf_is_stored_with_the_answer(client, link):
    response = upload(client, link, "report", pdf())
    assert response.status_code == 200
    assert "gespeichert" in response.content.decode()
    answer = stored("report")
    assert answer is not None and answer.value == "bericht.pdf"
    record = answer.file
    assert (record.size, record.content_type) == (len(PDF), "application/pdf")
    assert record.file.name.startswith(f"surveys/{answer.response_id}/")
    assert on_disk(record).read_bytes() == PDF
    page = client.get(reverse("surveys:answer-by-link", args=[link])).content.decode()
    assert "bericht.pdf" in page and "Datei ersetzen" in page and "Datei entfernen" in page
    assert 'enctype="multipart/form-data"' in page
    assert 'accept=".png,.jpg,.jpeg"' in page  # the image question


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("bericht.pdf", EXE, "Der Inhalt dieser Datei passt nicht zu ihrem Namen (.pdf)"),
        ("programm.exe", EXE, "Dateien dieser Art können hier nicht hochgeladen werden"),
        ("leer.pdf", b"", "Die Datei ist leer"),
    ],
)
def test_a_bad_upload_is_refused_and_nothing_else_is_lost(client, link, name, content, message):
    client.post(reverse("surveys:autosave-by-link", args=[link, "staff"]), {"staff": "4"})
    upload(client, link, "report", pdf())
    response = upload(client, link, "report", pdf(name, content), **{"v-report": "1"})
    assert message in response.content.decode()
    assert stored("report").value == "bericht.pdf"  # the file given before stays
    assert stored("report").file.name == "bericht.pdf"
    assert stored("staff").value == 4


def test_the_size_limit_is_a_setting(client, link, settings):
    settings.TEILHABE_SURVEY_FILE_MAX_MB = 1
    big = PDF + b"0" * (1024 * 1024)
    response = upload(client, link, "report", pdf("gross.pdf", big))
    assert "Die Datei ist größer als 1 MB" in response.content.decode()
    assert stored("report") is None and not AnswerFile.objects.exists()
    assert "gespeichert" in upload(client, link, "report", pdf()).content.decode()


def test_an_image_question_takes_only_images(client, link):
    response = upload(client, link, "flyer", pdf())
    assert "Erlaubt sind: PNG, JPG, JPEG" in response.content.decode()
    upload(client, link, "flyer", SimpleUploadedFile("aushang.png", PNG))
    assert stored("flyer").file.content_type == "image/png"


def test_a_file_name_cannot_be_typed_in_as_an_answer(client, link):
    url = reverse("surveys:autosave-by-link", args=[link, "report"])
    response = client.post(url, {"report": "bericht.pdf"})
    assert "Bitte wählen Sie eine Datei." in response.content.decode()
    assert stored("report") is None


def test_replacing_and_removing_delete_the_file_on_disk(
    client, link, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, link, "report", pdf("alt.pdf"))
    first = on_disk(stored("report").file)
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, link, "report", pdf("neu.pdf"), **{"v-report": "1"})
    answer = stored("report")
    assert (answer.value, answer.version, answer.file.name) == ("neu.pdf", 2, "neu.pdf")
    assert not first.exists() and on_disk(answer.file).exists()
    second = on_disk(answer.file)
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, link, "report", "", remove="report", **{"v-report": "2"})
    assert "gespeichert" in response.content.decode()
    assert stored("report").value is None and not AnswerFile.objects.exists()
    assert not second.exists()


def test_a_required_file_question_blocks_submission_until_a_file_is_given(client, link):
    submit = reverse("surveys:submit-by-link", args=[link])
    page = client.post(submit, {"staff": "3"}).content.decode()
    assert "Bitte beantworten Sie diese Frage." in page
    assert stored("report") is None
    # Without JavaScript the file comes with the whole form.
    response = client.post(submit, {"staff": "3", "report": pdf()})
    assert response.status_code == 302
    assert stored("report").value == "bericht.pdf"
    assert Invitation.objects.get(municipality__ars=ZEVEN_ARS).response.status == (
        ResponseStatus.SUBMITTED
    )


def test_a_bad_file_sent_with_the_whole_form_keeps_the_other_answers(client, link):
    submit = reverse("surveys:submit-by-link", args=[link])
    page = client.post(submit, {"staff": "7", "report": pdf("x.pdf", EXE)}).content.decode()
    assert "Der Inhalt dieser Datei passt nicht zu ihrem Namen" in page
    assert stored("staff").value == 7 and stored("report") is None


def test_removing_without_javascript_shows_the_page_again(client, link):
    upload(client, link, "report", pdf())
    submit = reverse("surveys:submit-by-link", args=[link])
    response = client.post(submit, {"staff": "2", "remove": "report"})
    assert response.status_code == 200
    assert stored("report").value is None and stored("staff").value == 2
    assert Invitation.objects.get(municipality__ars=ZEVEN_ARS).response.status != (
        ResponseStatus.SUBMITTED
    )


# --- who gets the file ----------------------------------------------------------------------


def _answered(client, link) -> int:
    upload(client, link, "report", pdf())
    return stored("report").response_id


def test_the_respondent_downloads_the_file_by_their_link(client, link):
    _answered(client, link)
    response = client.get(reverse("surveys:file-by-link", args=[link, "report"]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"] == 'attachment; filename="bericht.pdf"'
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert client.get(reverse("surveys:file-by-link", args=[link, "flyer"])).status_code == 404
    Invitation.objects.update(revoked_at=timezone.now())
    assert client.get(reverse("surveys:file-by-link", args=[link, "report"])).status_code == 404


@pytest.mark.skipif(connection.vendor != "postgresql", reason="kept on disk with SQLite")
def test_on_postgresql_the_file_is_kept_in_the_database(
    client, link, settings, django_capture_on_commit_callbacks
):
    """Where every node reads it (core/storage.py): a row of StoredFile, nothing on disk."""
    _answered(client, link)
    name = stored("report").file.file.name
    assert bytes(StoredFile.objects.get(name=name).content) == PDF
    assert not (Path(settings.MEDIA_ROOT) / name).exists()
    response = client.get(reverse("surveys:file-by-link", args=[link, "report"]))
    assert b"".join(response.streaming_content) == PDF
    with django_capture_on_commit_callbacks(execute=True):  # replaced: the old row goes
        upload(client, link, "report", pdf("neu.pdf", PDF + b"%neu"))
    assert list(StoredFile.objects.values_list("name", flat=True)) == [
        stored("report").file.file.name
    ]


@pytest.mark.parametrize(
    ("persona", "status"),
    [("alice", 200), ("bob", 200), ("carol", 403), ("dave", 404), (None, 302)],
)
def test_who_may_download_a_file_from_the_results(client, link, personas, persona, status):
    pk = _answered(client, link)
    if persona:
        client.force_login(personas[persona])
    response = client.get(reverse("surveys:file-as-member", args=[pk, "report"]))
    assert response.status_code == status
    if status == 200:
        assert response["Content-Disposition"].startswith("attachment;")


def test_a_municipal_editor_uploads_and_downloads_on_the_member_page(client, link, personas):
    response = Invitation.objects.get(municipality__ars=ZEVEN_ARS).response
    client.force_login(personas["bob"])
    url = reverse("surveys:autosave-as-member", args=[response.pk, "report"])
    assert "gespeichert" in client.post(url, {"report": pdf()}).content.decode()
    page = client.get(reverse("surveys:answer-as-member", args=[response.pk])).content.decode()
    download = reverse("surveys:file-as-member", args=[response.pk, "report"])
    assert f'href="{download}"' in page
    assert b"".join(client.get(download).streaming_content) == PDF


def test_results_and_exports_show_the_file_name(client, link, personas):
    pk = _answered(client, link)
    wave = Wave.objects.get()
    client.force_login(personas["alice"])
    detail = client.get(reverse("surveys:response-detail", args=[pk])).content.decode()
    assert reverse("surveys:file-as-member", args=[pk, "report"]) in detail
    assert "bericht.pdf" in client.get(reverse("surveys:results", args=[wave.pk])).content.decode()
    csv = client.get(reverse("surveys:wave-export", args=[wave.pk, "csv"])).content
    assert "bericht.pdf" in csv.decode("utf-8-sig")
    xlsx = client.get(reverse("surveys:wave-export", args=[wave.pk, "xlsx"])).content
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx)).active
    assert "bericht.pdf" in [cell.value for row in sheet.iter_rows() for cell in row]
    client.force_login(personas["carol"])  # reads results, may not download
    detail = client.get(reverse("surveys:response-detail", args=[pk])).content.decode()
    assert "bericht.pdf" in detail
    assert reverse("surveys:file-as-member", args=[pk, "report"]) not in detail


def test_deleting_a_wave_deletes_its_files(client, link, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, link, "report", pdf())
    path = on_disk(stored("report").file)
    assert path.exists()
    with django_capture_on_commit_callbacks(execute=True):
        Wave.objects.get().delete()
    assert not AnswerFile.objects.exists() and not path.exists()


def test_a_file_to_a_question_that_no_longer_applies_goes_on_submission(
    client, rotenburg, django_capture_on_commit_callbacks
):
    rows = [
        ("type", "name", "label", "relevant"),
        ("integer", "staff", "Mitarbeitende", None),
        ("file", "plan", "Stellenplan", "${staff} > 0"),
    ]
    version = services.import_questionnaire(rotenburg, workbook(rows), "plan.xlsx")
    today = timezone.localdate()
    _wave, tokens = services.create_wave(
        version, "Test", today, today + datetime.timedelta(days=7), rotenburg.municipalities.all()
    )
    token = tokens[Municipality.objects.get(ars=ZEVEN_ARS).pk]
    client.post(reverse("surveys:autosave-by-link", args=[token, "staff"]), {"staff": "2"})
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, token, "plan", pdf())
    path = on_disk(stored("plan").file)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("surveys:submit-by-link", args=[token]), {"staff": "0"})
    assert stored("plan") is None and not AnswerFile.objects.exists()
    assert not path.exists()


def test_the_service_refuses_a_submitted_response(link):
    response = Invitation.objects.get(municipality__ars=ZEVEN_ARS).response
    response.status = ResponseStatus.SUBMITTED
    response.save()
    from teilhabe.surveys import answer_files

    question = answer_files.file_question(response, "report")
    assert question is not None
    with pytest.raises(services.ResponseLocked):
        answer_files.attach(response, question, pdf(), None)
    assert not AnswerFile.objects.exists()
