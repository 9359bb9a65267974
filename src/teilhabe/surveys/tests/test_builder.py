"""Editing questions in the browser: checked like an import, versioned once a wave uses it."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from teilhabe.surveys import services
from teilhabe.surveys.models import QuestionnaireVersion
from teilhabe.surveys.xlsform import form_from_dict
from teilhabe.testing import default_questionnaire


@pytest.fixture
def questionnaire(rotenburg):
    return services.create_questionnaire(rotenburg, default_questionnaire()).questionnaire


def edit_url(q, name="language_needs", section=1):
    return reverse("surveys:question-edit", args=[q.pk, section, name])


DATA = {
    "name": "language_needs",
    "type": "text",
    "label_de": "Was fehlt?",
    "label_en": "",
    "hint_de": "",
    "relevant": "",
    "constraint": "",
    "constraint_message": "",
    "choices": "",
}


def test_editing_changes_the_draft_version(client, personas, questionnaire):
    client.force_login(personas["alice"])
    assert client.post(edit_url(questionnaire), DATA).status_code == 302
    version = questionnaire.latest_version()
    assert version.number == 1
    question = next(
        q for q in form_from_dict(version.form).questions() if q.name == "language_needs"
    )
    assert question.labels["de"] == "Was fehlt?"


def test_a_version_in_use_is_frozen_and_edits_create_a_new_one(
    client, personas, questionnaire, rotenburg
):
    today = timezone.localdate()
    services.create_wave(
        questionnaire.latest_version(),
        "Herbst",
        today,
        today + datetime.timedelta(days=9),
        rotenburg.municipalities.all(),
    )
    client.force_login(personas["alice"])
    client.post(edit_url(questionnaire), DATA)
    assert list(
        QuestionnaireVersion.objects.values_list("number", flat=True).order_by("number")
    ) == [1, 2]
    first = QuestionnaireVersion.objects.get(number=1)
    assert "Was fehlt?" not in str(first.form)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"relevant": "${gibt_es_nicht} = 'yes'"}, "gibt_es_nicht"),
        ({"constraint": ". >= "}, "ungültig"),
        ({"name": "language_exists"}, "language_exists"),
        ({"type": "select_one", "choices": ""}, "mindestens eine Auswahl"),
    ],
)
def test_bad_edits_are_refused_with_a_message(client, personas, questionnaire, change, message):
    client.force_login(personas["alice"])
    before = questionnaire.latest_version().form
    response = client.post(edit_url(questionnaire), {**DATA, **change})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert questionnaire.latest_version().form == before


def test_add_and_remove_a_question(client, personas, questionnaire):
    client.force_login(personas["alice"])
    add = reverse("surveys:question-add", args=[questionnaire.pk, 1])
    data = {
        **DATA,
        "name": "language_courses",
        "type": "select_one",
        "choices": "enough = genug\nfew = zu wenige",
    }
    assert client.post(add, data).status_code == 302
    form = form_from_dict(questionnaire.latest_version().form)
    added = next(q for q in form.questions() if q.name == "language_courses")
    assert [c.name for c in added.choices] == ["enough", "few"]
    delete = reverse("surveys:question-delete", args=[questionnaire.pk, 1, "language_courses"])
    client.post(delete)
    form = form_from_dict(questionnaire.latest_version().form)
    assert "language_courses" not in {q.name for q in form.questions()}


def test_editors_cannot_edit_questionnaires(client, personas, questionnaire):
    client.force_login(personas["bob"])
    assert client.post(edit_url(questionnaire), DATA).status_code == 403
