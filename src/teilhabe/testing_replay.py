"""The shared test data, made once per test process and written again as rows.

The districts and the personas (`teilhabe.testing`) are asked for by thousands of tests. Making
them goes through the real services (reference data, the taxonomy, history, users) and costs
about 60 ms a test. The first time in a process they are made that way and the rows they added
are kept; every later test gets exactly those rows inserted again, table by table, in one
transaction: a few milliseconds. The database then holds what the services would have made.

A unit is only kept when making it added rows and changed or removed none, and it is only
written again when the database is in the state it was recorded in (the same counts in the
tables it wrote and in the districts and users); otherwise it is made as the first time. On
SQLite the full-text index follows through its triggers, so its own tables are not copied."""

from collections.abc import Callable
from typing import Any

from django.db import connection, transaction

# unit name -> (state it was recorded in, [(table, columns, rows)])
_KEPT: dict[str, tuple[tuple[int, ...], list[tuple[str, list[str], list[Any]]]]] = {}
_NOT_KEPT: set[str] = set()
_ALWAYS_COUNTED = ("regions_district", "accounts_user")


def tables() -> list[str]:
    """The tables a unit's rows are looked for in: every table of the database."""
    names = connection.introspection.table_names(include_views=False)
    # The full-text index of the directory (SQLite): its triggers fill it from the documents.
    return sorted(n for n in names if not n.startswith(("directory_search_fts", "sqlite_")))


def _rows(cursor: Any, table: str) -> tuple[list[str], list[Any]]:
    quoted = connection.ops.quote_name(table)
    if connection.vendor == "postgresql":
        cursor.execute(f"SELECT row_to_json(t)::text FROM {quoted} t")
        return [], [row[0] for row in cursor.fetchall()]
    cursor.execute(f"SELECT * FROM {quoted}")
    return [column[0] for column in cursor.description], cursor.fetchall()


def _state(tables: list[str]) -> tuple[int, ...]:
    with connection.cursor() as cursor:
        counts = []
        for table in tables:
            cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(table)}")
            counts.append(cursor.fetchone()[0])
    return tuple(counts)


def _record(make: Callable[[], Any]) -> tuple[Any, list[tuple[str, list[str], list[Any]]] | None]:
    names = tables()
    with connection.cursor() as cursor:
        before = {table: _rows(cursor, table) for table in names}
    made = make()
    added: list[tuple[str, list[str], list[Any]]] = []
    with connection.cursor() as cursor:
        for table in names:
            columns, rows = _rows(cursor, table)
            old = before[table][1]
            old_set = set(map(_key, old))
            new_set = set(map(_key, rows))
            if not old_set <= new_set:
                return made, None  # a row was changed or removed: not kept
            fresh = [row for row in rows if _key(row) not in old_set]
            if fresh:
                added.append((table, columns, fresh))
    return made, added


def _key(row: Any) -> Any:
    return row if isinstance(row, str) else tuple(row)


def _write(added: list[tuple[str, list[str], list[Any]]]) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        for table, columns, rows in added:
            quoted = connection.ops.quote_name(table)
            if connection.vendor == "postgresql":
                cursor.execute(
                    f"INSERT INTO {quoted} SELECT * FROM json_populate_recordset("
                    f"NULL::{quoted}, %s::json)",
                    [f"[{','.join(rows)}]"],
                )
                continue
            names = ", ".join(connection.ops.quote_name(c) for c in columns)
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {quoted} ({names}) VALUES ({marks})", rows)


def once(name: str, make: Callable[[], Any], fetch: Callable[[], Any]) -> Any:
    """`make()` the first time in this process (keeping the rows it adds); later, when the
    database is as it was then, those rows written again and `fetch()` to read the result."""
    kept = _KEPT.get(name)
    if kept is not None:
        recorded_in, rows = kept
        if _state(_counted(rows)) == recorded_in:
            _write(rows)
            return fetch()
        return make()
    if name in _NOT_KEPT:
        return make()
    made, added = _record(make)
    if not added:
        _NOT_KEPT.add(name)
        return made
    counted = _counted(added)
    after = _state(counted)
    before = tuple(
        count - sum(len(rows) for written, _c, rows in added if written == table)
        for table, count in zip(counted, after, strict=True)
    )
    _KEPT[name] = (before, added)
    return made


def kept(name: str) -> bool:
    """Whether the unit `name` was recorded, so that later calls may write its rows again."""
    return name in _KEPT


def _counted(added: list[tuple[str, list[str], list[Any]]]) -> list[str]:
    return sorted({*_ALWAYS_COUNTED, *(table for table, _c, _r in added)})
