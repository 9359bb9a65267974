"""Answering through a personal link: autosave, skip logic, conflicts, submission, and links
that are revoked or expired."""

import datetime
import json
from importlib.resources import files

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from teilhabe.core import links
from teilhabe.core.links import hash_token
from teilhabe.regions.models import Municipality
from teilhabe.surveys import answering, queries, services
from teilhabe.surveys.models import Answer, Invitation, ResponseStatus
from teilhabe.testing import ZEVEN_ARS, post_asks_first

DEFAULT = files("teilhabe.surveys") / "data" / "bestandsaufnahme.xlsx"


@pytest.fixture
def wave(rotenburg):
    version = services.import_questionnaire(
        rotenburg, DEFAULT.read_bytes(), "bestandsaufnahme.xlsx"
    )
    today = timezone.localdate()
    wave, tokens = services.create_wave(
        version,
        "Herbst 2026",
        today,
        today + datetime.timedelta(days=30),
        rotenburg.municipalities.all(),
    )
    zeven = Municipality.objects.get(ars=ZEVEN_ARS)
    return wave, tokens[zeven.pk], tokens


def save(client, token, question, value, version=None):
    data = {question: value}
    if version is not None:
        data["v"] = str(version)
    return client.post(reverse("surveys:autosave-by-link", args=[token, question]), data)


def test_the_default_questionnaire_starts_a_wave_for_all_13(wave):
    wave, _token, tokens = wave
    assert len(tokens) == 13 and wave.invitations.count() == 13
    # tokens are stored only as hashes
    for invitation in Invitation.objects.all():
        assert invitation.token_hash not in tokens.values()
        assert len(invitation.token_hash) == 64
    assert {hash_token(t) for t in tokens.values()} == set(
        Invitation.objects.values_list("token_hash", flat=True)
    )


def test_autosave_and_skip_logic(client, wave):
    _wave, token, _tokens = wave
    page = client.get(reverse("surveys:answer-by-link", args=[token])).content.decode()
    assert (
        'id="q-language_since"' in page
        and 'id="q-language_since" data-question="language_since" hidden' in page
    )
    response = save(client, token, "language_exists", "yes")
    assert "gespeichert" in response.content.decode()
    relevant = json.loads(response["HX-Trigger"])["relevance"]
    assert "language_since" in relevant and "housing_since" not in relevant
    assert Answer.objects.get(question="language_exists").value == "yes"


def test_a_second_person_does_not_silently_overwrite(client, wave):
    _wave, token, _tokens = wave
    save(client, token, "language_needs", "Mehr Ehrenamtliche", version=0)
    answer = Answer.objects.get(question="language_needs")
    assert answer.version == 1
    # someone else, whose page still shows the question unanswered (version 0)
    response = save(client, token, "language_needs", "Räume", version=0)
    assert "Jemand anderes hat diese Antwort" in response.content.decode()
    assert Answer.objects.get(question="language_needs").value == "Mehr Ehrenamtliche"
    save(client, token, "language_needs", "Räume", version=1)
    assert Answer.objects.get(question="language_needs").value == "Räume"


def test_invalid_answers_are_explained_and_not_stored(client, wave):
    _wave, token, _tokens = wave
    save(client, token, "language_exists", "yes")
    response = save(client, token, "language_since", "seit langem")
    assert "ganze Zahl" in response.content.decode()
    assert not Answer.objects.filter(question="language_since").exists()


def test_submit_checks_constraints_of_questions_that_apply(client, wave):
    wave_, token, _tokens = wave
    save(client, token, "language_exists", "yes")
    save(client, token, "language_since", "1800")  # violates . >= 1950
    response = client.post(reverse("surveys:submit-by-link", args=[token]))
    assert response.status_code == 200
    invitation = Invitation.objects.get(token_hash=hash_token(token))
    assert invitation.response.status != ResponseStatus.SUBMITTED
    save(client, token, "language_since", "2016")
    page = client.post(reverse("surveys:submit-by-link", args=[token])).content.decode()
    assert "Bitte beantworten Sie diese Frage" in page  # the other fields' "exists" are required
    for key in [
        "orientation",
        "early_childhood",
        "education",
        "work",
        "housing",
        "health",
        "sport_culture",
        "volunteering",
        "participation",
        "intercultural_opening",
        "residence",
        "anti_discrimination",
        "networking",
    ]:
        save(client, token, f"{key}_exists", "no")
    client.post(reverse("surveys:submit-by-link", args=[token]))
    invitation.response.refresh_from_db()
    assert invitation.response.status == ResponseStatus.SUBMITTED
    status = queries.wave_status(wave_)
    assert (status.submitted, status.rate) == (1, 8)  # 1 of 13
    # a submitted questionnaire takes no more answers
    assert "kann nicht mehr geändert" in save(client, token, "language_needs", "x").content.decode()


