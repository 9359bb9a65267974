"""The compact results matrix: a row per municipality, a column per question everyone
answers, shares and sums in German number formats; and waves compared like for like."""

import datetime
from importlib.resources import files

import pytest
from django.urls import reverse
from django.utils import timezone

from teilhabe.surveys import matrix, queries, services
from teilhabe.testing import SOTTRUM_ARS, ZEVEN_ARS

XLSFORM = files("teilhabe.surveys") / "data" / "bestandsaufnahme.xlsx"


def _submit(response, language: str, housing: str) -> None:
    _form, items = services.runtime.compile_version(response.invitation.wave.version)
    for item in items:
        if item.question.name.endswith("_exists"):
            services.save_answer(response, item.question.name, "no", None)
    services.save_answer(response, "language_exists", language, None)
    if language == "yes":
        services.save_answer(response, "language_since", "2019", None)
    services.save_answer(response, "housing_total", housing, None)
    assert services.submit(response) == {}


def _wave(district, name: str, opens: datetime.date):
    version = district.questionnaires.first()
    if version is None:
        version = services.import_questionnaire(district, XLSFORM.read_bytes(), XLSFORM.name)
    else:
        version = version.current_version()
    wave, _tokens = services.create_wave(
        version, name, opens, opens + datetime.timedelta(days=20), district.municipalities.all()
    )
    return {
        i.municipality.ars: i.response for i in wave.invitations.select_related("response")
    }, wave


@pytest.fixture
def answered(rotenburg):
    responses, wave = _wave(rotenburg, "Herbst 2026", timezone.localdate())
    _submit(responses[ZEVEN_ARS], "yes", "1250")
    _submit(responses[SOTTRUM_ARS], "no", "120")
    return wave


def test_the_matrix_has_a_row_per_municipality_and_shares_and_sums(client, personas, answered):
    found = matrix.matrix(answered)
    assert len(found.rows) == 13
    names = [c.name for c in found.columns]
    assert "language_exists" in names and "housing_total" in names
    assert "language_since" not in names  # asked only where there are offers
    language = found.columns[names.index("language_exists")]
    assert (language.header, language.share_label, language.share) == ("Sprache", "Ja", 50.0)
    assert found.columns[names.index("housing_total")].total == 1370
    client.force_login(personas["carol"])
    page = client.get(reverse("surveys:results-matrix", args=[answered.pk])).content.decode()
    assert "1.370" in page and "50 % Ja (von 2)" in page
    assert 'Samtgemeinde Bothel <span class="muted">(nicht abgeschickt)</span>' in page


def test_waves_are_compared_like_for_like(rotenburg, answered):
    later_responses, later = _wave(
        rotenburg, "Frühjahr 2027", timezone.localdate() + datetime.timedelta(days=1)
    )
    _submit(later_responses[ZEVEN_ARS], "yes", "1300")
    # Sottrum answers only the later wave's first question and does not submit.
    services.save_answer(later_responses[SOTTRUM_ARS], "language_exists", "yes", None)
    assert queries.submitted_in_both(answered, later) == ["Samtgemeinde Zeven"]
    found = {c.question: c for c in queries.compare(answered, later)}
    language = found["language_exists"]
    assert dict((label, (a, b)) for label, a, b in language.both)["Ja"] == (1, 1)
    assert dict((label, (a, b)) for label, a, b in language.counts)["Ja"] == (1, 2)
