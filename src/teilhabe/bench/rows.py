"""Fast inserts for scale data: COPY on PostgreSQL, executemany on SQLite.

Django's bulk_create spends most of its time compiling SQL and adapting values one by one;
for millions of history rows that dominates the generator. Rows here are dicts keyed by
attname; values are converted once per column type as Django would store them."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db import connection
from django.db.models import DateField, DateTimeField, Model


def next_ids(model: type[Model], n: int) -> range:
    """n fresh primary keys after the largest one (the sequence is reset by `reset_sequence`)."""
    table, pk = model._meta.db_table, model._meta.pk.column
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT COALESCE(MAX("{pk}"), 0) FROM "{table}"')
        start = cursor.fetchone()[0] + 1
    return range(start, start + n)


def insert(model: type[Model], rows: Iterable[dict[str, Any]]) -> int:
    fields = [f for f in model._meta.concrete_fields]
    columns = [f.column for f in fields]
    names = [f.attname for f in fields]
    table = model._meta.db_table
    if connection.vendor == "postgresql":
        quoted = ", ".join(f'"{c}"' for c in columns)
        n = 0
        with connection.cursor() as cursor:
            raw = cursor.cursor  # psycopg's own cursor
            with raw.copy(f'COPY "{table}" ({quoted}) FROM STDIN') as copy:
                for row in rows:
                    copy.write_row([row.get(name) for name in names])
                    n += 1
        return n
    convert = [_sqlite_converter(f) for f in fields]
    values = [
        tuple(
            c(row.get(name)) if c else row.get(name) for c, name in zip(convert, names, strict=True)
        )
        for row in rows
    ]
    marks = ", ".join("?" for _ in columns)
    quoted = ", ".join(f'"{c}"' for c in columns)
    with connection.cursor() as cursor:
        cursor.cursor.executemany(f'INSERT INTO "{table}" ({quoted}) VALUES ({marks})', values)
    return len(values)


def _sqlite_converter(field: Any) -> Any:
    if isinstance(field, DateTimeField):
        return lambda v: None if v is None else _utc_text(v)
    if isinstance(field, DateField):
        return lambda v: None if v is None else v.isoformat()
    return None


def _utc_text(value: datetime.datetime) -> str:
    return str(value.astimezone(datetime.UTC).replace(tzinfo=None))


def reset_sequence(*models: type[Model]) -> None:
    from django.core.management.color import no_style

    statements = connection.ops.sequence_reset_sql(no_style(), list(models))
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