def test_revoked_renewed_and_expired_links(client, wave):
    wave_, token, _tokens = wave
    invitation = Invitation.objects.get(token_hash=hash_token(token))
    url = reverse("surveys:answer-by-link", args=[token])
    assert client.get(url).status_code == 200
    links.revoke(invitation)
    page = client.get(url)
    assert page.status_code == 404 and "Samtgemeinde Zeven" not in page.content.decode()
    assert save(client, token, "language_exists", "yes").status_code == 404
    new = links.renew(invitation)
    assert client.get(url).status_code == 404  # the old link stays dead
    assert client.get(reverse("surveys:answer-by-link", args=[new])).status_code == 200
    wave_.opens = timezone.localdate() - datetime.timedelta(days=30)
    wave_.closes = timezone.localdate() - datetime.timedelta(days=1)
    wave_.save()
    assert client.get(reverse("surveys:answer-by-link", args=[new])).status_code == 404
    assert client.get(reverse("surveys:answer-by-link", args=["erfunden"])).status_code == 404
    assert not Answer.objects.exists()


@pytest.mark.parametrize(
    ("name", "question"),
    [("surveys:invitation-renew", "Neuen Link für"), ("surveys:invitation-revoke", "widerrufen?")],
)
def test_renewing_and_revoking_a_link_ask_first(client, personas, wave, name, question):
    _wave, token, _tokens = wave
    invitation = Invitation.objects.get(token_hash=hash_token(token))
    client.force_login(personas["alice"])

    def state():
        return Invitation.objects.values_list("token_hash", "revoked_at").get(pk=invitation.pk)

    asked, _done = post_asks_first(client, reverse(name, args=[invitation.pk]), state)
    assert question in asked.content.decode() and "Samtgemeinde Zeven" in asked.content.decode()
    assert client.get(reverse("surveys:answer-by-link", args=[token])).status_code == 404


def test_results_show_answers_per_municipality(client, personas, wave):
    wave_, token, _tokens = wave
    save(client, token, "language_exists", "yes")
    client.force_login(personas["carol"])
    page = client.get(reverse("surveys:results", args=[wave_.pk])).content.decode()
    assert "Samtgemeinde Zeven" in page and "Ja" in page


def test_members_answer_for_their_own_municipality_only(client, personas, wave):
    wave_, _token, _tokens = wave
    client.force_login(personas["bob"])
    own = wave_.invitations.get(municipality__ars=ZEVEN_ARS).response
    other = wave_.invitations.exclude(municipality__ars=ZEVEN_ARS).first().response
    assert client.get(reverse("surveys:answer-as-member", args=[own.pk])).status_code == 200
    assert client.get(reverse("surveys:answer-as-member", args=[other.pk])).status_code == 403
    url = reverse("surveys:autosave-as-member", args=[other.pk, "language_exists"])
    assert client.post(url, {"language_exists": "yes"}).status_code == 403
    assert not Answer.objects.exists()


def test_responses_export_one_row_per_municipality(client, personas, wave):
    import io

    import openpyxl

    wave_, token, _tokens = wave
    save(client, token, "language_exists", "yes")
    save(client, token, "language_providers", ["volunteers", "church"])
    client.force_login(personas["carol"])
    xlsx = client.get(reverse("surveys:wave-export", args=[wave_.pk, "xlsx"]))
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 14 and rows[0][0] == "Kommune"
    zeven = next(r for r in rows if r[0] == "Samtgemeinde Zeven")
    assert zeven[1] == ZEVEN_ARS and "Ja" in zeven
    csv = client.get(reverse("surveys:wave-export", args=[wave_.pk, "csv"])).content
    assert csv.startswith(b"\xef\xbb\xbf") and b";" in csv.splitlines()[0]


def test_two_waves_side_by_side(client, personas, wave, rotenburg):
    wave_, token, _tokens = wave
    save(client, token, "language_exists", "no")
    today = timezone.localdate()
    later, _tokens = services.create_wave(
        wave_.version,
        "Frühjahr 2027",
        today + datetime.timedelta(days=100),
        today + datetime.timedelta(days=130),
        rotenburg.municipalities.all(),
    )
    zeven = Municipality.objects.get(ars=ZEVEN_ARS)
    later_response = later.invitations.get(municipality=zeven).response
    services.save_answer(later_response, "language_exists", "yes", None)
    found = {c.question: c for c in queries.compare(wave_, later)}
    assert ("Samtgemeinde Zeven", "Nein", "Ja") in found["language_exists"].rows
    assert dict((label, (a, b)) for label, a, b in found["language_exists"].counts)["Ja"] == (0, 1)
    client.force_login(personas["carol"])
    page = client.get(reverse("surveys:compare", args=[later.pk, wave_.pk])).content.decode()
    assert "Frühjahr 2027" in page and "Herbst 2026" in page


