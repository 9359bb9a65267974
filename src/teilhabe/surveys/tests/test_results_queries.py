"""The results of a wave need the same number of queries whatever its size: a wave of 5
municipalities with 10 questions and one of 40 municipalities with 30 questions are read with
exactly as many queries, by `queries.results`, `queries.wave_status`, the results page and the
wave page. (benchmarks/surveys.py measures the same at 1,000 x 100.)"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from teilhabe.regions.models import Municipality
from teilhabe.surveys import queries, services
from teilhabe.surveys.models import Answer, Response, ResponseStatus, Wave
from teilhabe.surveys.xlsform import Choice, Form, Question, Section
from teilhabe.testing import make_user

TYPES = ("text", "integer", "select_one", "select_multiple")
CHOICES = tuple(Choice(c, {"de": f"Option {c}", "en": f"Option {c}"}) for c in "abcd")


def synthetic_form(n: int) -> Form:
    """N questions of the four common types, ten to a section."""
    questions = [
        Question(
            name=f"q{i:03d}",
            type=TYPES[i % len(TYPES)],
            labels={"de": f"Frage {i}", "en": f"Question {i}"},
            choices=CHOICES if TYPES[i % len(TYPES)].startswith("select") else (),
        )
        for i in range(n)
    ]
    sections = tuple(
        Section(f"s{k}", {"de": f"Teil {k}"}, questions=tuple(questions[k * 10 : k * 10 + 10]))
        for k in range((n + 9) // 10)
    )
    return Form(f"Synthetisch {n}", f"synthetic_{n}", "1", "de", sections)


def value(question: Question, k: int) -> object:
    if question.type == "integer":
        return k
    if question.type == "select_one":
        return "abcd"[k % 4]
    if question.type == "select_multiple":
        return ["a", "abcd"[k % 4]] if k % 4 else ["a"]
    return f"Antwort {k}"


def municipalities(district, k: int) -> list[Municipality]:
    """The district's K first municipalities by ARS, adding made-up ones where it has too few."""
    have = list(district.municipalities.order_by("ars"))
    extra = [
        Municipality(
            district=district, ars=f"0335799{i:05d}", name=f"Testgemeinde {i:05d}", kind="gemeinde"
        )
        for i in range(len(have), max(k, len(have)))
    ]
    Municipality.objects.bulk_create(extra)
    return list(district.municipalities.order_by("ars"))[:k]


def make_wave(district, k: int, n: int) -> Wave:
    """A wave over K municipalities of a questionnaire of N questions, every question answered
    by every municipality; a few responses submitted."""
    form = synthetic_form(n)
    version = services.create_questionnaire(district, form)
    today = timezone.localdate()
    wave, _tokens = services.create_wave(
        version,
        f"Welle {k}x{n}",
        today,
        today + datetime.timedelta(days=30),
        municipalities(district, k),
    )
    responses = list(Response.objects.filter(invitation__wave=wave).order_by("pk"))
    Answer.objects.bulk_create(
        Answer(response=r, question=q.name, value=value(q, i + j))
        for i, r in enumerate(responses)
        for j, q in enumerate(form.questions())
    )
    Response.objects.filter(pk__in=[r.pk for r in responses[::3]]).update(
        status=ResponseStatus.SUBMITTED, submitted_at=timezone.now()
    )
    return wave


def as_the_view_reads_it(wave: Wave) -> Wave:
    return Wave.objects.select_related("district", "version__questionnaire").get(pk=wave.pk)


@pytest.fixture
def waves(rotenburg):
    return make_wave(rotenburg, 5, 10), make_wave(rotenburg, 40, 30)


@pytest.fixture
def coordinator(client, rotenburg):
    client.force_login(make_user("alice", "coordinator", rotenburg))
    return client


def count(fn) -> int:
    with CaptureQueriesContext(connection) as captured:
        fn()
    return len(captured)


def test_the_waves_are_as_large_as_claimed(waves):
    small, large = waves
    assert small.invitations.count() == 5 and large.invitations.count() == 40
    assert Answer.objects.filter(response__invitation__wave=small).count() == 5 * 10
    assert Answer.objects.filter(response__invitation__wave=large).count() == 40 * 30
    result = queries.results(as_the_view_reads_it(large))
    assert len(result) == 30 and all(len(r.by_municipality) == 40 for r in result)
    status = queries.wave_status(as_the_view_reads_it(large))
    assert status.questions == 30 and {r.answered for r in status.rows} == {30}


def test_results_need_two_queries_whatever_the_size(waves, django_assert_num_queries):
    small, large = (as_the_view_reads_it(w) for w in waves)
    with django_assert_num_queries(2):
        queries.results(small)
    with django_assert_num_queries(2):
        queries.results(large)


def test_wave_status_needs_two_queries_whatever_the_size(waves, django_assert_num_queries):
    small, large = (as_the_view_reads_it(w) for w in waves)
    with django_assert_num_queries(2):
        queries.wave_status(small)
    with django_assert_num_queries(2):
        queries.wave_status(large)


@pytest.mark.parametrize("url_name", ["surveys:results", "surveys:wave-detail"])
def test_the_pages_need_the_same_queries_whatever_the_size(
    waves, coordinator, url_name, django_assert_num_queries
):
    small, large = waves
    urls = [reverse(url_name, args=[w.pk]) for w in (small, large)]
    for url in urls:  # warm-up: whatever is loaded once per process is not the page's cost
        assert coordinator.get(url).status_code == 200
    expected = count(lambda: coordinator.get(urls[0]))
    with django_assert_num_queries(expected):
        response = coordinator.get(urls[1])
    assert response.status_code == 200
    assert "Testgemeinde 00039" in response.content.decode()
