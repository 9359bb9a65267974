import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from teilhabe.core import parsing
from teilhabe.core.scoping import require, scope_of
from teilhabe.regions import queries
from teilhabe.regions.forms import MunicipalityForm
from teilhabe.regions.models import DataSource, District, Municipality


@login_not_required
@require_GET
def about(request: HttpRequest) -> HttpResponse:
    """What Teilhabe is, and where its reference data come from (with their licences)."""
    return render(request, "regions/about.html", {"sources": DataSource.objects.all()})


@require_GET
def district_list(request: HttpRequest) -> HttpResponse:
    districts = list(scope_of(request).filter(District.objects.order_by("name")))
    if len(districts) == 1:
        return redirect("regions:district-detail", ags=districts[0].ags)
    return render(request, "regions/district_list.html", {"districts": districts})


def _reference_date(request: HttpRequest) -> datetime.date | None:
    """The reference date asked for; a wrong one falls back to the latest, with a message."""
    text = request.GET.get("stichtag", "")
    try:
        return parsing.parse_date(text) if text else None
    except parsing.InvalidInput as error:
        messages.warning(
            request, _("The reference date was ignored: %(reason)s") % {"reason": error.message}
        )
        return None


@require_GET
def district_detail(request: HttpRequest, ags: str) -> HttpResponse:
    district = scope_of(request).district(ags)
    context = {
        "overview": queries.district_overview(district, _reference_date(request)),
        "map": queries.district_map(district),
        "can_manage": scope_of(request).can_manage_district(district),
    }
    return render(request, "regions/district_detail.html", context)


@require_GET
def district_boundaries(request: HttpRequest, ags: str) -> JsonResponse:
    district = scope_of(request).district(ags)
    response = JsonResponse(queries.boundaries_geojson(district))
    response["Content-Type"] = "application/geo+json"
    return response


@require_GET
def municipality_detail(request: HttpRequest, ars: str) -> HttpResponse:
    scope = scope_of(request)
    municipality = scope.get(Municipality.objects.select_related("district"), ars=ars)
    context = {
        "municipality": municipality,
        "members": municipality.members.all(),
        "figures": municipality.population_figures.select_related("source"),
        "contacts": municipality.contacts.listed()
        .select_related("organisation")
        .order_by("-designated", "name"),
        "map": queries.district_map(municipality.district),
        "attended": municipality.attendance.select_related("event").order_by("-event__date"),
        "measures": municipality.measures.select_related("priority").order_by("due", "pk"),
        "can_edit": scope.can_edit_municipality(municipality),
    }
    return render(request, "regions/municipality_detail.html", context)


@require_http_methods(["GET", "POST"])
def municipality_edit(request: HttpRequest, ars: str) -> HttpResponse:
    scope = scope_of(request)
    municipality = scope.get(Municipality.objects.select_related("district"), ars=ars)
    require(scope.can_edit_municipality(municipality))
    form = MunicipalityForm(request.POST or None, instance=municipality)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(
            request, _("The changes to %(name)s have been saved.") % {"name": municipality.name}
        )
        return redirect("regions:municipality-detail", ars=municipality.ars)
    return render(
        request, "regions/municipality_edit.html", {"municipality": municipality, "form": form}
    )
