"""Pages of the arrivals import: upload a file, see what it would record, then confirm.

The same steps as the stock-take import (`teilhabe.inventory.views.import_upload` and
`import_preview`): the upload is stored under DATA_DIR/imports/<user-pk>-<token>, the preview
plans the file again on every request (so rights and periods are always current), and only a
POST on the preview writes, when the plan has no problem."""

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods

from teilhabe.allocation import importing
from teilhabe.core import uploads
from teilhabe.core.forms import KernFormMixin
from teilhabe.core.scoping import require, scope_of


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
        (column.header, column.required or column.field == "municipality", texts[column.field])
        for column in importing.COLUMNS
    ]


@require_http_methods(["GET", "POST"])
def arrival_import(request: HttpRequest, ags: str) -> HttpResponse:
    district = scope_of(request).district(ags)
    require(scope_of(request).can_contribute(district))
    form = ArrivalImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        token = uploads.store(request, form.cleaned_data["file"])
        return redirect("allocation:arrival-import-preview", ags=ags, token=token)
    context = {"district": district, "form": form, "columns": _column_help()}
    return render(request, "allocation/arrival_import.html", context)


@require_http_methods(["GET", "POST"])
def arrival_import_preview(request: HttpRequest, ags: str, token: str) -> HttpResponse:
    district = scope_of(request).district(ags)
    scope = scope_of(request)
    require(scope.can_contribute(district))
    data, filename = uploads.load(request, token)
    plan = importing.plan_import(data, filename, district, scope)
    if request.method == "POST" and plan.ok:
        try:
            written = importing.apply_import(plan)
        except importing.StaleImportError as error:
            messages.error(request, str(error))
            return redirect("allocation:arrival-import-preview", ags=ags, token=token)
        uploads.discard(token)
        message = ngettext(
            "Import finished: {n} arrival recorded.",
            "Import finished: {n} arrivals recorded.",
            written,
        )
        messages.success(request, message.format(n=written))
        return redirect(reverse("allocation:period-list", kwargs={"ags": ags}))
    context = {
        "district": district,
        "plan": plan,
        "totals": plan.by_municipality if plan.ok else [],
        "filename": filename,
        "token": token,
    }
    return render(request, "allocation/arrival_import_preview.html", context)
