import datetime
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from teilhabe.core import parsing
from teilhabe.core.errors import EditConflict
from teilhabe.core.scoping import Scope, require, scope_of
from teilhabe.core.tabular.pages import ImportPages
from teilhabe.inventory import display, exports, importing, queries, services, tabular
from teilhabe.inventory.forms import (
    ActivityForm,
    CategoryForm,
    ChangesForm,
    EndActivityForm,
    FilterForm,
    ImportForm,
    SearchForm,
)
from teilhabe.inventory.models import Activity, Category
from teilhabe.regions.models import District


def _activity(request: HttpRequest, pk: int) -> Activity:
    related = Activity.objects.select_related("district", "municipality", "category")
    return scope_of(request).get(related, pk=pk)


def _may_edit(scope: Scope, activity: Activity) -> bool:
    if activity.municipality_id and activity.municipality:
        return scope.can_edit_municipality(activity.municipality)
    return scope.can_manage_district(activity.district)


def _filters(request: HttpRequest) -> tuple[FilterForm, queries.Filters]:
    form = FilterForm(request.GET or None)
    if not form.is_valid():
        return form, queries.Filters()
    data = form.cleaned_data
    return form, queries.Filters(
        statuses=tuple(data["status"]),
        provider_kinds=(data["provider_kind"],) if data["provider_kind"] else (),
        target_group=data["target_group"],
        as_of=data["as_of"],
    )


@require_GET
def matrix(request: HttpRequest, ags: str) -> HttpResponse:
    district = scope_of(request).district(ags)
    form, filters = _filters(request)
    context = {
        "district": district,
        "matrix": queries.matrix(district, filters),
        "form": form,
        "filters": filters,
        "query": request.GET.urlencode(),
        "can_contribute": scope_of(request).can_contribute(district),
        "legend": display.legend(),
        "wide": True,  # the matrix needs the whole width of the screen
    }
    return render(request, "inventory/matrix.html", context)


@require_GET
def matrix_export(request: HttpRequest, ags: str, fmt: str) -> HttpResponse:
    district = scope_of(request).district(ags)
    _, filters = _filters(request)
    return exports.matrix_response(district, queries.matrix(district, filters), fmt)


def _search(request: HttpRequest, district: District) -> tuple[SearchForm, dict[str, Any]]:
    """The list's search form and what it asks for (everything when it is invalid)."""
    form = SearchForm(request.GET or None, district=district)
    if not form.is_valid():
        # A place or field that is no choice (an old or edited link) matches nothing.
        raw = {k: request.GET.get(k, "") for k in ("municipality", "category")}
        return form, {
            "filters": queries.Filters(),
            "place": raw["municipality"],
            "category": raw["category"],
        }
    data = form.cleaned_data
    filters = queries.Filters(
        statuses=tuple(data["status"]),
        provider_kinds=(data["provider_kind"],) if data["provider_kind"] else (),
        target_group=data["target_group"],
        as_of=data["as_of"],
        text=data["q"].strip(),
        confirmed_before=data["confirmed_before"],
    )
    category = data["category"]
    return form, {
        "filters": filters,
        "place": data["municipality"],
        "category": str(category.pk) if category else "",
        "sort": data["sort"] or "place",
    }


@require_GET
def activity_list(request: HttpRequest, ags: str) -> HttpResponse:
    district = scope_of(request).district(ags)
    form, search = _search(request, district)
    context = {
        "district": district,
        "activities": queries.activity_list(district, **search),
        "form": form,
        "filters": search["filters"],
        "query": request.GET.urlencode(),
        "can_contribute": scope_of(request).can_contribute(district),
    }
    if request.headers.get("HX-Request"):  # the search form swaps only the results
        return render(request, "inventory/activity_list.html#results", context)
    return render(request, "inventory/activity_list.html", context)


@require_GET
def activity_export(request: HttpRequest, ags: str, fmt: str) -> HttpResponse:
    district = scope_of(request).district(ags)
    _, search = _search(request, district)  # the rows the list shows
    return exports.activities_response(district, queries.activity_list(district, **search), fmt)


@require_GET
def activity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    activity = _activity(request, pk)
    history = activity.history.select_related("history_user").order_by("-history_date")
    context = {
        "activity": activity,
        "history": display.history_rows(list(history)),
        "can_edit": _may_edit(scope_of(request), activity),
    }
    return render(request, "inventory/activity_detail.html", context)


def _activity_form(request: HttpRequest, district: District, **kwargs: Any) -> ActivityForm:
    scope = scope_of(request)
    return ActivityForm(
        request.POST or None,
        district=district,
        municipalities=scope.editable_municipalities(district),
        allow_district_wide=scope.can_manage_district(district),
        **kwargs,
    )


