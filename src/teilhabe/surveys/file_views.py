"""Downloading a file given as an answer: by the respondent's personal link, or by the
district's coordinators and the municipality's editors. Never public, always an attachment."""

from django.contrib.auth.decorators import login_not_required
from django.http import FileResponse, Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from teilhabe.core.links import LinkInvalid
from teilhabe.core.scoping import require, scope_of
from teilhabe.surveys import answer_files, services
from teilhabe.surveys.models import AnswerFile, Response


@login_not_required
@require_GET
def file_by_link(request: HttpRequest, token: str, question: str) -> FileResponse:
    try:
        response = services.invitation_for(token).response
    except LinkInvalid:
        raise Http404 from None
    record = get_object_or_404(AnswerFile, answer__response=response, answer__question=question)
    return answer_files.download(record)


@require_GET
def file_as_member(request: HttpRequest, pk: int, question: str) -> FileResponse:
    scope = scope_of(request)
    response = scope.get(Response.objects.select_related("invitation__municipality"), pk=pk)
    require(scope.can_edit_municipality(response.invitation.municipality))
    record = get_object_or_404(AnswerFile, answer__response=response, answer__question=question)
    return answer_files.download(record)
