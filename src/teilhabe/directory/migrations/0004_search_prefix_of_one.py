"""SQLite: the search index also keeps prefixes of one character. A search for "sprachcafe 1"
asks for every word that starts with "1"; without a prefix index FTS5 merges the lists of all
those words across the whole country (72 ms at national scale), with it it reads one list
(5 ms). PostgreSQL's GIN index needs no change."""

from django.db import migrations


def _fts(prefix: str) -> list[str]:
    return [
        "DROP TABLE IF EXISTS directory_search_fts",
        f"""CREATE VIRTUAL TABLE directory_search_fts USING fts5(
        document, content='directory_searchdocument', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2', prefix='{prefix}')""",
        "INSERT INTO directory_search_fts(directory_search_fts) VALUES ('rebuild')",
    ]


def _run(schema_editor, statements: list[str]) -> None:
    if schema_editor.connection.vendor == "sqlite":
        for statement in statements:
            schema_editor.execute(statement)


def forwards(apps, schema_editor):
    _run(schema_editor, _fts("1 2 3"))


def backwards(apps, schema_editor):
    _run(schema_editor, _fts("2 3"))


class Migration(migrations.Migration):
    dependencies = [("directory", "0003_historicaldistrictdirectory")]

    operations = [migrations.RunPython(forwards, backwards)]
