"""Editing, withdrawing and merging a workshop's proposals before the vote opens.

A proposal of a municipality may be changed by that municipality's editors and the district's
coordinators; a proposal for the whole district, and every merge, by the coordinators."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from teilhabe.actionplan import proposals as service
from teilhabe.actionplan.forms import MergeForm, ProposalForm
from teilhabe.actionplan.models import Proposal
from teilhabe.core.confirm import Question, ask_first
from teilhabe.core.scoping import require, scope_of

WITHDRAW = Question(
    gettext_lazy("Withdraw the proposal “%(title)s”?"),
    gettext_lazy("It is removed from the workshop's list and cannot be voted on."),
    gettext_lazy("Withdraw proposal"),
)
MERGE = Question(
    gettext_lazy("Merge “%(other)s” into “%(title)s”?"),
    gettext_lazy(
        "“%(other)s” is removed; its title and description are added to the description of "
        "“%(title)s”."
    ),
    gettext_lazy("Merge proposals"),
)


def _proposal(request: HttpRequest, pk: int) -> Proposal:
    related = Proposal.objects.select_related("event__district", "municipality")
    return scope_of(request).get(related, pk=pk)


def _changeable(request: HttpRequest, pk: int) -> Proposal:
    """The proposal if the user may change it: 404 outside their districts, 403 otherwise."""
    proposal = _proposal(request, pk)
    scope = scope_of(request)
    own = proposal.municipality is not None and scope.can_edit_municipality(proposal.municipality)
    require(own or scope.can_manage_district(proposal.event.district))
    return proposal


def _back(proposal: Proposal) -> HttpResponse:
    return redirect("actionplan:proposals", pk=proposal.event_id)


def _refused(request: HttpRequest, proposal: Proposal, error: ValidationError) -> HttpResponse:
    messages.error(request, " ".join(error.messages))
    return _back(proposal)


@require_http_methods(["GET", "POST"])
def proposal_edit(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _changeable(request, pk)
    scope = scope_of(request)
    district = proposal.event.district
    form = ProposalForm(
        request.POST or None,
        instance=proposal,
        district=district,
        municipalities=scope.editable_municipalities(district),
        whole_district=scope.can_manage_district(district),
    )
    if request.method == "POST" and form.is_valid():
        try:
            service.edit_proposal(proposal.pk, form.cleaned_data)
        except ValidationError as error:
            return _refused(request, proposal, error)
        messages.success(request, _("The proposal has been saved."))
        return _back(proposal)
    context = {"event": proposal.event, "district": district, "form": form, "proposal": proposal}
    return render(request, "actionplan/proposal_edit.html", context)


@require_POST
def proposal_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _changeable(request, pk)
    back = reverse("actionplan:proposals", args=[proposal.event_id])
    if page := ask_first(request, WITHDRAW, back, title=proposal.title):
        return page
    try:
        service.withdraw_proposal(proposal.pk)
    except ValidationError as error:
        return _refused(request, proposal, error)
    messages.success(request, _("The proposal has been withdrawn."))
    return _back(proposal)


@require_http_methods(["GET", "POST"])
def proposal_merge(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _proposal(request, pk)
    require(scope_of(request).can_manage_district(proposal.event.district))
    form = MergeForm(request.POST or None, proposal=proposal)
    if request.method == "POST" and form.is_valid():
        other = _proposal(request, form.cleaned_data["other"])  # 404 outside the user's scope
        back = reverse("actionplan:proposal-merge", args=[proposal.pk])
        names = {"title": proposal.title, "other": other.title}
        if page := ask_first(request, MERGE, back, **names):
            return page
        try:
            service.merge_proposals(proposal.pk, other.pk)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("The proposals have been merged."))
            return _back(proposal)
    context = {"event": proposal.event, "district": proposal.event.district, "form": form}
    context["proposal"] = proposal
    status = 400 if form.errors else 200
    return render(request, "actionplan/proposal_merge.html", context, status=status)
