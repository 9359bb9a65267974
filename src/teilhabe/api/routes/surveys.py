from typing import TYPE_CHECKING, TypedDict

from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest
from ninja import Router

from teilhabe.api import access
from teilhabe.api.paging import Fields
from teilhabe.api.schemas import QuestionnaireOut, ResponseOut, WaveOut
from teilhabe.surveys import queries, runtime
from teilhabe.surveys.models import Questionnaire, ResponseStatus, Wave

router = Router(tags=["Questionnaires"])


def _questionnaire(q: Questionnaire) -> Fields:
    latest = q.latest_version()
    questions = 0
    if latest:
        _form, items = runtime.compile_version(latest)
        questions = sum(1 for i in items if i.question.type != "note")
    return {"id": q.pk, "title": q.title, "versions": q.versions.count(), "questions": questions}


@router.get(
    "/districts/{ags}/questionnaires", response=list[QuestionnaireOut], url_name="questionnaires"
)
def questionnaires(request: HttpRequest, ags: str) -> list[Fields]:
    district = access.district(request, ags)
    return [_questionnaire(q) for q in Questionnaire.objects.filter(district=district)]


@router.get("/questionnaires/{pk}", response=QuestionnaireOut, url_name="questionnaire")
def questionnaire(request: HttpRequest, pk: int) -> Fields:
    return _questionnaire(access.scope(request).get(Questionnaire.objects, pk=pk))


class _Counts(TypedDict):
    invited: int
    submitted: int


if TYPE_CHECKING:  # WithAnnotations takes the TypedDict in annotations only
    from django_stubs_ext import WithAnnotations

    CountedWave = WithAnnotations[Wave, _Counts]


def _waves(qs: QuerySet[Wave]) -> "QuerySet[CountedWave]":
    submitted = Count(
        "invitations", filter=Q(invitations__response__status=ResponseStatus.SUBMITTED)
    )
    return qs.select_related("version").annotate(
        invited=Count("invitations", distinct=True), submitted=submitted
    )


def _wave(w: "CountedWave") -> Fields:
    return {
        "id": w.pk,
        "name": w.name,
        "questionnaire": w.version.questionnaire_id,
        "version": w.version.number,
        "opens": w.opens,
        "closes": w.closes,
        "invited": w.invited,
        "submitted": w.submitted,
    }


@router.get("/districts/{ags}/waves", response=list[WaveOut], url_name="waves")
def waves(request: HttpRequest, ags: str) -> list[Fields]:
    district = access.district(request, ags)
    return [_wave(w) for w in _waves(Wave.objects.filter(district=district)).order_by("opens")]


@router.get("/waves/{pk}", response=WaveOut, url_name="wave")
def wave(request: HttpRequest, pk: int) -> Fields:
    return _wave(access.scope(request).get(_waves(Wave.objects.all()), pk=pk))


@router.get("/waves/{pk}/responses", response=list[ResponseOut], url_name="responses")
def responses(request: HttpRequest, pk: int) -> list[Fields]:
    """Each municipality's answers to the questions that apply to it (skip logic applied)."""
    w = access.scope(request).get(Wave.objects.select_related("version"), pk=pk)
    _form, items = runtime.compile_version(w.version)
    answers = queries.applicable_answers(w, items)
    return [
        {
            "municipality": i.municipality.ars,
            "status": i.response.status,
            "submitted_at": i.response.submitted_at,
            "answers": answers.get(i.response.pk, {}),
        }
        for i in w.invitations.select_related("municipality", "response").order_by("municipality")
    ]
