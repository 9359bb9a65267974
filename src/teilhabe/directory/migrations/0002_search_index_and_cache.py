"""The full-text index of the search documents, made for the database at hand, and the table of
the shared page cache (settings.CACHES; `setup_instance` makes it too, for a changed name).

SQLite: an FTS5 table with the documents as external content, kept in step by triggers on
directory_searchdocument (so every insert, update and delete, also a bulk one, reaches it).
Note for later migrations: if Django ever rebuilds directory_searchdocument (SQLite's way of
altering a table), these triggers must be made again.

PostgreSQL: a GIN index of to_tsvector('simple', document), the expression search.py queries."""

from django.core.management import call_command
from django.db import migrations

SQLITE = [
    """CREATE VIRTUAL TABLE directory_search_fts USING fts5(
        document, content='directory_searchdocument', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2', prefix='2 3')""",
    """CREATE TRIGGER directory_search_ai AFTER INSERT ON directory_searchdocument BEGIN
        INSERT INTO directory_search_fts(rowid, document) VALUES (new.id, new.document);
    END""",
    """CREATE TRIGGER directory_search_ad AFTER DELETE ON directory_searchdocument BEGIN
        INSERT INTO directory_search_fts(directory_search_fts, rowid, document)
        VALUES ('delete', old.id, old.document);
    END""",
    """CREATE TRIGGER directory_search_au AFTER UPDATE ON directory_searchdocument BEGIN
        INSERT INTO directory_search_fts(directory_search_fts, rowid, document)
        VALUES ('delete', old.id, old.document);
        INSERT INTO directory_search_fts(rowid, document) VALUES (new.id, new.document);
    END""",
    "INSERT INTO directory_search_fts(directory_search_fts) VALUES ('rebuild')",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS directory_search_ai",
    "DROP TRIGGER IF EXISTS directory_search_ad",
    "DROP TRIGGER IF EXISTS directory_search_au",
    "DROP TABLE IF EXISTS directory_search_fts",
]
POSTGRESQL = [
    "CREATE INDEX directory_search_tsv ON directory_searchdocument "
    "USING gin (to_tsvector('simple'::regconfig, document))",
]
POSTGRESQL_REVERSE = ["DROP INDEX IF EXISTS directory_search_tsv"]


def _run(schema_editor, statements: dict[str, list[str]]) -> None:
    for statement in statements.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)


def create_index(apps, schema_editor):
    _run(schema_editor, {"sqlite": SQLITE, "postgresql": POSTGRESQL})


def drop_index(apps, schema_editor):
    _run(schema_editor, {"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE})


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_initial")]

    operations = [
        migrations.RunPython(create_index, drop_index),
        migrations.RunPython(create_cache_table, migrations.RunPython.noop),
    ]
