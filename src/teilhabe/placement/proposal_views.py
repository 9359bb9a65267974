"""The placement proposal of a batch: reading it (everybody in the district), fixing a line by
hand and confirming (the coordinators), and the lines as XLSX or CSV."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from teilhabe.allocation import register
from teilhabe.core.confirm import Question, ask_first, is_confirmed
from teilhabe.core.scoping import scope_of
from teilhabe.core.tabular.download import download
from teilhabe.placement import exports, presentation, proposals, services
from teilhabe.placement.forms import ChoiceForm
from teilhabe.placement.models import AnnouncedHousehold, Batch
from teilhabe.placement.views import find_batch


def _choices(batch: Batch, lines: list[proposals.Line]) -> dict[int, ChoiceForm]:
    """One form per line: the units available on the day of arrival, by municipality."""
    units = [u for u in register.units_of(batch.district_id) if u.available_on(batch.arrival_date)]
    return {
        line.household.pk: ChoiceForm(
            units=units,
            initial={"unit": str(line.household.chosen_unit_id or "")},
            prefix=f"h{line.household.pk}",
        )
        for line in lines
    }


@require_GET
def proposal(request: HttpRequest, ags: str, pk: int) -> HttpResponse:
    batch = find_batch(request, ags, pk)
    if batch.is_confirmed:
        return redirect("placement:batch-detail", ags=ags, pk=batch.pk)
    can_manage = scope_of(request).can_manage_district(batch.district)
    found = proposals.propose_batch(batch)
    context: dict[str, object] = {
        "district": batch.district,
        "batch": batch,
        "can_manage": can_manage,
        "wide": True,
    }
    if isinstance(found, proposals.Refusal):
        context["refusal"] = found.message
        return render(request, "placement/proposal.html", context)
    choices = _choices(batch, found.lines) if can_manage else {}
    shown = presentation.lines(found)
    context |= {
        "proposal": found,
        "rows": [(line, choices.get(line.household.pk)) for line in shown],
        "municipalities": found.municipalities,
        "goals": presentation.goals(
            found.figures,
            found.persons,
            len(found.lines),
            found.expected_households,
            batch.period.end,
        ),
        "comparison": presentation.comparison(found.figures, found.baseline),
        "cost": presentation.comparison(found.figures, found.optimum) if found.optimum else None,
    }
    return render(request, "placement/proposal.html", context)


@require_POST
def line_choose(request: HttpRequest, ags: str, pk: int, household: int) -> HttpResponse:
    batch = find_batch(request, ags, pk, manage=True)
    row = get_object_or_404(AnnouncedHousehold, batch=batch, pk=household)
    units = list(register.units_of(batch.district_id))
    form = ChoiceForm(request.POST, units=units, prefix=f"h{row.pk}")
    back = reverse("placement:proposal", args=[ags, batch.pk]) + f"#line-{row.pk}"
    if not form.is_valid():
        messages.error(request, _("Please choose one of the units listed."))
        return redirect(back)
    unit = form.chosen()
    try:
        services.choose_unit(row.pk, unit)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(back)
    if unit is None:
        text = _("Household %(n)d is proposed again.") % {"n": row.position}
    else:
        text = _(
            "Household %(n)d goes into “%(unit)s” (%(municipality)s), as chosen by hand; the "
            "other lines have been proposed again around it."
        ) % {"n": row.position, "unit": unit.label, "municipality": unit.municipality.name}
    messages.success(request, text)
    return redirect(back)


CONFIRM = Question(
    gettext_lazy("Confirm the placement of “%(name)s”?"),
    gettext_lazy(
        "%(placed)s of %(persons)s persons become arrivals of %(day)s in their municipalities, "
        "counted toward the quota of “%(period)s”, and occupy their units. %(unplaced)s "
        "The batch can then no longer be changed."
    ),
    gettext_lazy("Confirm placement"),
)


@require_POST
def batch_confirm(request: HttpRequest, ags: str, pk: int) -> HttpResponse:
    batch = find_batch(request, ags, pk, manage=True)
    back = reverse("placement:proposal", args=[ags, batch.pk])
    shown = request.POST.get("digest", "")
    if not is_confirmed(request):
        found = proposals.propose_batch(batch)
        if isinstance(found, proposals.Refusal):
            messages.error(request, found.message)
            return redirect(back)
        missing = len(found.unplaced)
        page = ask_first(
            request,
            CONFIRM,
            back,
            name=batch.name,
            placed=found.figures["persons"],
            persons=found.persons,
            day=f"{batch.arrival_date:%d.%m.%Y}",
            period=batch.period.name,
            unplaced=_("%(n)d households stay without a place.") % {"n": missing}
            if missing
            else "",
        )
        if page:
            return page
    try:
        services.confirm_batch(batch.pk, shown, request.user)
    except services.StaleProposal:
        messages.warning(
            request,
            _(
                "The data changed after you read the proposal (a unit, a target or a household). "
                "Nothing has been saved. Please read the proposal below again and confirm it."
            ),
        )
        return redirect(back)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(back)
    messages.success(
        request,
        _(
            "The placement is confirmed: the households are recorded as arrivals and occupy "
            "their units."
        ),
    )
    return redirect("placement:batch-detail", ags=ags, pk=batch.pk)


@require_GET
def batch_export(request: HttpRequest, ags: str, pk: int, fmt: str) -> HttpResponse:
    if fmt not in ("xlsx", "csv"):
        raise Http404
    batch = find_batch(request, ags, pk)
    content = exports.batch_file(batch, fmt)
    return download(content, f"unterbringung-{batch.pk}.{fmt}")
