from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from teilhabe.allocation import exports, queries, register, services
from teilhabe.allocation.forms import (
    AdjustmentForm,
    ArrivalForm,
    CapacityForm,
    NextForm,
    PeriodForm,
    WhatIfForm,
)
from teilhabe.allocation.models import AllocationPeriod, Arrival, Capacity
from teilhabe.core.confirm import Question, ask_first
from teilhabe.core.scoping import require, scope_of
from teilhabe.engine import allocation as engine
from teilhabe.engine.apportionment import Method
from teilhabe.regions.models import Municipality


def _period(request: HttpRequest, pk: int) -> AllocationPeriod:
    return scope_of(request).get(AllocationPeriod.objects.select_related("district"), pk=pk)


def _failed(form: BaseForm, error: ValidationError) -> None:
    for message in error.messages:
        form.add_error(None, message)


@require_GET
def period_list(request: HttpRequest, ags: str) -> HttpResponse:
    district = scope_of(request).district(ags)
    context = {
        "district": district,
        "periods": district.allocation_periods.order_by("-start"),
        "can_manage": scope_of(request).can_manage_district(district),
        "editable": scope_of(request).editable_municipalities(district),
    }
    return render(request, "allocation/period_list.html", context)


@require_http_methods(["GET", "POST"])
def period_create(request: HttpRequest, ags: str) -> HttpResponse:
    district = scope_of(request).district(ags)
    require(scope_of(request).can_manage_district(district))
    initial = {"population_date": district.population_date, "method": Method.HARE_NIEMEYER}
    form = PeriodForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            period = services.create_period(district, form.cleaned_data)
        except ValidationError as error:
            _failed(form, error)
        else:
            messages.success(request, _("The period has been created."))
            return redirect("allocation:period-detail", pk=period.pk)
    return render(request, "allocation/period_form.html", {"district": district, "form": form})


@require_GET
def period_detail(request: HttpRequest, pk: int) -> HttpResponse:
    period = _period(request, pk)
    scope = scope_of(request)
    view = queries.period_view(period)
    next_form = NextForm(request.GET if "household" in request.GET else None)
    ranking = None
    if next_form.is_valid():
        ranking = engine.who_is_next(
            [r.status for r in view.rows], next_form.cleaned_data["household"]
        )
    names = {r.municipality.ars: r.municipality for r in view.rows}
    context = {
        "period": period,
        "district": period.district,
        "view": view,
        "next_form": next_form,
        "ranking": [(names[s.key], s) for s in ranking] if ranking is not None else None,
        "can_manage": scope.can_manage_district(period.district),
        "editable": {m.pk for m in scope.editable_municipalities(period.district)},
        "arrivals": Arrival.objects.filter(
            municipality__district=period.district, date__range=(period.start, period.end)
        ).select_related("municipality")[:50],
        "wide": True,
        "period_over": period.end < timezone.localdate(),
    }
    return render(request, "allocation/period_detail.html", context)


CLOSE_PERIOD = Question(
    gettext_lazy("Close the period %(name)s?"),
    gettext_lazy("Its figures are then frozen and no more arrivals can be recorded in it."),
    gettext_lazy("Close period"),
)


@require_POST
def period_close(request: HttpRequest, pk: int) -> HttpResponse:
    period = _period(request, pk)
    require(scope_of(request).can_manage_district(period.district))
    back = reverse("allocation:period-detail", args=[period.pk])
    if page := ask_first(request, CLOSE_PERIOD, back, name=period.name):
        return page
    try:
        services.close_period(period)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The period has been closed; its figures are frozen."))
    return redirect("allocation:period-detail", pk=period.pk)


@require_http_methods(["GET", "POST"])
def adjustment_create(request: HttpRequest, pk: int) -> HttpResponse:
    period = _period(request, pk)
    require(scope_of(request).can_manage_district(period.district))
    form = AdjustmentForm(request.POST or None, district=period.district)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_adjustment(period, form.cleaned_data)
        except ValidationError as error:
            _failed(form, error)
        else:
            messages.success(request, _("The credit or exemption has been saved."))
            return redirect("allocation:period-detail", pk=period.pk)
    return render(
        request,
        "allocation/simple_form.html",
        {"title": _("Credit or exemption"), "period": period, "form": form},
    )


@require_GET
def whatif(request: HttpRequest, pk: int) -> HttpResponse:
    period = _period(request, pk)
    form = WhatIfForm(request.GET or None)
    scenario = None
    if form.is_valid():
        scenario = queries.what_if(period, form.cleaned_data["persons"])
    context = {"period": period, "district": period.district, "form": form, "scenario": scenario}
    return render(request, "allocation/whatif.html", context)


@require_GET
def transparency(request: HttpRequest, pk: int, ars: str) -> HttpResponse:
    period = _period(request, pk)
    view = queries.period_view(period)
    row = view.row(ars)
    if row is None:
        raise Http404
    context = {
        "period": period,
        "district": period.district,
        "row": row,
        "steps": queries.transparency(view, row),
    }
    return render(request, "allocation/transparency.html", context)


@require_GET
def period_export(request: HttpRequest, pk: int) -> HttpResponse:
    period = _period(request, pk)
    return exports.period_xlsx(period, queries.period_view(period))


def _municipality_for_edit(request: HttpRequest, ars: str) -> Municipality:
    scope = scope_of(request)
    municipality = scope.get(Municipality.objects.select_related("district"), ars=ars)
    require(scope.can_edit_municipality(municipality))
    return municipality


@require_http_methods(["GET", "POST"])
def arrival_create(request: HttpRequest, ars: str) -> HttpResponse:
    municipality = _municipality_for_edit(request, ars)
    form = ArrivalForm(request.POST or None, initial={"date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.record_arrival(municipality, form.cleaned_data)
        except ValidationError as error:
            _failed(form, error)
        else:
            messages.success(request, _("The arrival has been recorded."))
            return redirect("allocation:arrival-create", ars=ars)
    recent = Arrival.objects.filter(municipality=municipality)[:20]
    return render(
        request,
        "allocation/arrival_form.html",
        {"municipality": municipality, "form": form, "recent": recent},
    )


@require_http_methods(["GET", "POST"])
def capacity_create(request: HttpRequest, ars: str) -> HttpResponse:
    municipality = _municipality_for_edit(request, ars)
    latest = Capacity.objects.filter(municipality=municipality).first()
    initial: dict[str, Any] = {"date": timezone.localdate()}
    if latest:
        initial |= {
            f: getattr(latest, f)
            for f in (
                "housing_total",
                "housing_occupied",
                "staff_fte",
                "language_course_places",
                "childcare_places",
            )
        }
    housing = register.housing_of(municipality, timezone.localdate())
    if housing is not None:  # the register decides; the fields show what it says
        initial["housing_total"] = housing.places
        initial["housing_occupied"] = housing.occupied
    form = CapacityForm(request.POST or None, initial=initial)
    for name in ("housing_total", "housing_occupied"):
        form.fields[name].disabled = housing is not None
    if request.method == "POST" and form.is_valid():
        try:
            services.record_capacity(municipality, form.cleaned_data)
        except ValidationError as error:
            _failed(form, error)
        else:
            messages.success(request, _("The capacity has been recorded."))
            return redirect("allocation:capacity-create", ars=ars)
    history = Capacity.objects.filter(municipality=municipality)[:20]
    return render(
        request,
        "allocation/capacity_form.html",
        {"municipality": municipality, "form": form, "history": history, "housing": housing},
    )
