"""The history pages: the versions of one record, and the district's log (Verlauf) with its
export. The record's model is named in the URL and found in the app registry, so every app's
detail page links here without core importing it."""

from typing import Any
from urllib.parse import urlsplit

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET

from teilhabe.core import history
from teilhabe.core.history_forms import LogFilterForm
from teilhabe.core.scoping import require, scope_of
from teilhabe.core.tabular.download import download
from teilhabe.core.tabular.writer import CONTENT_TYPES, Column, Sheet, csv_bytes, xlsx_bytes

PER_PAGE = 50
EXPORT_LIMIT = 20_000  # versions in one file; the filters narrow a longer log


@require_GET
def object_history(request: HttpRequest, label: str, pk: int) -> HttpResponse:
    model = history.tracked_model(label)
    if model is None:
        raise Http404
    scope = scope_of(request)
    record = scope.get(model._default_manager, pk=pk)  # who may read it, sees this
    page = Paginator(history.versions_of(record), PER_PAGE).get_page(request.GET.get("page"))
    versions = list(page.object_list)
    district = versions[0].history_district_pk if versions else None
    contributes = scope.sees_all or district in scope.coordinated | scope.edited_districts
    hidden = frozenset() if contributes else history.private_fields(model)
    context = {
        "record": record,
        "kind": model._meta.verbose_name,
        "page": page,
        "entries": history.entries(model, versions, hidden=hidden),
        "back": _back(request),
    }
    return render(request, "core/object_history.html", context)


def _back(request: HttpRequest) -> str:
    """The page the user came from (the record's page), if it is one of ours."""
    came_from = request.headers.get("Referer", "")
    ours = url_has_allowed_host_and_scheme(came_from, allowed_hosts={request.get_host()})
    return came_from if ours and urlsplit(came_from).path != request.path else ""


def _reveal(request: HttpRequest, district: Any) -> bool:
    """Private fields (a contact's phone) for those who see them on the pages: coordinators;
    the district's administrators read the log without them."""
    return scope_of(request).can_contribute(district)


def _log(request: HttpRequest, ags: str) -> tuple[Any, LogFilterForm, Any]:
    scope = scope_of(request)
    district = scope.district(ags)
    require(scope.can_read_audit(district.pk))  # coordinators and administrators
    form = LogFilterForm(request.GET or None, district=district)
    chosen = form.chosen() if form.is_valid() else history.LogFilter()
    return district, form, history.district_log(district.pk, chosen)


@require_GET
def district_history(request: HttpRequest, ags: str) -> HttpResponse:
    district, form, log = _log(request, ags)
    page = Paginator(log, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "district": district,
        "form": form,
        "page": page,
        "entries": history.log_entries(page.object_list, _reveal(request, district)),
        "query": query.urlencode(),
    }
    return render(request, "core/district_history.html", context)


@require_GET
def district_history_export(request: HttpRequest, ags: str, fmt: str) -> HttpResponse:
    if fmt not in CONTENT_TYPES:
        raise Http404
    district, _form, log = _log(request, ags)
    lines = history.log_entries(list(log[:EXPORT_LIMIT]), _reveal(request, district))
    headers = [_("When"), _("Who"), _("Kind of record"), pgettext("history", "Record")]
    headers += [pgettext("history", "Action")]
    headers += [_("Field"), _("Old value"), _("New value")]
    rows = []
    for line in lines:
        when = timezone.localtime(line.when).replace(tzinfo=None, microsecond=0)
        start = [when, line.who, line.kind, line.title, line.action]
        if not line.changes:
            rows.append([*start, "", "", ""])
        for change in line.changes:
            rows.append([*start, change.label, change.old, change.new])
    stem = f"verlauf-{district.ags}-{timezone.localdate():%Y-%m-%d}"
    if fmt == "csv":
        return download(csv_bytes([headers, *rows]), f"{stem}.csv")
    title = _("History of %(district)s") % {"district": district.name}
    columns = [Column(header) for header in headers]
    sheet = Sheet(_("History"), columns, rows, above=[[title]], auto_filter=True)
    return download(xlsx_bytes([sheet], title=title), f"{stem}.xlsx")
