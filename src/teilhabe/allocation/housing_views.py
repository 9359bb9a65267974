"""Pages of the housing register (Unterkünfte): the district's units by municipality, and
adding, changing and removing a unit. Municipal editors keep their own municipality's units,
the coordinators every unit of the district; everybody in the district reads them."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from teilhabe.allocation import register, services
from teilhabe.allocation.models import HousingUnit
from teilhabe.allocation.register_forms import HousingUnitForm
from teilhabe.core.confirm import Question, ask_first
from teilhabe.core.errors import EditConflict
from teilhabe.core.scoping import require, scope_of
from teilhabe.regions.models import Municipality

FIELDS = ("label", "kind", "places", "occupied", "barrier_free", "available_from")


def _unit(request: HttpRequest, pk: int) -> HousingUnit:
    """A unit the user may change (404 outside the district, 403 for another municipality)."""
    scope = scope_of(request)
    unit = scope.get(HousingUnit.objects.select_related("municipality__district"), pk=pk)
    require(scope.can_edit_municipality(unit.municipality))
    return unit


def _register_url(municipality: Municipality) -> str:
    url = reverse("allocation:unit-list", kwargs={"ags": municipality.district.ags})
    return f"{url}#m-{municipality.ars}"


def _refused(form: HousingUnitForm, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        for message in error.messages:
            form.add_error(None, message)


@require_GET
def unit_list(request: HttpRequest, ags: str) -> HttpResponse:
    scope = scope_of(request)
    district = scope.district(ags)
    today = timezone.localdate()
    figures = register.housing(district.pk, today)
    units: dict[int, list[HousingUnit]] = {}
    for unit in register.units_of(district.pk):
        units.setdefault(unit.municipality_id, []).append(unit)
    editable = {m.pk for m in scope.editable_municipalities(district)}
    rows = [
        (m, figures.get(m.pk), units.get(m.pk, []), m.pk in editable)
        for m in district.municipalities.order_by("name")
    ]
    context = {"district": district, "rows": rows, "today": today, "wide": True}
    return render(request, "allocation/unit_list.html", context)


@require_http_methods(["GET", "POST"])
def unit_create(request: HttpRequest, ars: str) -> HttpResponse:
    scope = scope_of(request)
    municipality = scope.get(Municipality.objects.select_related("district"), ars=ars)
    require(scope.can_edit_municipality(municipality))
    form = HousingUnitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            unit = services.create_unit(municipality, form.values())
        except ValidationError as error:
            _refused(form, error)
        else:
            messages.success(request, _("“%(label)s” has been added.") % {"label": unit.label})
            return redirect(_register_url(municipality))
    context = {"municipality": municipality, "form": form, "unit": None}
    return render(request, "allocation/unit_form.html", context)


@require_http_methods(["GET", "POST"])
def unit_edit(request: HttpRequest, pk: int) -> HttpResponse:
    unit = _unit(request, pk)
    initial = {name: getattr(unit, name) for name in FIELDS} | {"version": unit.version}
    form = HousingUnitForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_unit(unit.pk, form.values(), form.cleaned_data["version"] or 0)
        except EditConflict as conflict:
            data = request.POST.copy()
            data["version"] = str(conflict.current.version)
            form.data = data
            form.add_error(
                None,
                _(
                    "Someone else changed this unit meanwhile: it now has %(places)d places, "
                    "%(occupied)d of them occupied. Check your entries and save again."
                )
                % {"places": conflict.current.places, "occupied": conflict.current.occupied},
            )
        except ValidationError as error:
            _refused(form, error)
        else:
            messages.success(request, _("The changes have been saved."))
            return redirect(_register_url(unit.municipality))
    context = {"municipality": unit.municipality, "form": form, "unit": unit}
    return render(request, "allocation/unit_form.html", context)


DELETE_UNIT = Question(
    gettext_lazy("Remove “%(label)s” from the housing register?"),
    gettext_lazy(
        "Its places no longer count for %(municipality)s. Placements confirmed into it keep "
        "their record."
    ),
    gettext_lazy("Remove unit"),
)


@require_POST
def unit_delete(request: HttpRequest, pk: int) -> HttpResponse:
    unit = _unit(request, pk)
    back = reverse("allocation:unit-edit", args=[unit.pk])
    if page := ask_first(
        request, DELETE_UNIT, back, label=unit.label, municipality=unit.municipality.name
    ):
        return page
    services.delete_unit(unit.pk)
    messages.success(request, _("“%(label)s” has been removed.") % {"label": unit.label})
    return redirect(_register_url(unit.municipality))
