"""Every "as of" snapshot of the stock-take (the matrix as of a date, both sides of the changes
page) asks per history row whether a later row of the same activity exists: an index on
(id, history_date) answers that from the index alone (migrations 0003 and 0006)."""

import pytest
from django.db import connection


def indexed_columns(table: str) -> list[list[str]]:
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, table)
    return [spec["columns"] for spec in found.values() if spec["index"]]


@pytest.mark.django_db
def test_the_activity_history_keeps_its_index_on_id_and_date_after_every_migration():
    assert ["id", "history_date"] in indexed_columns("inventory_historicalactivity")
