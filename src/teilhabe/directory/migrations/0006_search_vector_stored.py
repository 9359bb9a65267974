"""PostgreSQL: the documents' tsvector is stored in a generated column (and the GIN index built
on it), so a search neither parses every matching document again to check it nor again to rank
it: a broad search ("beratung 3", 104 matches in a district at national scale) took 5 ms in the
database, most of it parsing. Django does not know the column; the database keeps it in step
with `document` by itself. SQLite's FTS5 table keeps its own copy of the words already.

Note for later migrations: a change of `document` that makes Django rebuild the column must
make this column and index again."""

from django.db import migrations

FORWARDS = [
    "DROP INDEX IF EXISTS directory_search_tsv",
    "ALTER TABLE directory_searchdocument ADD COLUMN search_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, document)) STORED",
    "CREATE INDEX directory_search_tsv ON directory_searchdocument USING gin (search_vector)",
]
BACKWARDS = [
    "DROP INDEX IF EXISTS directory_search_tsv",
    "ALTER TABLE directory_searchdocument DROP COLUMN IF EXISTS search_vector",
    "CREATE INDEX directory_search_tsv ON directory_searchdocument "
    "USING gin (to_tsvector('simple'::regconfig, document))",
]


def _run(schema_editor, statements: list[str]) -> None:
    if schema_editor.connection.vendor == "postgresql":
        for statement in statements:
            schema_editor.execute(statement)


def forwards(apps, schema_editor):
    _run(schema_editor, FORWARDS)


def backwards(apps, schema_editor):
    _run(schema_editor, BACKWARDS)


class Migration(migrations.Migration):
    dependencies = [("directory", "0005_search_scope_in_every_word")]

    operations = [migrations.RunPython(forwards, backwards)]
