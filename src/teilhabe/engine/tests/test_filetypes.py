"""Uploads are recognised by their content: each allowed kind, renamed files, and things
that only pretend to be documents."""

import io
import zipfile

import pytest

from teilhabe.engine import filetypes

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 20
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 20
PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
CSV = "Gemeinde;Angebote\nZeven;3\nSottrum;2\n".encode("cp1252")
TEXT = "Größere Räume für den Sprachkurs – bitte prüfen.\n".encode()


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


XLSX = _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})
DOCX = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<document/>"})
ODT = _zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"})
ODS = _zip({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet"})
JAR = _zip({"META-INF/MANIFEST.MF": b"Manifest-Version: 1.0\n"})
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"


@pytest.mark.parametrize(
    ("name", "content", "key"),
    [
        ("foto.png", PNG, "png"),
        ("foto.JPG", JPEG, "jpeg"),
        ("foto.jpeg", JPEG, "jpeg"),
        ("bericht.pdf", PDF, "pdf"),
        ("zahlen.xlsx", XLSX, "xlsx"),
        ("brief.docx", DOCX, "docx"),
        ("brief.odt", ODT, "odt"),
        ("liste.csv", CSV, "csv"),
        ("notiz.txt", TEXT, "txt"),
    ],
)
def test_each_allowed_kind_is_recognised(name: str, content: bytes, key: str) -> None:
    assert filetypes.check(name, io.BytesIO(content), filetypes.ALL).key == key


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("bericht.pdf", PNG),  # a photo renamed
        ("foto.png", PDF),
        ("zahlen.xlsx", DOCX),  # a Word file renamed to Excel
        ("brief.odt", ODS),  # a spreadsheet renamed to a text document
        ("brief.docx", JAR),  # any ZIP archive
        ("bericht.pdf", EXE),  # a program
        ("liste.csv", EXE),
        ("liste.csv", b"a;b\n\x00\x01\x02"),  # binary with a text name
        ("notiz.txt", b""),
        ("zahlen.xlsx", b"PK\x03\x04 not really a zip"),
    ],
)
def test_content_that_is_not_what_the_name_says_is_refused(name: str, content: bytes) -> None:
    with pytest.raises(filetypes.Refused) as refused:
        filetypes.check(name, io.BytesIO(content), filetypes.ALL)
    assert refused.value.reason == "content"


@pytest.mark.parametrize("name", ["programm.exe", "seite.html", "bild.svg", "ohne_endung", ".pdf"])
def test_other_extensions_are_refused_whatever_the_content(name: str) -> None:
    with pytest.raises(filetypes.Refused) as refused:
        filetypes.check(name, io.BytesIO(PDF), filetypes.ALL)
    assert refused.value.reason == "type"


def test_an_image_question_takes_only_images() -> None:
    assert filetypes.check("foto.png", io.BytesIO(PNG), filetypes.IMAGES).key == "png"
    with pytest.raises(filetypes.Refused):
        filetypes.check("bericht.pdf", io.BytesIO(PDF), filetypes.IMAGES)
    assert filetypes.allowed_extensions(filetypes.IMAGES) == [".png", ".jpg", ".jpeg"]


def test_a_multibyte_character_cut_at_the_end_of_the_probe_is_still_text() -> None:
    content = b"a" * (64 * 1024 - 1) + "ä".encode()  # the probe ends inside the "ä"
    assert filetypes.sniff(io.BytesIO(content)) == "text"


def test_sniffing_rewinds_the_stream() -> None:
    stream = io.BytesIO(PDF)
    stream.read(3)
    assert filetypes.sniff(stream) == "pdf"
    assert stream.tell() == 0