def test_the_link_is_sent_by_a_background_task_and_never_stored(client, personas, wave):
    from django.core import mail

    from teilhabe.surveys.models import Invitation

    _wave, old_token, _tokens = wave
    invitation = Invitation.objects.get(token_hash=hash_token(old_token))
    client.force_login(personas["alice"])
    url = reverse("surveys:invitation-send", args=[invitation.pk])
    client.post(url, {"email": "integration@zeven.example"})
    (message,) = mail.outbox
    assert message.to == ["integration@zeven.example"]
    assert "Samtgemeinde Zeven" in message.body
    link = next(line for line in message.body.splitlines() if "/s/" in line)
    token = link.rstrip("/").rsplit("/", 1)[-1]
    assert client.get(reverse("surveys:answer-by-link", args=[token])).status_code == 200
    assert client.get(reverse("surveys:answer-by-link", args=[old_token])).status_code == 404
    from django_tasks_db.models import DBTaskResult

    assert not DBTaskResult.objects.filter(args_kwargs__icontains=token).exists()
    invitation.refresh_from_db()
    assert invitation.sent_at is not None
    client.post(url, {"email": "integration@zeven.example"})
    assert mail.outbox[1].subject.startswith("Erinnerung")
    assert client.post(url, {"email": "kaputt"}).status_code == 302
    assert len(mail.outbox) == 2


def test_the_whole_form_posted_with_every_version_checks_the_right_one(client, wave):
    """htmx posts the enclosing form: each question's version travels under its own name."""
    _wave, token, _tokens = wave
    save(client, token, "language_needs", "Räume", version=0)  # language_needs now at 1
    url = reverse("surveys:autosave-by-link", args=[token, "housing_needs"])
    data = {"housing_needs": "Wohnungen", "v-language_needs": "1", "v-housing_needs": "0"}
    assert "gespeichert" in client.post(url, data).content.decode()
    assert Answer.objects.get(question="housing_needs").value == "Wohnungen"


def test_all_answers_of_one_municipality(client, personas, wave):
    _wave, token, _tokens = wave
    save(client, token, "language_exists", "yes")
    save(client, token, "language_since", "2016")
    response = Invitation.objects.get(token_hash=hash_token(token)).response
    client.force_login(personas["carol"])
    page = client.get(reverse("surveys:response-detail", args=[response.pk])).content.decode()
    assert "2016" in page and "Ja" in page and "Samtgemeinde Zeven" in page


def test_answers_to_questions_skipped_later_do_not_count(client, personas, wave):
    wave_, token, _tokens = wave
    save(client, token, "language_exists", "yes")
    save(client, token, "language_since", "2020")
    save(client, token, "language_exists", "no")  # now "since" no longer applies
    results = {r.name: r for r in queries.results(wave_)}
    assert results["language_since"].by_municipality == {}
    status = queries.wave_status(wave_)
    zeven = next(r for r in status.rows if r.invitation.municipality.ars == ZEVEN_ARS)
    assert zeven.answered == 1
    for key in [
        "orientation",
        "early_childhood",
        "education",
        "work",
        "housing",
        "health",
        "sport_culture",
        "volunteering",
        "participation",
        "intercultural_opening",
        "residence",
        "anti_discrimination",
        "networking",
    ]:
        save(client, token, f"{key}_exists", "no")
    client.post(reverse("surveys:submit-by-link", args=[token]))
    assert not Answer.objects.filter(question="language_since").exists()  # purged on submit


def test_a_constraint_is_checked_as_the_answer_is_given(client, wave):
    _wave, token, _tokens = wave
    save(client, token, "language_exists", "yes")
    page = save(client, token, "language_since", "1800").content.decode()
    assert "bitte vor dem Abschicken korrigieren" in page


@pytest.mark.parametrize(
    ("question", "value", "message"),
    [
        ("language_since", "²", "ganze Zahl"),
        ("language_since", "99999999999999999999999", "Diese Zahl ist zu groß."),
        ("social_work_fte", "NaN", "Bitte geben Sie eine Zahl ein."),
        ("social_work_fte", "inf", "Bitte geben Sie eine Zahl ein."),
        ("social_work_fte", "1e309", "Diese Zahl ist zu groß."),
        ("language_needs", "Räume\x00", "Steuerzeichen"),
    ],
)
def test_hostile_answers_are_explained_and_not_stored(client, wave, question, value, message):
    _wave, token, _tokens = wave
    save(client, token, "language_exists", "yes")
    response = save(client, token, question, value)
    assert response.status_code == 200 and message in response.content.decode()
    assert not Answer.objects.filter(question=question).exists()


def test_an_unreadable_version_saves_as_without_one(client, wave):
    _wave, token, _tokens = wave
    response = save(client, token, "language_exists", "yes", version="²")
    assert response.status_code == 200
    assert Answer.objects.get(question="language_exists").value == "yes"


@pytest.mark.parametrize(
    ("code", "tag"),
    [("de", "de"), ("en", "en"), ("pt-BR", "pt-BR"), ("English (en)", "en"), ("default", "de")],
)
def test_the_html_language_of_a_questionnaire_language_is_a_valid_tag(code, tag):
    """axe-core's valid-lang: labels from columns without a language, or with a bare name,
    are marked with the page's language instead of lang="default"."""
    with translation.override("de"):
        assert answering.html_language(code) == tag
