"""A workshop participant's proposals and points, through their personal invitation link."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from teilhabe.actionplan import services, voting
from teilhabe.actionplan.forms import ProposalForm
from teilhabe.engine.dotvote import BallotError
from teilhabe.events.link_views import by_token, invalid_link
from teilhabe.events.models import EventKind


@login_not_required
@require_http_methods(["GET", "POST"])
def link_proposal(request: HttpRequest, token: str) -> HttpResponse:
    invitation = by_token(token)
    if invitation is None or invitation.event.kind != EventKind.WORKSHOP:
        return invalid_link(request)
    event = invitation.event
    own = [invitation.municipality] if invitation.municipality else []
    form = ProposalForm(
        request.POST or None,
        district=event.district,
        municipalities=own,
        initial={"municipality": invitation.municipality},
    )
    closed = not event.proposals_open or event.vote_opened_at is not None
    if request.method == "POST" and form.is_valid() and not closed:
        try:
            services.submit_proposal(event, form.cleaned_data)
        except services.ProposalsClosed:
            closed = True
        else:
            messages.success(request, _("Thank you, your proposal has been added."))
            return redirect("events:rsvp", token=token)
    return render(
        request,
        "actionplan/link_proposal.html",
        {"event": event, "form": form, "closed": closed, "token": token},
    )


@login_not_required
@require_http_methods(["GET", "POST"])
def link_vote(request: HttpRequest, token: str) -> HttpResponse:
    invitation = by_token(token)
    if invitation is None or invitation.event.kind != EventKind.WORKSHOP:
        return invalid_link(request)
    event = invitation.event
    error = ""
    try:
        key = services.voter_key(
            event, invitation_id=invitation.pk, municipality=invitation.municipality
        )
    except BallotError as refused:
        key, error = "", voting.message(refused, event)
    own = services.ballot_of(event, key) if key else {}
    values: dict[int, object] = dict(own)
    if request.method == "POST" and key and event.vote_closed_at is None:  # closed: the result
        error, values = voting.cast(event, key, request.POST, invitation.municipality)
        if not error:
            messages.success(request, _(voting.SAVED))
            return redirect("events:rsvp", token=token)
    context = {
        "event": event,
        "error": error,
        "token": token,
        "invitation": invitation,
        **voting.context(event, values, own),
    }
    return render(request, "actionplan/link_vote.html", context, status=400 if error else 200)
