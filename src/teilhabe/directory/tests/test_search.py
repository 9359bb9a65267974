"""Search of the public offers (search.py, indexing.py): through the database's own full-text
index (FTS5 on SQLite, tsvector on PostgreSQL; run this module on both), whatever the case,
accents, umlaut or ß spelling, in the visitor's language, one district only, and a clear
answer to any input."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from teilhabe.directory import search, services
from teilhabe.directory.indexing import scope_word
from teilhabe.directory.models import SearchDocument
from teilhabe.directory.tests.conftest import Wegweiser
from teilhabe.engine import textsearch
from teilhabe.inventory.models import Activity, Category
from teilhabe.inventory.services import update_activity
from teilhabe.testing import make_activity

pytestmark = pytest.mark.django_db

AGS = "03357"


def found(w: Wegweiser, query: str, language: str = "de") -> list[int]:
    return search.matching_offers(w.district.pk, language, textsearch.terms(query))


@pytest.mark.parametrize(
    "query",
    [
        "Sprachcafé",
        "sprachcafe",
        "SPRACHCAFE",
        "Sprachcaf",
        "Strasse",
        "straße",
        "GROSSE Straße",
        "Kuchen Zeven",
        "fuer alle",
        "für",
    ],
)
def test_spellings_meet(wegweiser: Wegweiser, query: str):
    assert found(wegweiser, query) == [wegweiser.cafe.pk]


def test_the_database_index_answers_not_a_loop(wegweiser: Wegweiser):
    with CaptureQueriesContext(connection) as queries:
        found(wegweiser, "Sprachcafe")
    sql = " ".join(q["sql"] for q in queries.captured_queries)
    if connection.vendor == "postgresql":
        assert "to_tsquery" in sql and "@@" in sql
    else:
        assert "directory_search_fts MATCH" in sql
    assert len(queries.captured_queries) == 1


@pytest.mark.parametrize(
    ("query", "hits"),
    [("Sprachcafe 1", ["17"]), ("sprachcafe 2", ["28"]), ("s 1", ["17"]), ("Sprachcafe 3", [])],
)
def test_a_one_letter_term_is_the_start_of_a_word(wegweiser: Wegweiser, query: str, hits):
    """Every indexed word carries its district's scope, so a one-letter prefix reads only the
    district's words (migration 0005): the same matches on both databases."""
    numbered = {
        n: make_activity(wegweiser.district, None, title=f"Sprachcafé {n}", public=True).pk
        for n in ("17", "28")
    }
    assert [p for p in found(wegweiser, query) if p in numbered.values()] == [
        numbered[n] for n in hits
    ]


def test_only_public_offers_are_indexed_and_only_while_public(wegweiser: Wegweiser):
    indexed = set(SearchDocument.objects.values_list("activity_id", flat=True))
    assert wegweiser.hidden.pk not in indexed
    assert found(wegweiser, "Xylophonkreis") == []
    update_activity(wegweiser.cafe.pk, {"public": False}, wegweiser.cafe.version)
    assert found(wegweiser, "Sprachcafe") == []


def test_a_changed_text_is_found_by_its_new_words_only(wegweiser: Wegweiser):
    update_activity(wegweiser.cafe.pk, {"title": "Erzählcafé"}, wegweiser.cafe.version)
    assert found(wegweiser, "Erzahlcafe") == [wegweiser.cafe.pk]
    assert found(wegweiser, "Sprachcafe") == []


def test_one_district_never_finds_anothers_offers(wegweiser: Wegweiser, osterholz):
    make_activity(osterholz, None, title="Sprachcafé Osterholz", public=True)
    assert found(wegweiser, "Sprachcafe") == [wegweiser.cafe.pk]
    other = search.matching_offers(osterholz.pk, "de", ["sprachcafe"])
    assert len(other) == 1 and other != [wegweiser.cafe.pk]
    assert scope_word(wegweiser.district.pk) != scope_word(osterholz.pk)


def test_the_visitors_language_finds_an_up_to_date_translation(wegweiser: Wegweiser):
    services.save_translation(
        wegweiser.cafe,
        "uk",
        {"title": "Мовне кафе на ринку", "description": "Розмовляємо німецькою за кавою."},
        None,
    )
    assert found(wegweiser, "мовне кафе", "uk") == [wegweiser.cafe.pk]
    assert found(wegweiser, "МОВНЕ", "uk") == [wegweiser.cafe.pk]
    assert found(wegweiser, "мовне", "ar") == []  # Ukrainian words are not Arabic ones
    assert found(wegweiser, "Sprachcafe", "uk") == [wegweiser.cafe.pk]  # German always counts
    # Once the German text changes the translation is outdated: the visitor reads German and
    # finds the offer by its German words only.
    update_activity(wegweiser.cafe.pk, {"description": "Neu"}, wegweiser.cafe.version)
    assert found(wegweiser, "мовне", "uk") == []
    assert found(wegweiser, "Sprachcafe", "uk") == [wegweiser.cafe.pk]


def test_the_list_page_searches_and_filters(wegweiser: Wegweiser):
    url = reverse("directory:offers", kwargs={"ags": AGS})
    client = Client()
    body = client.get(url, {"q": "sprachcafe"}).content.decode()
    assert "Sprachcafé am Markt" in body and "Fahrradwerkstatt" not in body
    body = client.get(url, {"municipality": wegweiser.zeven.ars}).content.decode()
    assert "Sprachcafé am Markt" in body and "Migrationsberatung" not in body
    body = client.get(url, {"free": "on"}).content.decode()
    assert "Sprachcafé am Markt" in body and "Migrationsberatung" not in body
    body = client.get(url, {"language": "ar"}).content.decode()
    assert "Sprachcafé am Markt" in body and "Fahrradwerkstatt" not in body
    with translation.override("ar"):
        arabic = reverse("directory:offers", kwargs={"ags": AGS})
    body = client.get(arabic, {"q": "SPRACHCAFÉ"}).content.decode()
    assert "Sprachcafé am Markt" in body and 'dir="rtl"' in body


