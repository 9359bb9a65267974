"""The office's review of submitted answers: received on submission, a question sends the
response back to the municipality (on its task list and its answer page), the corrected
response is received again, then accepted; both sides' history stays; results can count
accepted responses only; a question on another district's response writes nothing."""

import datetime
from importlib.resources import files

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from teilhabe.surveys import queries, services
from teilhabe.surveys.models import ResponseStatus, ReviewNote, ReviewState
from teilhabe.testing import SOTTRUM_ARS, ZEVEN_ARS

XLSFORM = files("teilhabe.surveys") / "data" / "bestandsaufnahme.xlsx"


def _answer_all(response) -> None:
    _form, items = services.runtime.compile_version(response.invitation.wave.version)
    for item in items:
        if item.question.name.endswith("_exists"):
            services.save_answer(response, item.question.name, "no", None)
    assert services.submit(response) == {}


@pytest.fixture
def submitted(rotenburg, osterholz):
    today = timezone.localdate()
    version = services.import_questionnaire(rotenburg, XLSFORM.read_bytes(), XLSFORM.name)
    wave, _tokens = services.create_wave(
        version,
        "Herbst 2026",
        today,
        today + datetime.timedelta(days=20),
        rotenburg.municipalities.filter(ars__in=[ZEVEN_ARS, SOTTRUM_ARS]),
    )
    responses = {
        i.municipality.ars: i.response for i in wave.invitations.select_related("response")
    }
    for response in responses.values():
        _answer_all(response)
        response.refresh_from_db()
    return wave, responses[ZEVEN_ARS], responses[SOTTRUM_ARS]


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_question_correction_and_acceptance_keep_both_sides_history(client, personas, submitted):
    _wave, zeven, _sottrum = submitted
    assert zeven.review == ReviewState.RECEIVED
    client.force_login(personas["alice"])
    asked = client.post(
        reverse("surveys:response-ask", args=[zeven.pk]),
        {"question": "language_exists", "text": "Gibt es wirklich keinen Sprachkurs?"},
        follow=True,
    )
    assert "Die Rückfrage wurde an Samtgemeinde Zeven geschickt" in _messages(asked)[0]
    zeven.refresh_from_db()
    assert (zeven.review, zeven.status) == (ReviewState.QUESTIONS, ResponseStatus.IN_PROGRESS)

    # Zeven's editor finds it on the task list and on the answer page.
    client.force_login(personas["bob"])
    tasks = client.get(reverse("tasklist:my-tasks")).context["tasks"]
    (task,) = [t for t in tasks if t.kind == "Fragebogen"]
    assert task.action == "Rückfrage beantworten und erneut abschicken"
    page = client.get(task.url).content.decode()
    assert "Gibt es wirklich keinen Sprachkurs?" in page and 'href="#q-language_exists"' in page
    client.post(
        reverse("surveys:autosave-as-member", args=[zeven.pk, "language_exists"]),
        {"language_exists": "yes"},
    )
    client.post(reverse("surveys:submit-as-member", args=[zeven.pk]), {"language_since": "2019"})
    zeven.refresh_from_db()
    assert (zeven.review, zeven.status) == (ReviewState.RECEIVED, ResponseStatus.SUBMITTED)
    assert (
        "Gibt es wirklich"
        not in client.get(reverse("surveys:answer-as-member", args=[zeven.pk])).content.decode()
    )

    client.force_login(personas["alice"])
    client.post(reverse("surveys:response-accept", args=[zeven.pk]))
    zeven.refresh_from_db()
    assert zeven.review == ReviewState.ACCEPTED
    kinds = list(zeven.review_notes.values_list("kind", "author__username"))
    assert kinds == [("question", "alice"), ("resubmitted", None), ("accepted", "alice")]
    page = client.get(reverse("surveys:response-detail", args=[zeven.pk])).content.decode()
    assert "Gibt es wirklich keinen Sprachkurs?" in page
    assert "korrigiert und erneut abgeschickt" in page and "angenommen" in page


def test_results_can_count_accepted_responses_only(client, personas, submitted):
    wave, zeven, _sottrum = submitted
    client.force_login(personas["alice"])
    client.post(reverse("surveys:response-accept", args=[zeven.pk]))
    everyone = {r.name: r for r in queries.results(wave)}["language_exists"]
    accepted = {r.name: r for r in queries.results(wave, accepted_only=True)}["language_exists"]
    assert set(everyone.by_municipality) == {"Samtgemeinde Zeven", "Samtgemeinde Sottrum"}
    assert set(accepted.by_municipality) == {"Samtgemeinde Zeven"}
    page = client.get(reverse("surveys:results", args=[wave.pk]) + "?accepted=1")
    assert "Nur angenommene Rückmeldungen." in page.content.decode()


def test_a_question_on_another_districts_response_writes_nothing(client, personas, submitted):
    _wave, zeven, _sottrum = submitted
    client.force_login(personas["dave"])
    response = client.post(reverse("surveys:response-ask", args=[zeven.pk]), {"text": "Von außen"})
    assert response.status_code == 404
    assert "Rotenburg" not in response.content.decode()
    zeven.refresh_from_db()
    assert zeven.review == ReviewState.RECEIVED and not ReviewNote.objects.exists()


def test_an_empty_question_or_an_unsubmitted_response_is_refused(client, personas, submitted):
    _wave, zeven, _sottrum = submitted
    client.force_login(personas["alice"])
    empty = client.post(
        reverse("surveys:response-ask", args=[zeven.pk]), {"text": "  "}, follow=True
    )
    assert _messages(empty) == ["Bitte schreiben Sie die Rückfrage."]
    services.reopen(zeven)
    refused = client.post(reverse("surveys:response-accept", args=[zeven.pk]), follow=True)
    assert _messages(refused) == ["Nur abgeschickte Antworten können geprüft werden."]
    assert not ReviewNote.objects.exists()
