from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from teilhabe.core.confirm import Question, ask_first
from teilhabe.core.scoping import Scope, require, scope_of
from teilhabe.network import exports, queries, services
from teilhabe.network.forms import ContactForm, NetworkFilterForm, OrganisationForm
from teilhabe.network.models import Contact
from teilhabe.regions.models import District


def _may_edit(scope: Scope, contact: Contact) -> bool:
    if contact.municipality_id and contact.municipality:
        return scope.can_edit_municipality(contact.municipality)
    return scope.can_manage_district(contact.district)


@require_GET
def network(request: HttpRequest, ags: str) -> HttpResponse:
    district = scope_of(request).district(ags)
    scope = scope_of(request)
    form = NetworkFilterForm(request.GET or None, district=district)
    search = queries.Search()
    if form.is_valid():
        data = form.cleaned_data
        search = queries.Search(
            data["q"].strip(), data["organisation"], data["municipality"], data["sort"] or "name"
        )
    editable = {m.pk for m in scope.editable_municipalities(district)}
    context = {
        "district": district,
        "form": form,
        "organisations": queries.organisations(district, search),
        "contacts": queries.contacts(district, search),
        "show_details": scope.can_contribute(district),
        "can_contribute": scope.can_contribute(district),
        "can_manage": scope.can_manage_district(district),
        "editable": editable,
        # Readers (committee members) can neither edit nor erase: no empty "Actions" column.
        "show_actions": scope.can_manage_district(district) or bool(editable),
    }
    if request.headers.get("HX-Request"):  # the search form swaps only the results
        return render(request, "network/network.html#results", context)
    return render(request, "network/network.html", context)


def _contact_form(request: HttpRequest, district: District, **kwargs: Any) -> ContactForm:
    scope = scope_of(request)
    return ContactForm(
        request.POST or None,
        district=district,
        municipalities=scope.editable_municipalities(district),
        whole_district=scope.can_manage_district(district),
        **kwargs,
    )


def _values(form: ContactForm) -> dict[str, object]:
    return {k: v for k, v in form.cleaned_data.items() if k != "consent"}


@require_http_methods(["GET", "POST"])
def contact_create(request: HttpRequest, ags: str) -> HttpResponse:
    district = scope_of(request).district(ags)
    require(scope_of(request).can_contribute(district))
    form = _contact_form(request, district)
    if request.method == "POST" and form.is_valid():
        services.save_contact(district, _values(form))
        messages.success(request, _("The contact has been saved."))
        return redirect("network:network", ags=ags)
    return render(
        request,
        "network/form.html",
        {"district": district, "form": form, "title": _("New contact")},
    )


@require_http_methods(["GET", "POST"])
def contact_edit(request: HttpRequest, pk: int) -> HttpResponse:
    scope = scope_of(request)
    contact = scope.get(Contact.objects.listed().select_related("district", "municipality"), pk=pk)
    require(_may_edit(scope, contact))
    form = _contact_form(request, contact.district, instance=contact)
    if request.method == "POST" and form.is_valid():
        services.save_contact(contact.district, _values(form), contact)
        messages.success(request, _("The contact has been saved."))
        return redirect("network:network", ags=contact.district.ags)
    context = {"district": contact.district, "form": form, "title": contact.name}
    return render(request, "network/form.html", context)


ERASE = Question(
    gettext_lazy("Erase the personal data of %(name)s?"),
    gettext_lazy(
        "Name, function, e-mail address and telephone number are deleted, and the contact's "
        "personal event links stop working. The entry stays without personal data, so that "
        "counts remain right."
    ),
    gettext_lazy("Erase personal data"),
)


@require_POST
def contact_erase(request: HttpRequest, pk: int) -> HttpResponse:
    scope = scope_of(request)
    contact = scope.get(Contact.objects.listed().select_related("district"), pk=pk)
    require(scope.can_manage_district(contact.district))
    back = reverse("network:network", kwargs={"ags": contact.district.ags})
    if page := ask_first(request, ERASE, back, name=contact.name):
        return page
    services.erase(contact)
    messages.success(request, _("All personal data of the contact has been erased."))
    return redirect("network:network", ags=contact.district.ags)


@require_http_methods(["GET", "POST"])
def organisation_create(request: HttpRequest, ags: str) -> HttpResponse:
    district = scope_of(request).district(ags)
    scope = scope_of(request)
    require(scope.can_contribute(district))
    form = OrganisationForm(
        request.POST or None,
        municipalities=scope.editable_municipalities(district),
        whole_district=scope.can_manage_district(district),
    )
    if request.method == "POST" and form.is_valid():
        services.create_organisation(district, form.cleaned_data)
        messages.success(request, _("The organisation has been saved."))
        return redirect("network:network", ags=ags)
    return render(
        request,
        "network/form.html",
        {"district": district, "form": form, "title": _("New organisation")},
    )


@require_GET
def contacts_export(request: HttpRequest, ags: str) -> HttpResponse:
    district = scope_of(request).district(ags)
    require(scope_of(request).can_manage_district(district))
    return exports.contacts_response(district)