HOSTILE = [
    '"Sprachcafé',
    "Sprach* OR 1=1",
    "'; DROP TABLE directory_searchdocument; --",
    "NEAR(a b) AND NOT c: ^d {e}",
    "a & b | !c <-> d:*",
    "\u202eéfachcarpS\u202c \u200f\u200e",
    "x" * 10_000,
    "wort " * 2_000,
    "\x00\x01\x02",
    "%_%",
]


@pytest.mark.parametrize("query", HOSTILE)
def test_any_input_gets_a_clear_answer(wegweiser: Wegweiser, query: str):
    url = reverse("directory:offers", kwargs={"ags": AGS})
    response = Client().get(url, {"q": query})
    assert response.status_code == 200
    assert not response.cookies
    assert SearchDocument.objects.exists()  # nothing dropped


def test_an_input_with_no_word_says_so(wegweiser: Wegweiser):
    body = Client().get(reverse("directory:offers", kwargs={"ags": AGS}), {"q": "«» !!"})
    assert "Bitte geben Sie ein Wort ein" in body.content.decode()


def test_nothing_found_says_so(wegweiser: Wegweiser):
    body = Client().get(reverse("directory:offers", kwargs={"ags": AGS}), {"q": "Walross"})
    assert "Es wurde nichts gefunden" in body.content.decode()


def test_bad_filters_are_left_out_with_a_hint(wegweiser: Wegweiser):
    response = Client().get(
        reverse("directory:offers", kwargs={"ags": AGS}),
        {"municipality": "x' OR 1=1", "page": "-3", "field": "\u202e"},
    )
    assert response.status_code == 200
    assert "Einige Filter konnten nicht gelesen werden" in response.content.decode()


def _search(client: Client, params: dict[str, str], language: str = "de") -> tuple[str, list[str]]:
    with translation.override(language):
        url = reverse("directory:offers", kwargs={"ags": AGS})
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200 and not response.cookies
    return response.content.decode(), [q["sql"] for q in queries.captured_queries]


def test_a_search_costs_three_queries_and_keeps_the_filters_choices(wegweiser: Wegweiser):
    """The district's stamp, the full-text index, the offers shown: the choices of the filters
    (places, fields of action) come from the process's memory after the first search."""
    client = Client()
    _search(client, {"q": "sprachcafe"})
    body, sql = _search(client, {"q": "kuchen", "municipality": wegweiser.zeven.ars})
    assert "Sprachcafé am Markt" in body
    zeven = wegweiser.zeven
    assert f'<option value="{zeven.ars}" selected>{zeven.name}</option>' in body
    assert len(sql) == 3
    tables = [q.split(" FROM ")[1].split()[0].strip('"') for q in sql]
    assert tables == ["regions_district", *tables[1:2], "inventory_activity"]
    assert "regions_municipality" not in tables and "inventory_category" not in tables
    # In another language one more: the page's translations (never one per card).
    make_activity(
        wegweiser.district,
        zeven,
        title="Sprachcafé Nord",
        public=True,
        last_confirmed=timezone.localdate(),
    )
    _search(client, {"q": "sprachcafe"}, "uk")
    body, sql = _search(client, {"q": "sprachcafe"}, "uk")
    assert body.count('<li>\n  <h3><a href="/uk/03357/angebote/') == 2
    assert len(sql) == 4


def test_the_filters_choices_change_with_a_place_or_field_of_action(wegweiser: Wegweiser):
    client = Client()
    zeven = wegweiser.zeven
    body, _sql = _search(client, {"q": "sprachcafe"})
    assert f">{zeven.name}</option>" in body
    zeven.name = "Stadt Zeven"
    zeven.save()
    body, _sql = _search(client, {"q": "sprachcafe"})
    assert ">Stadt Zeven</option>" in body and ">Samtgemeinde Zeven</option>" not in body
    category = Category.objects.get(pk=wegweiser.cafe.category_id)
    category.key, category.name = "begegnung", "Sprache und Begegnung"
    category.save()  # a field of action of the district's own: its German name everywhere
    body, _sql = _search(client, {"q": "sprachcafe"}, "uk")
    assert '<option value="begegnung">Sprache und Begegnung</option>' in body
    assert '<option value="language">' not in body


def test_many_matches_are_paged_in_the_order_of_the_index(wegweiser: Wegweiser):
    """More matches than a page holds: only the shown offers' ids are read, then the page's
    offers; the order and the pages are those of the index, hidden offers left out."""
    today = timezone.localdate()
    for n in range(25):
        make_activity(
            wegweiser.district,
            wegweiser.zeven,
            title=f"Lesepaten {n}",
            description="Lesen",
            public=True,
            last_confirmed=today,
        )
    make_activity(wegweiser.district, None, title="Lesepaten alt", public=True)  # unconfirmed
    ranked = found(wegweiser, "lesepaten")
    assert len(ranked) == 26
    hidden = Activity.objects.get(title="Lesepaten alt").pk
    shown = [pk for pk in ranked if pk != hidden]
    client = Client()
    pages = []
    for page in ("1", "2"):
        body, _sql = _search(client, {"q": "lesepaten", "page": page})
        assert "25 Angebote" in body and "Lesepaten alt" not in body
        pages.append([int(pk) for pk in re.findall(rf'href="/{AGS}/angebote/(\d+)/"', body)])
    assert pages == [shown[:20], shown[20:]]
