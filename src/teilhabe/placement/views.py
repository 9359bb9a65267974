"""Pages of the announced batches: the list, a batch with its households (entered line by line,
htmx swaps the table in place; without JavaScript every form works as a plain POST), and the
batch's name and arrival date. Everybody in the district reads them; the coordinators write."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from teilhabe.core.confirm import Question, ask_first
from teilhabe.core.scoping import require, scope_of
from teilhabe.placement import services
from teilhabe.placement.forms import BatchForm, HouseholdForm
from teilhabe.placement.models import AnnouncedHousehold, Batch
from teilhabe.placement.presentation import batch_lines, frozen
from teilhabe.regions.models import District


def find_batch(request: HttpRequest, ags: str, pk: int, manage: bool = False) -> Batch:
    """The batch of the district (404 elsewhere); `manage`: only its coordinators (403)."""
    scope = scope_of(request)
    district = scope.district(ags)
    if manage:
        require(scope.can_manage_district(district))
    return get_object_or_404(
        Batch.objects.select_related("district", "period", "confirmed_by"), district=district, pk=pk
    )


def _htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _failed(form: BatchForm | HouseholdForm, error: ValidationError) -> None:
    for message in error.messages:
        form.add_error(None, message)


@require_GET
def batch_list(request: HttpRequest, ags: str) -> HttpResponse:
    scope = scope_of(request)
    district = scope.district(ags)
    batches = (
        Batch.objects.filter(district=district)
        .select_related("period")
        .prefetch_related("households")
    )
    context = {
        "district": district,
        "drafts": [b for b in batches if not b.is_confirmed],
        "confirmed": [b for b in batches if b.is_confirmed],
        "can_manage": scope.can_manage_district(district),
    }
    return render(request, "placement/batch_list.html", context)


@require_http_methods(["GET", "POST"])
def batch_create(request: HttpRequest, ags: str) -> HttpResponse:
    scope = scope_of(request)
    district: District = scope.district(ags)
    require(scope.can_manage_district(district))
    form = BatchForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            batch = services.create_batch(district, form.cleaned_data)
        except ValidationError as error:
            _failed(form, error)
        else:
            messages.success(request, _("The batch has been created. Now enter its households."))
            return redirect("placement:batch-detail", ags=ags, pk=batch.pk)
    return render(request, "placement/batch_form.html", {"district": district, "form": form})


@require_http_methods(["GET", "POST"])
def batch_edit(request: HttpRequest, ags: str, pk: int) -> HttpResponse:
    batch = find_batch(request, ags, pk, manage=True)
    initial = {"name": batch.name, "arrival_date": batch.arrival_date, "kind": batch.kind}
    form = BatchForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_batch(batch.pk, form.cleaned_data)
        except ValidationError as error:
            _failed(form, error)
        else:
            messages.success(request, _("The changes have been saved."))
            return redirect("placement:batch-detail", ags=ags, pk=batch.pk)
    context = {"district": batch.district, "form": form, "batch": batch}
    return render(request, "placement/batch_form.html", context)


DELETE_BATCH = Question(
    gettext_lazy("Delete the batch “%(name)s”?"),
    gettext_lazy("Its %(n)s households are deleted with it. Nothing has been placed yet."),
    gettext_lazy("Delete batch"),
)


@require_POST
def batch_delete(request: HttpRequest, ags: str, pk: int) -> HttpResponse:
    batch = find_batch(request, ags, pk, manage=True)
    back = reverse("placement:batch-detail", args=[ags, batch.pk])
    if page := ask_first(request, DELETE_BATCH, back, name=batch.name, n=batch.households.count()):
        return page
    try:
        services.delete_batch(batch.pk)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(back)
    messages.success(request, _("The batch has been deleted."))
    return redirect("placement:batch-list", ags=ags)


def _detail(
    request: HttpRequest,
    batch: Batch,
    form: HouseholdForm | None = None,
    editing: AnnouncedHousehold | None = None,
    edit_form: HouseholdForm | None = None,
    status: str = "",
) -> HttpResponse:
    """The batch page, or only its households (`#households`) for an htmx request."""
    can_manage = scope_of(request).can_manage_district(batch.district)
    households = list(batch.households.select_related("unit", "municipality"))
    if form is None:
        form = HouseholdForm()
        if status:  # the next line is typed right away: the cursor goes back to "persons"
            form.fields["size"].widget.attrs["autofocus"] = True
    context = {
        "district": batch.district,
        "batch": batch,
        "households": households,
        "persons": sum(h.size for h in households),
        "lines": batch_lines(batch, households) if batch.is_confirmed else [],
        "outcome": frozen(batch) if batch.is_confirmed else None,
        "can_edit": can_manage and not batch.is_confirmed,
        "form": form,
        "editing": editing,
        "edit_form": edit_form,
        "status": status,
    }
    name = "placement/batch_detail.html"
    return render(request, f"{name}#households" if _htmx(request) else name, context)


@require_GET
def batch_detail(request: HttpRequest, ags: str, pk: int) -> HttpResponse:
    batch = find_batch(request, ags, pk)
    editing = None
    if (wanted := request.GET.get("edit", "")).isascii() and wanted.isdigit():
        editing = batch.households.filter(pk=int(wanted[:18])).first()
    edit_form = None
    if editing is not None:
        edit_form = HouseholdForm(initial=_values(editing), prefix="edit")
    return _detail(request, batch, editing=editing, edit_form=edit_form)


def _values(household: AnnouncedHousehold) -> dict[str, object]:
    return {
        "size": household.size,
        "barrier_free": household.barrier_free,
        "children": household.children,
    }


def _back(ags: str, batch: Batch) -> str:
    return reverse("placement:batch-detail", args=[ags, batch.pk]) + "#households"


@require_POST
def household_add(request: HttpRequest, ags: str, pk: int) -> HttpResponse:
    batch = find_batch(request, ags, pk, manage=True)
    form = HouseholdForm(request.POST)
    if form.is_valid():
        try:
            household = services.add_household(batch.pk, form.cleaned_data)
        except ValidationError as error:
            _failed(form, error)
        else:
            status = ngettext(
                "Household %(n)d added (%(size)d person).",
                "Household %(n)d added (%(size)d persons).",
                household.size,
            ) % {"n": household.position, "size": household.size}
            if not _htmx(request):
                messages.success(request, status)
                return redirect(_back(ags, batch))
            return _detail(request, batch, status=status)
    return _detail(request, batch, form=form)


@require_http_methods(["GET", "POST"])
def household_edit(request: HttpRequest, ags: str, pk: int, household: int) -> HttpResponse:
    batch = find_batch(request, ags, pk, manage=True)
    row = get_object_or_404(AnnouncedHousehold, batch=batch, pk=household)
    if request.method == "GET":
        if not _htmx(request):
            return redirect(
                reverse("placement:batch-detail", args=[ags, batch.pk])
                + f"?edit={row.pk}#households"
            )
        form = HouseholdForm(initial=_values(row), prefix="edit")
        return _detail(request, batch, editing=row, edit_form=form)
    form = HouseholdForm(request.POST, prefix="edit")
    if form.is_valid():
        try:
            services.update_household(row.pk, form.cleaned_data)
        except ValidationError as error:
            _failed(form, error)
        else:
            status = _("Household %(n)d saved.") % {"n": row.position}
            if not _htmx(request):
                messages.success(request, status)
                return redirect(_back(ags, batch))
            return _detail(request, batch, status=status)
    return _detail(request, batch, editing=row, edit_form=form)


@require_POST
def household_remove(request: HttpRequest, ags: str, pk: int, household: int) -> HttpResponse:
    batch = find_batch(request, ags, pk, manage=True)
    row = get_object_or_404(AnnouncedHousehold, batch=batch, pk=household)
    try:
        services.remove_household(row.pk)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(_back(ags, batch))
    status = _("Household %(n)d removed; the lines after it moved up.") % {"n": row.position}
    if not _htmx(request):
        messages.success(request, status)
        return redirect(_back(ags, batch))
    return _detail(request, batch, status=status)
