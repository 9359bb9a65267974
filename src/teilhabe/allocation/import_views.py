"""Pages of the arrivals import: upload a file, see what it would record, then confirm.

The same pages as every import (`core.tabular.pages`): the upload waits under a token bound to
the user and the district, the preview plans the file again on every request (so rights and
periods are always current), and only a POST on the preview writes, when the plan has no
problem."""

from django import forms
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods

from teilhabe.allocation import importing
from teilhabe.core.forms import KernFormMixin
from teilhabe.core.scoping import require, scope_of
from teilhabe.core.tabular.pages import ImportPages


class ArrivalImportForm(KernFormMixin, forms.Form):
    file = forms.FileField(
        label=gettext_lazy("File (XLSX or CSV)"),
        help_text=gettext_lazy(
            "One row per arrival, with the columns described above. You will see a preview "
            "before anything is saved."
        ),
    )


def _column_help() -> list[tuple[str, bool, str]]:
    """(German header, required, explanation in the interface's language) for the upload page."""
    kinds = ", ".join(importing.KIND_LABELS.values())
    texts = {
        "municipality": _(
            "The municipality's 12-digit regional key. Format the column as text in Excel, so "
            "that the leading 0 is kept."
        ),
        "municipality_name": _(
            "The municipality's name; read only when the regional key is empty."
        ),
        "date": _("The day of arrival, as DD.MM.YYYY. It must lie in an open allocation period."),
        "persons": _("The number of persons, at least 1."),
        "households": _("The number of households, at least 1 and not more than persons."),
        "kind": _("One of: {kinds}.").format(kinds=kinds),
        "counts_toward_quota": _("“ja” or “nein”; empty means “ja”."),
        "note": _("Free text, at most 200 characters. No names or other personal data."),
    }
    # The regional key is what the file should have; the name is the optional fallback.
    return [
        (column.header, column.required or column.key == "municipality", texts[column.key])
        for column in importing.COLUMNS
    ]


IMPORT = ImportPages(
    upload_url="allocation:arrival-import",
    preview_url="allocation:arrival-import-preview",
    done_url="allocation:period-list",
    form=ArrivalImportForm,
    upload_template="allocation/arrival_import.html",
    preview_template="allocation/arrival_import_preview.html",
    plan=importing.plan_import,
    apply=lambda plan, _district: importing.apply_import(plan),
    done=lambda n: ngettext(
        "Import finished: {n} arrival recorded.", "Import finished: {n} arrivals recorded.", n
    ).format(n=n),
)


@require_http_methods(["GET", "POST"])
def arrival_import(request: HttpRequest, ags: str) -> HttpResponse:
    district = scope_of(request).district(ags)
    require(scope_of(request).can_contribute(district))
    return IMPORT.upload(request, district, columns=_column_help())


@require_http_methods(["GET", "POST"])
def arrival_import_preview(request: HttpRequest, ags: str, token: str) -> HttpResponse:
    district = scope_of(request).district(ags)
    require(scope_of(request).can_contribute(district))
    return IMPORT.preview(request, district, token)
