"""The action plan: priorities adopted from proposals, measures and their progress."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from teilhabe.accounts.models import Role
from teilhabe.actionplan import services
from teilhabe.actionplan.models import Measure, Priority, ProgressNote
from teilhabe.core.errors import EditConflict
from teilhabe.events import services as events
from teilhabe.testing import make_user

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 1)


@pytest.fixture
def alice(rotenburg):
    return make_user("alice", Role.COORDINATOR, rotenburg)


@pytest.fixture
def workshop(rotenburg):
    return events.create_event(rotenburg, {"title": "Workshop", "date": TODAY})


@pytest.fixture
def priority(workshop):
    return services.adopt(services.submit_proposal(workshop, {"title": "Sprache"}))


def measure(priority, title="Sprachcafé einrichten", **values):
    values = {"title": title, "responsible": "Samtgemeinde Zeven", **values}
    return services.save_measure(Measure(priority=priority), values)


def state(m):
    m.refresh_from_db()
    return m.progress, m.status, m.version


@pytest.mark.parametrize("progress", [-1, 101, 50.5, True, False, "50", None])
def test_progress_that_is_not_a_percentage_is_refused_and_writes_no_note(progress, priority, alice):
    m = measure(priority)
    services.record_progress(m, 20, "begonnen", alice)
    before = state(m)
    with pytest.raises(ValueError):
        services.record_progress(m, progress, "falsch", alice)
    assert state(m) == before
    assert list(ProgressNote.objects.values_list("text", flat=True)) == ["begonnen"]


def test_a_note_records_the_progress_and_who_wrote_it(priority, alice):
    m = measure(priority)
    note = services.record_progress(m, 30, "Raum gefunden", alice, date=TODAY)
    assert (note.progress, note.text, note.author, note.date) == (30, "Raum gefunden", alice, TODAY)
    assert m.progress == 30  # the caller's object is refreshed


def test_progress_above_zero_starts_a_planned_measure(priority, alice):
    m = measure(priority)
    services.record_progress(m, 0, "noch nichts", alice)
    assert m.status == "planned"
    services.record_progress(m, 1, "Gespräch geführt", alice)
    assert (m.progress, m.status) == (1, "in_progress")


def test_a_hundred_percent_marks_the_measure_done(priority, alice):
    m = measure(priority)
    services.record_progress(m, 100, "fertig", alice)
    assert (m.progress, m.status) == (100, "done")
    assert not m.is_overdue(TODAY + datetime.timedelta(days=365))


def test_each_note_counts_up_the_version(priority, alice):
    m = measure(priority)
    assert m.version == 1
    services.record_progress(m, 10, "", alice, expected_version=1)
    services.record_progress(m, 20, "", alice, expected_version=2)
    assert m.version == 3


def test_progress_on_a_changed_measure_is_a_conflict_and_writes_nothing(priority, alice):
    m = measure(priority)
    seen = m.version
    services.record_progress(m, 40, "von Bob", alice)
    with pytest.raises(EditConflict) as conflict:
        services.record_progress(m, 60, "von Alice", alice, expected_version=seen)
    assert conflict.value.current.progress == 40
    assert state(m) == (40, "in_progress", seen + 1)
    assert ProgressNote.objects.count() == 1


def test_editing_a_changed_measure_is_a_conflict(priority, alice):
    m = measure(priority)
    services.record_progress(m, 40, "", alice)
    stale = Measure.objects.get(pk=m.pk)
    services.save_measure(m, {"responsible": "Koordinierungsstelle"}, expected_version=2)
    with pytest.raises(EditConflict):
        services.save_measure(stale, {"title": "Alt"}, expected_version=2)
    assert Measure.objects.get(pk=m.pk).title == "Sprachcafé einrichten"


@pytest.mark.parametrize(
    ("status", "due", "overdue"),
    [
        ("planned", TODAY - datetime.timedelta(days=1), True),
        ("in_progress", TODAY - datetime.timedelta(days=1), True),
        ("done", TODAY - datetime.timedelta(days=1), False),
        ("dropped", TODAY - datetime.timedelta(days=1), False),
        ("planned", TODAY, False),
        ("in_progress", TODAY + datetime.timedelta(days=1), False),
        ("planned", None, False),
    ],
)
def test_a_measure_is_overdue_only_when_open_and_past_its_due_date(status, due, overdue):
    m = Measure(status=status, due=due)
    assert m.is_overdue(TODAY) is overdue
    assert services.overdue([m], TODAY) == ([m] if overdue else [])


def test_adopting_a_proposal_twice_gives_the_same_priority(workshop, priority):
    assert services.adopt(priority.proposal) == priority
    assert Priority.objects.count() == 1
    assert (priority.title, priority.district, priority.order) == ("Sprache", workshop.district, 1)
    second = services.adopt(services.submit_proposal(workshop, {"title": "Arbeit"}))
    assert second.order == 2


def test_the_plan_groups_measures_under_their_priorities(rotenburg, osterholz, workshop, priority):
    work = services.adopt(services.submit_proposal(workshop, {"title": "Arbeit"}))
    empty = services.adopt(services.submit_proposal(workshop, {"title": "Wohnen"}))
    late = measure(priority, "Lotsen", due=TODAY + datetime.timedelta(days=30))
    soon = measure(priority, "Sprachcafé", due=TODAY)
    job = measure(work, "Jobbörse")
    elsewhere = Priority.objects.create(district=osterholz, title="Anderswo")
    measure(elsewhere, "Nicht hier")
    plan = services.plan(rotenburg.pk)
    assert [(p, list(ms)) for p, ms in plan] == [
        (priority, [soon, late]),
        (work, [job]),
        (empty, []),
    ]


def test_the_database_refuses_progress_above_a_hundred(priority):
    m = measure(priority)
    m.progress = 101
    with pytest.raises(IntegrityError), transaction.atomic():
        m.save()
    assert Measure.objects.get(pk=m.pk).progress == 0
    with pytest.raises(IntegrityError), transaction.atomic():
        Measure(priority=priority, title="x", responsible="y", progress=101).save()
    assert Measure.objects.count() == 1
