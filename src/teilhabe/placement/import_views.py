"""Pages of the households import into a batch: upload a file, see what it would add, then
confirm (the shared import pages of `core.tabular.pages`, bound to the batch)."""

from django import forms
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods

from teilhabe.core.forms import KernFormMixin
from teilhabe.core.tabular.pages import ImportPages
from teilhabe.placement import importing
from teilhabe.placement.models import Batch
from teilhabe.placement.views import find_batch


class HouseholdImportForm(KernFormMixin, forms.Form):
    file = forms.FileField(
        label=gettext_lazy("File (XLSX or CSV)"),
        help_text=gettext_lazy(
            "One row per household, with the columns described above. You will see a preview "
            "before anything is saved."
        ),
    )


def _column_help() -> list[tuple[str, bool, str]]:
    texts = {
        "size": _("The number of persons of the household, a whole number of at least 1."),
        "barrier_free": _("“ja” if the household needs barrier-free housing; empty means “nein”."),
        "children": _("Children of kindergarten or school age; empty means 0."),
    }
    return [(c.header, c.required, texts[c.key]) for c in importing.COLUMNS]


def _pages(batch: Batch) -> ImportPages:
    """The import's pages, writing into `batch`."""
    return ImportPages(
        upload_url="placement:household-import",
        preview_url="placement:household-import-preview",
        done_url="placement:batch-detail",
        form=HouseholdImportForm,
        upload_template="placement/household_import.html",
        preview_template="placement/household_import_preview.html",
        plan=importing.plan_import,
        apply=lambda plan, _district: importing.apply_import(plan, batch),
        done=lambda n: ngettext(
            "Import finished: {n} household added.", "Import finished: {n} households added.", n
        ).format(n=n),
    )


@require_http_methods(["GET", "POST"])
def household_import(request: HttpRequest, ags: str, pk: int) -> HttpResponse:
    batch = find_batch(request, ags, pk, manage=True)
    return _pages(batch).upload(
        request, batch.district, where={"pk": batch.pk}, batch=batch, columns=_column_help()
    )


@require_http_methods(["GET", "POST"])
def household_import_preview(request: HttpRequest, ags: str, pk: int, token: str) -> HttpResponse:
    batch = find_batch(request, ags, pk, manage=True)
    return _pages(batch).preview(
        request, batch.district, token, where={"pk": batch.pk}, batch=batch
    )
