"""Full-text search of the public offers: FTS5 on SQLite, tsvector and a GIN index on
PostgreSQL (both made by migration 0002), over the folded documents of directory/indexing.py.

Only words of letters and digits reach the database (engine/textsearch.py), as parameters, so
no input can break the query; the district's scope word narrows the index's work to one
district before anything else."""

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
WHERE to_tsvector('simple'::regconfig, document) @@ to_tsquery('simple'::regconfig, %s)
  AND language IN (%s, %s){short}
ORDER BY ts_rank(to_tsvector('simple'::regconfig, document),
                 to_tsquery('simple'::regconfig, %s)) DESC, activity_id
LIMIT %s
"""
# A one-letter prefix ("sprachcafe 1") would make the GIN index merge the lists of every word
# in the country that starts with it (17 ms at national scale); the other words find the
# district's few candidates, and the documents (folded words between single spaces, see
# indexing.py) are read for the short ones: 3 ms, with the same matches.
_SHORT = " AND document ~ %s"


def _postgresql(scope: str, language: str, terms: list[str]) -> tuple[str, list[str | int]]:
    short = [t for t in terms if len(t) == 1]
    query = textsearch.tsquery(scope, [t for t in terms if len(t) > 1])
    patterns = [f"(^| ){t}" for t in short]  # terms are letters and digits only
    sql = _POSTGRESQL.format(short=_SHORT * len(short))
    return sql, [query, GERMAN, language, *patterns, query, LIMIT]


def matching_offers(district_id: int, language: str, terms: list[str]) -> list[int]:
    """Ids of the district's indexed offers whose German text or text in `language` has every
    term (as a word or the start of one), best first, without repeats."""
    if not terms:
        return []
    scope = scope_word(district_id)
    other = language if language != GERMAN else GERMAN
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            sql, params = _postgresql(scope, other, terms)
            cursor.execute(sql, params)
        else:
            cursor.execute(_SQLITE, [textsearch.fts5_query(scope, terms), GERMAN, other, LIMIT])
        rows = cursor.fetchall()
    return list(dict.fromkeys(row[0] for row in rows))
