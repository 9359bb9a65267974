"""The district's scope is now part of every indexed word ("qd12xberatung" instead of the
words after one scope word "qd12"). A search then reads only its district's words and lists:
before, a prefix of a common word ("beratung*", "b*") made FTS5 and the GIN index merge the
lists of the whole country before the scope word narrowed them (28 ms at national scale).

The documents are rewritten in SQL; the FTS5 table (SQLite, now without the prefix indexes,
which the scoped words make useless) and the GIN index (PostgreSQL) are made anew around it."""

from importlib import import_module

from django.db import migrations

search_index = import_module("teilhabe.directory.migrations.0002_search_index_and_cache")

SCOPE = "'qd' || district_id"
# "qd12 a b" → "qd12xa qd12xb"; a document with no words beside the scope word becomes empty.
FORWARDS = f"""UPDATE directory_searchdocument SET document = CASE
    WHEN document = {SCOPE} THEN ''
    ELSE ltrim(replace(' ' || substr(document, length({SCOPE}) + 2), ' ', ' ' || {SCOPE} || 'x'))
    END"""
BACKWARDS = f"""UPDATE directory_searchdocument SET document = rtrim(
    {SCOPE} || replace(' ' || document, ' ' || {SCOPE} || 'x', ' '))"""
FTS_WITHOUT_PREFIX = """CREATE VIRTUAL TABLE directory_search_fts USING fts5(
    document, content='directory_searchdocument', content_rowid='id',
    tokenize='unicode61 remove_diacritics 2')"""
FTS_WITH_PREFIX = FTS_WITHOUT_PREFIX[:-1] + ", prefix='1 2 3')"


def _rewrite(schema_editor, update: str, fts: str) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for statement in search_index.SQLITE_REVERSE:
            schema_editor.execute(statement)
        schema_editor.execute(update)
        schema_editor.execute(fts)
        for statement in search_index.SQLITE[1:]:  # the triggers, and the rebuild
            schema_editor.execute(statement)
    elif vendor == "postgresql":
        for statement in search_index.POSTGRESQL_REVERSE:
            schema_editor.execute(statement)
        schema_editor.execute(update)
        for statement in search_index.POSTGRESQL:
            schema_editor.execute(statement)


def forwards(apps, schema_editor):
    _rewrite(schema_editor, FORWARDS, FTS_WITHOUT_PREFIX)


def backwards(apps, schema_editor):
    _rewrite(schema_editor, BACKWARDS, FTS_WITH_PREFIX)


class Migration(migrations.Migration):
    dependencies = [("directory", "0004_search_prefix_of_one")]

    operations = [migrations.RunPython(forwards, backwards)]