@require_http_methods(["GET", "POST"])
def activity_create(request: HttpRequest, ags: str) -> HttpResponse:
    district = scope_of(request).district(ags)
    require(scope_of(request).can_contribute(district))
    initial = {}
    if (ars := request.GET.get("municipality", "")).isascii() and ars.isdigit():
        initial["municipality"] = district.municipalities.filter(ars=ars).first()
    if category := parsing.optional_id(request.GET.get("category")):
        initial["category"] = Category.objects.filter(district=district, pk=category).first()
    form = _activity_form(request, district, initial=initial)
    if request.method == "POST" and form.is_valid():
        values = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        activity = services.create_activity(district, values)
        messages.success(request, _("“%(title)s” has been recorded.") % {"title": activity.title})
        return redirect("inventory:activity-detail", pk=activity.pk)
    return render(request, "inventory/activity_form.html", {"district": district, "form": form})


@require_http_methods(["GET", "POST"])
def activity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    activity = _activity(request, pk)
    require(_may_edit(scope_of(request), activity))
    form = _activity_form(request, activity.district, instance=activity)
    conflict = None
    if request.method == "POST" and form.is_valid():
        values = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            services.update_activity(activity.pk, values, form.cleaned_data["version"] or 0)
        except EditConflict as error:
            conflict = display.conflict_rows(error.current, values)
            data = request.POST.copy()  # what the form was bound to, made changeable
            data["version"] = str(error.current.version)
            form.data = data
        else:
            messages.success(request, _("The changes have been saved."))
            return redirect("inventory:activity-detail", pk=activity.pk)
    context = {
        "district": activity.district,
        "activity": activity,
        "form": form,
        "conflict": conflict,
    }
    return render(request, "inventory/activity_form.html", context)


@require_http_methods(["GET", "POST"])
def activity_end(request: HttpRequest, pk: int) -> HttpResponse:
    activity = _activity(request, pk)
    require(_may_edit(scope_of(request), activity))
    initial = {"end_date": timezone.localdate(), "version": activity.version}
    form = EndActivityForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.end_activity(
                activity.pk, form.cleaned_data["end_date"], form.cleaned_data["version"]
            )
        except EditConflict:
            messages.error(
                request,
                _(
                    "Someone else changed this activity meanwhile. "
                    "Please check it and end it again."
                ),
            )
            return redirect("inventory:activity-detail", pk=activity.pk)
        messages.success(
            request, _("“%(title)s” has been marked as ended.") % {"title": activity.title}
        )
        return redirect("inventory:activity-detail", pk=activity.pk)
    return render(request, "inventory/activity_end.html", {"activity": activity, "form": form})


@require_GET
def changes(request: HttpRequest, ags: str) -> HttpResponse:
    district = scope_of(request).district(ags)
    today = timezone.localdate()
    form = ChangesForm(
        request.GET or {"since": today - datetime.timedelta(days=60), "until": today}
    )
    grouped = None
    if form.is_valid():
        grouped = queries.changes_between(
            district, form.cleaned_data["since"], form.cleaned_data["until"]
        )
    summary = queries.change_summary(grouped) if grouped else {}
    context = {"district": district, "form": form, "groups": grouped, "summary": summary}
    return render(request, "inventory/changes.html", context)


IMPORT = ImportPages(
    upload_url="inventory:import",
    preview_url="inventory:import-preview",
    done_url="inventory:activity-list",
    form=ImportForm,
    upload_template="inventory/import.html",
    preview_template="inventory/import_preview.html",
    plan=importing.plan_import,
    apply=importing.apply_import,
    done=lambda n: _("Import finished: %(n)d activities saved.") % {"n": n},
)


@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest, ags: str) -> HttpResponse:
    district = scope_of(request).district(ags)
    require(scope_of(request).can_contribute(district))
    return IMPORT.upload(request, district)


@require_http_methods(["GET", "POST"])
def import_preview(request: HttpRequest, ags: str, token: str) -> HttpResponse:
    district = scope_of(request).district(ags)
    require(scope_of(request).can_contribute(district))
    return IMPORT.preview(request, district, token, headers=tabular.HEADERS)


@require_http_methods(["GET", "POST"])
def categories(request: HttpRequest, ags: str) -> HttpResponse:
    district = scope_of(request).district(ags)
    require(scope_of(request).can_manage_district(district))
    form = CategoryForm(request.POST or None, district=district)
    if request.method == "POST" and form.is_valid():
        category = form.save(commit=False)
        category.district = district
        category.key = services.unique_category_key(district, category.name)
        category.save()
        messages.success(request, _("The field of action has been added."))
        return redirect("inventory:categories", ags=ags)
    context = {
        "district": district,
        "categories": Category.objects.filter(district=district),
        "form": form,
    }
    return render(request, "inventory/categories.html", context)
