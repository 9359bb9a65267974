"""The districts and personas written again as rows (teilhabe.testing_replay) are the rows
the services make: every table compared, after a replay and after making them for real."""

import pytest
from django.db import connection, transaction

from teilhabe import testing, testing_replay
from teilhabe.accounts.models import User
from teilhabe.regions.models import District


def _everything() -> dict[str, list]:
    with connection.cursor() as cursor:
        rows = {}
        for table in testing_replay.tables():
            quoted = connection.ops.quote_name(table)
            cursor.execute(f"SELECT * FROM {quoted}")
            rows[table] = sorted(map(repr, cursor.fetchall()))
    return rows


def _all_three() -> dict[str, User]:
    rotenburg = testing_replay.once(
        "test-rotenburg", testing.make_rotenburg, lambda: District.objects.get(ags="03357")
    )
    osterholz = testing_replay.once(
        "test-osterholz",
        testing.make_osterholz,
        lambda: District.objects.get(ags=testing.OSTERHOLZ_AGS),
    )
    return testing_replay.once(
        "test-personas",
        lambda: testing.make_personas(rotenburg, osterholz),
        lambda: {u.username: u for u in User.objects.all()},
    )


@pytest.mark.django_db
def test_a_replay_writes_exactly_the_rows_the_services_made():
    point = transaction.savepoint_create()
    made = _all_three()  # the first time: made through the services, and kept
    assert testing_replay.kept("test-personas")
    real = _everything()
    transaction.savepoint_rollback(point)
    assert not District.objects.exists()

    replayed = _all_three()  # now written again as rows
    assert _everything() == real
    assert sorted(replayed) == sorted(made)
    assert replayed["bob"].memberships.get().municipality.ars == testing.ZEVEN_ARS


@pytest.mark.django_db
def test_a_database_in_another_state_gets_the_real_thing():
    """Kept after Rotenburg, Osterholz alone is made through the services, not replayed."""
    point = transaction.savepoint_create()
    testing_replay.once("test-after", testing.make_rotenburg, lambda: None)
    testing_replay.once(
        "test-osterholz-after", testing.make_osterholz, lambda: pytest.fail("replayed")
    )
    transaction.savepoint_rollback(point)
    testing_replay.once("test-osterholz-after", testing.make_osterholz, lambda: pytest.fail())
    assert District.objects.get().ags == testing.OSTERHOLZ_AGS
