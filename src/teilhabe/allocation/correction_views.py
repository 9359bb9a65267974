"""Correcting and cancelling an arrival or a capacity: whoever may enter them (coordinators,
the municipality's editors), with a reason, while the period is open. Arrivals and capacities
share one page and one flow; `Kind` says what differs."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from teilhabe.allocation import corrections, register
from teilhabe.allocation.forms import ArrivalCorrectionForm, CancelForm, CapacityCorrectionForm
from teilhabe.allocation.models import Arrival, Capacity, Correction, CorrectionKind
from teilhabe.core.confirm import Question, ask_first
from teilhabe.core.scoping import require, scope_of


@dataclass(frozen=True)
class Kind:
    """What differs between correcting an arrival and a capacity."""

    key: str  # CorrectionKind
    model: type[Arrival] | type[Capacity]
    form: type[ArrivalCorrectionForm] | type[CapacityCorrectionForm]
    correct: Callable[[int, dict[str, Any], str, Any], Any]
    cancel: Callable[[int, str, Any], Any]
    entry: str  # URL name of the municipality's entry page, where the flow returns
    correct_url: str
    cancel_url: str
    title: str | Promise
    corrected: str | Promise
    cancelled: str | Promise
    question: Question


ARRIVAL = Kind(
    CorrectionKind.ARRIVAL,
    Arrival,
    ArrivalCorrectionForm,
    corrections.correct_arrival,
    corrections.cancel_arrival,
    "allocation:arrival-create",
    "allocation:arrival-correct",
    "allocation:arrival-cancel",
    _("Correct arrival"),
    _("The arrival has been corrected."),
    _("The arrival has been cancelled; it no longer counts."),
    Question(
        _("Cancel the arrival of %(persons)s persons on %(date)s?"),
        _(
            "It no longer counts toward the quota of %(municipality)s. Its figures and your "
            "reason are kept in the list of corrections."
        ),
        _("Cancel arrival"),
    ),
)
CAPACITY = Kind(
    CorrectionKind.CAPACITY,
    Capacity,
    CapacityCorrectionForm,
    corrections.correct_capacity,
    corrections.cancel_capacity,
    "allocation:capacity-create",
    "allocation:capacity-correct",
    "allocation:capacity-cancel",
    _("Correct capacity"),
    _("The capacity has been corrected."),
    _("The capacity has been cancelled."),
    Question(
        _("Cancel the capacity of %(date)s?"),
        _(
            "%(municipality)s then counts with the capacity recorded before it. Its figures "
            "and your reason are kept in the list of corrections."
        ),
        _("Cancel capacity"),
    ),
)


def _record(request: HttpRequest, kind: Kind, pk: int) -> Any:
    """The record, if the user may see it (else 404) and enter such records (else 403)."""
    scope = scope_of(request)
    record: Model = scope.get(kind.model.objects.select_related("municipality__district"), pk=pk)
    require(scope.can_edit_municipality(record.municipality))  # type: ignore[attr-defined]
    return record


def _page(
    request: HttpRequest,
    kind: Kind,
    record: Any,
    form: BaseForm,
    cancel_form: BaseForm,
    status: int = 200,
) -> HttpResponse:
    municipality = record.municipality
    if kind is CAPACITY and register.housing_of(municipality, timezone.localdate()) is not None:
        for name in ("housing_total", "housing_occupied"):  # the register decides them
            form.fields[name].disabled = True
    history = Correction.objects.filter(
        municipality=municipality, kind=kind.key, record_id=record.pk
    ).select_related("made_by")
    context = {
        "kind": kind,
        "record": record,
        "municipality": municipality,
        "form": form,
        "cancel_form": cancel_form,
        "cancel_url": reverse(kind.cancel_url, args=[record.pk]),
        "back": reverse(kind.entry, args=[municipality.ars]),
        "history": [(c, corrections.changes(c)) for c in history],
    }
    return render(request, "allocation/correction_form.html", context, status=status)


def _failed(form: BaseForm, error: ValidationError) -> None:
    for message in error.messages:
        form.add_error(None, message)


def _correct(request: HttpRequest, kind: Kind, pk: int) -> HttpResponse:
    record = _record(request, kind, pk)
    form = kind.form(request.POST or None, instance=record)
    if request.method == "POST" and form.is_valid():
        values = {k: v for k, v in form.cleaned_data.items() if k != "reason"}
        try:
            kind.correct(record.pk, values, form.cleaned_data["reason"], request.user)
        except ValidationError as error:
            _failed(form, error)
        else:
            messages.success(request, str(kind.corrected))
            return redirect(kind.entry, ars=record.municipality.ars)
    status = 400 if form.errors else 200
    return _page(request, kind, record, form, CancelForm(prefix="cancel"), status)


def _cancel(request: HttpRequest, kind: Kind, pk: int) -> HttpResponse:
    record = _record(request, kind, pk)
    form = CancelForm(request.POST, prefix="cancel")
    if not form.is_valid():
        return _page(request, kind, record, kind.form(instance=record), form, 400)
    back = reverse(kind.correct_url, args=[record.pk])
    names = {"municipality": record.municipality.name, "date": f"{record.date:%d.%m.%Y}"}
    if kind is ARRIVAL:
        names["persons"] = str(record.persons)
    if page := ask_first(request, kind.question, back, **names):
        return page
    try:
        kind.cancel(record.pk, form.cleaned_data["reason"], request.user)
    except ValidationError as error:
        _failed(form, error)
        return _page(request, kind, record, kind.form(instance=record), form, 400)
    messages.success(request, str(kind.cancelled))
    return redirect(kind.entry, ars=record.municipality.ars)


@require_http_methods(["GET", "POST"])
def arrival_correct(request: HttpRequest, pk: int) -> HttpResponse:
    return _correct(request, ARRIVAL, pk)


@require_POST
def arrival_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    return _cancel(request, ARRIVAL, pk)


@require_http_methods(["GET", "POST"])
def capacity_correct(request: HttpRequest, pk: int) -> HttpResponse:
    return _correct(request, CAPACITY, pk)


@require_POST
def capacity_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    return _cancel(request, CAPACITY, pk)
