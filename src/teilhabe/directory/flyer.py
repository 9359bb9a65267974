"""The printable flyer of a municipality's offers (A4 PDF, WeasyPrint), in the language of its
address, by field of action, with a QR code to the same list online: what municipalities lay
out in their town halls. The QR code is inline SVG (segno), like the report's charts."""

import functools

import segno
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

from teilhabe.directory import queries
from teilhabe.directory.languages import language
from teilhabe.regions.models import District, Municipality
from teilhabe.reports.rendering import font_faces


@functools.cache
def _stylesheet() -> str:
    path = finders.find("directory/flyer.css")
    if path is None:
        raise FileNotFoundError("directory/flyer.css")
    with open(path, encoding="utf-8") as f:
        return f.read()


def qr_svg(url: str) -> str:
    """The address as a QR code in SVG, error correction M (about 15 % may be damaged)."""
    return str(segno.make(url, error="m").svg_inline(scale=4, svgclass="qr", lineclass="qr-line"))


def document(
    district: District, municipality: Municipality, cards: list[queries.Card], url: str
) -> str:
    context = {
        "district": district,
        "municipality": municipality,
        "groups": queries.by_field_of_action(cards),
        "lang": language(translation.get_language() or "de"),
        "url": url,
        "qr": mark_safe(qr_svg(url)),  # segno's SVG of our own address
        "css": mark_safe(font_faces() + "\n" + _stylesheet()),  # our stylesheet, no user input
        "today": timezone.localdate(),
    }
    return render_to_string("directory/flyer.html", context)


def pdf(
    district: District, municipality: Municipality, cards: list[queries.Card], url: str
) -> bytes:
    from weasyprint import HTML

    html = document(district, municipality, cards, url)
    data: bytes = HTML(string=html, base_url=None).write_pdf(pdf_variant="pdf/ua-1")
    return data
