"""Answering a questionnaire: by a municipality's personal link (no account: the token is the
key) or as a logged-in municipal editor. The page itself is built in answering.py."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from teilhabe.core.links import LinkInvalid
from teilhabe.core.scoping import require, scope_of
from teilhabe.surveys import answering, mailing, repeat_answering, services
from teilhabe.surveys.models import Response


# Answering through a personal link: no account, the token is the key ----------------------
def _by_token(token: str) -> Response | None:
    try:
        return services.invitation_for(token).response
    except LinkInvalid:
        return None


def _invalid_link(request: HttpRequest) -> HttpResponse:
    return render(request, "surveys/link_invalid.html", status=404)


@login_not_required
@require_GET
def answer_by_link(request: HttpRequest, token: str) -> HttpResponse:
    response = _by_token(token)
    if response is None:
        return _invalid_link(request)
    mailing.mark_opened(response.invitation)
    base = reverse("surveys:answer-by-link", args=[token])
    return answering.page(
        request, response, f"{base}a/", reverse("surveys:submit-by-link", args=[token])
    )


@login_not_required
@require_POST
def autosave_by_link(request: HttpRequest, token: str, question: str) -> HttpResponse:
    response = _by_token(token)
    if response is None:
        return _invalid_link(request)
    return answering.autosave(request, response, question)


@login_not_required
@require_POST
def submit_by_link(request: HttpRequest, token: str) -> HttpResponse:
    response = _by_token(token)
    if response is None:
        return _invalid_link(request)
    base = reverse("surveys:answer-by-link", args=[token])
    blocked = answering.submit(
        request, response, f"{base}a/", reverse("surveys:submit-by-link", args=[token])
    )
    return blocked if blocked is not None else redirect("surveys:answer-by-link", token=token)


@login_not_required
@require_POST
def repeat_by_link(request: HttpRequest, token: str) -> HttpResponse:
    response = _by_token(token)
    if response is None:
        return _invalid_link(request)
    return repeat_answering.change(
        request, response, reverse("surveys:answer-by-link", args=[token])
    )


# Answering as a logged-in municipal editor -------------------------------------------------
def _own_response(request: HttpRequest, pk: int) -> Response:
    scope = scope_of(request)
    response = scope.get(
        Response.objects.select_related("invitation__wave__version", "invitation__municipality"),
        pk=pk,
    )
    require(scope.can_edit_municipality(response.invitation.municipality))
    if timezone.localdate() > response.invitation.wave.closes:
        require(False)
    return response


@require_GET
def answer_as_member(request: HttpRequest, pk: int) -> HttpResponse:
    response = _own_response(request, pk)
    base = reverse("surveys:answer-as-member", args=[pk])
    return answering.page(
        request, response, f"{base}a/", reverse("surveys:submit-as-member", args=[pk])
    )


@require_POST
def autosave_as_member(request: HttpRequest, pk: int, question: str) -> HttpResponse:
    return answering.autosave(request, _own_response(request, pk), question)


@require_POST
def submit_as_member(request: HttpRequest, pk: int) -> HttpResponse:
    response = _own_response(request, pk)
    base = reverse("surveys:answer-as-member", args=[pk])
    blocked = answering.submit(
        request, response, f"{base}a/", reverse("surveys:submit-as-member", args=[pk])
    )
    return blocked if blocked is not None else redirect("surveys:answer-as-member", pk=pk)


@require_POST
def repeat_as_member(request: HttpRequest, pk: int) -> HttpResponse:
    response = _own_response(request, pk)
    return repeat_answering.change(
        request, response, reverse("surveys:answer-as-member", args=[pk])
    )
