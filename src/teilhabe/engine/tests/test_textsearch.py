"""The words of the search index and of the queries: every indexed word and every searched
word carries the district's scope in front, so a search reads only its district's words."""

from hypothesis import given
from hypothesis import strategies as st

from teilhabe.engine import textsearch

TEXT = st.text(max_size=60)


@given(st.lists(TEXT, max_size=4))
def test_every_indexed_word_starts_with_the_scope(parts: list[str]) -> None:
    document = textsearch.document(parts, "qd12x")
    words = [w for part in parts for w in textsearch.words(part)]
    assert document.split() == ["qd12x" + w for w in words]


def test_a_document_without_words_is_empty() -> None:
    assert textsearch.document(["", " – ", "!"], "qd1x") == ""
    assert textsearch.document(["Sprachcafé am Markt"], "qd1x") == "qd1xsprachcafe qd1xam qd1xmarkt"


@given(TEXT)
def test_every_searched_word_is_a_scoped_prefix(query: str) -> None:
    terms = textsearch.terms(query)
    fts5 = textsearch.fts5_query("qd7x", terms)
    tsquery = textsearch.tsquery("qd7x", terms)
    assert fts5 == " AND ".join(f'"qd7x{t}"*' for t in terms)
    assert tsquery == " & ".join(f"'qd7x{t}':*" for t in terms)
    # Only letters and digits after the scope: no input reaches the query's syntax.
    assert all(t.isalnum() for t in terms)
