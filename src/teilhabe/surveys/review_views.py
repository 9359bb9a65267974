"""The office's review of a submitted response: ask a question, accept. Coordinators of the
response's district only; a response of another district is not found."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from teilhabe.accounts.models import User
from teilhabe.core.scoping import require, scope_of
from teilhabe.surveys import answering, review
from teilhabe.surveys.forms import ReviewQuestionForm
from teilhabe.surveys.models import Response


def _reviewed(request: HttpRequest, pk: int) -> Response:
    response = scope_of(request).get(
        Response.objects.select_related("invitation__wave__district", "invitation__wave__version"),
        pk=pk,
    )
    require(scope_of(request).can_manage_district(response.invitation.wave.district))
    return response


def _questions(response: Response) -> list[tuple[str, str]]:
    """The questions a review question can be about: those that apply, by label."""
    sections, _answers = answering.fields(response)
    return [
        (f.item.question.name, f.label)
        for _title, fields in sections
        for f in fields
        if f.applies and f.item.question.type != "note"
    ]


def _user(request: HttpRequest) -> User | None:
    return request.user if isinstance(request.user, User) else None


@require_POST
def response_ask(request: HttpRequest, pk: int) -> HttpResponse:
    response = _reviewed(request, pk)
    form = ReviewQuestionForm(request.POST, questions=_questions(response))
    if not form.is_valid():
        messages.error(request, _("Please write the question."))
        return redirect("surveys:response-detail", pk=pk)
    try:
        review.ask(
            response, form.cleaned_data["text"], form.cleaned_data["question"], _user(request)
        )
    except review.ReviewRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(
            request,
            _("The question has been sent to %(name)s; the response is open for corrections.")
            % {"name": response.invitation.municipality.name},
        )
    return redirect("surveys:response-detail", pk=pk)


@require_POST
def response_accept(request: HttpRequest, pk: int) -> HttpResponse:
    response = _reviewed(request, pk)
    try:
        review.accept(response, _user(request))
    except review.ReviewRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("The response has been accepted."))
    return redirect("surveys:response-detail", pk=pk)
