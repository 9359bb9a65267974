"""File downloads of the stock-take: the inventory and the matrix as XLSX and CSV."""

from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from teilhabe.core.tabular.download import download
from teilhabe.core.tabular.writer import CONTENT_TYPES
from teilhabe.inventory import tabular
from teilhabe.inventory.display import cell_text
from teilhabe.inventory.models import Activity
from teilhabe.inventory.queries import Matrix
from teilhabe.regions.models import District


def _download(content: bytes, fmt: str, stem: str) -> HttpResponse:
    return download(content, f"{stem}-{timezone.localdate():%Y-%m-%d}.{fmt}")


def activities_response(district: District, activities: list[Activity], fmt: str) -> HttpResponse:
    if fmt not in CONTENT_TYPES:
        raise Http404
    if fmt == "xlsx":
        content = tabular.export_activities_xlsx(activities, categories=district.categories.all())
    else:
        content = tabular.export_activities_csv(activities)
    return _download(content, fmt, f"angebote-{district.ags}")


def matrix_response(district: District, matrix: Matrix, fmt: str) -> HttpResponse:
    if fmt not in CONTENT_TYPES:
        raise Http404
    rows = [m.name if m else _("whole district") for m, _cells in matrix.rows]
    columns = [c.label for c in matrix.categories]
    cells = [[cell_text(cell) for _category, cell in row] for _m, row in matrix.rows]
    title = _("Coverage matrix %(district)s") % {"district": district.name}
    writer = tabular.export_matrix_xlsx if fmt == "xlsx" else tabular.export_matrix_csv
    return _download(writer(rows, columns, cells, title), fmt, f"matrix-{district.ags}")
