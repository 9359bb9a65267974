"""Render a snapshot: the report page body, a standalone HTML document and the PDF.

The browser and WeasyPrint get the same template (`reports/_body.html`) and the same stylesheet
(`reports/report.css`); the PDF adds `reports/print.css` for the pages. Charts and the map are
inline SVG, so they look the same in both."""

import datetime
import functools
import os
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from teilhabe.reports import presentation, shapes
from teilhabe.reports.presentation import DRAFT, Issued

FONTS = [  # the vendored Fira Sans faces of the browser, embedded in the PDF
    ("FiraSans-Regular.woff2", 400, "normal"),
    ("FiraSans-Italic.woff2", 400, "italic"),
    ("FiraSans-SemiBold.woff2", 600, "normal"),
    ("FiraSans-Bold.woff2", 700, "normal"),
]


@functools.cache
def _static(name: str) -> str:
    path = finders.find(name)
    if path is None:
        raise FileNotFoundError(name)
    return Path(path).read_text(encoding="utf-8")


def _ttf(woff2: Path) -> Path:
    """The font as TTF in FONT_DIR (the data directory's `fonts`): WeasyPrint would otherwise
    decompress the WOFF2 files of the browser on every PDF, which costs more than laying out
    the whole report."""
    from fontTools.ttLib import TTFont

    target = Path(settings.FONT_DIR) / woff2.with_suffix(".ttf").name
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        font = TTFont(str(woff2))
        font.flavor = None
        partial = target.with_suffix(f".{os.getpid()}.tmp")
        font.save(str(partial))
        partial.replace(target)
    return target


@functools.cache
def _font_faces() -> str:
    rules = []
    for name, weight, style in FONTS:
        path = finders.find(f"vendor/kern/fonts/fira-sans/{name}")
        if path:
            rules.append(
                f"@font-face {{ font-family: 'Fira Sans'; src: url('{_ttf(Path(path)).as_uri()}') "
                f"format('truetype'); font-weight: {weight}; font-style: {style}; }}"
            )
    return "\n".join(rules)


def font_faces() -> str:
    """@font-face rules for the vendored Fira Sans as TTF files: other PDFs use them too (the
    Wegweiser's flyer)."""
    return _font_faces()


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def _page_css(issued: Issued) -> str:
    """The translated texts of the margin boxes: page n of m, and the draft mark."""
    marker = "\x00"
    text = _("Page %(page)s of %(pages)s") % {"page": marker + "page", "pages": marker + "pages"}
    parts = []
    for i, piece in enumerate(text.split(marker)):
        if i and piece.startswith("pages"):
            parts += ["counter(pages)", _css_string(piece.removeprefix("pages"))]
        elif i and piece.startswith("page"):
            parts += ["counter(page)", _css_string(piece.removeprefix("page"))]
        else:
            parts.append(_css_string(piece))
    mark = "none" if issued.is_issued else _css_string(_("Draft").upper())
    return (
        f"@page {{ @bottom-right {{ content: {' '.join(parts)}; }} "
        f"@top-right {{ content: {mark}; }} }}"
    )


def title(snapshot: shapes.Snapshot) -> str:
    parts = [_("Status report"), snapshot["district"]["name"]]
    if snapshot["committee"]:
        parts.append(snapshot["committee"])
    if snapshot["meeting_date"]:
        day = datetime.date.fromisoformat(snapshot["meeting_date"])
        parts.append(_("meeting on %(date)s") % {"date": date_format(day, "SHORT_DATE_FORMAT")})
    return " – ".join(parts)


def document(snapshot: shapes.Snapshot, issued: Issued = DRAFT, for_pdf: bool = False) -> str:
    """A standalone HTML document of the report with its styles inline."""
    css = [_static("reports/report.css"), _static("reports/print.css"), _page_css(issued)]
    if for_pdf:
        css.insert(0, _font_faces())
    context = {
        **presentation.context(snapshot, issued),
        "document": True,
        "title": title(snapshot),
        "css": mark_safe("\n".join(css)),  # our own stylesheets, no user input
        "language": translation.get_language() or "de",
    }
    return render_to_string("reports/document.html", context)


def pdf(
    snapshot: shapes.Snapshot,
    issued: Issued = DRAFT,
    progress: Callable[[int], object] | None = None,  # called with percentages; result unused
) -> bytes:
    """The report as a tagged A4 PDF (PDF/UA-1 as far as WeasyPrint goes)."""
    from weasyprint import HTML

    step = progress or (lambda n: None)
    html = document(snapshot, issued, for_pdf=True)
    step(20)
    rendered = HTML(string=html, base_url=None).render(pdf_variant="pdf/ua-1")
    step(80)
    data: bytes = rendered.write_pdf(pdf_variant="pdf/ua-1")
    step(95)
    return data
