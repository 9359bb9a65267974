"""Full-text search of the public offers: FTS5 on SQLite, a stored tsvector and its GIN index
on PostgreSQL (migrations 0002 and 0006), over the folded documents of directory/indexing.py.

Only words of letters and digits reach the database (engine/textsearch.py), as parameters, so
no input can break the query. Every indexed word starts with its district's scope, and so does
every searched word: the index reads only the district's own words, also for a prefix of one
letter (migration 0005)."""

from django.db import connection

from teilhabe.directory.indexing import scope_word
from teilhabe.directory.languages import GERMAN
from teilhabe.engine import textsearch

LIMIT = 1000  # best matches considered; a search that finds more is too broad to read anyway

_SQLITE = """
SELECT d.activity_id FROM directory_search_fts AS f
JOIN directory_searchdocument AS d ON d.id = f.rowid
WHERE directory_search_fts MATCH %s AND d.language IN (%s, %s)
ORDER BY f.rank, d.activity_id LIMIT %s
"""
_POSTGRESQL = """
SELECT activity_id FROM directory_searchdocument
WHERE search_vector @@ to_tsquery('simple'::regconfig, %s) AND language IN (%s, %s)
ORDER BY ts_rank(search_vector, to_tsquery('simple'::regconfig, %s)) DESC, activity_id
LIMIT %s
"""


def matching_offers(district_id: int, language: str, terms: list[str]) -> list[int]:
    """Ids of the district's indexed offers whose German text or text in `language` has every
    term (as a word or the start of one), best first, without repeats."""
    if not terms:
        return []
    scope = scope_word(district_id)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            query = textsearch.tsquery(scope, terms)
            cursor.execute(_POSTGRESQL, [query, GERMAN, language, query, LIMIT])
        else:
            cursor.execute(_SQLITE, [textsearch.fts5_query(scope, terms), GERMAN, language, LIMIT])
        rows = cursor.fetchall()
    return list(dict.fromkeys(row[0] for row in rows))
