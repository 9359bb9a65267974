"""Migration 0005 rewrites the documents of an installation indexed before it ("qd12 a b") so
that every word carries the scope ("qd12xa qd12xb"), and back; after it the index finds the
rewritten documents. On both databases (run this module on PostgreSQL too)."""

from importlib import import_module

import pytest
from django.db import connection

from teilhabe.directory import search
from teilhabe.directory.models import SearchDocument
from teilhabe.directory.tests.conftest import Wegweiser

pytestmark = pytest.mark.django_db

migration = import_module("teilhabe.directory.migrations.0005_search_scope_in_every_word")


def _run(sql: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql)


def test_old_documents_are_rewritten_and_found(wegweiser: Wegweiser):
    district = wegweiser.district.pk
    document = SearchDocument.objects.get(activity=wegweiser.cafe, language="de")
    new = document.document
    old = " ".join([f"qd{district}", *(w.removeprefix(f"qd{district}x") for w in new.split())])
    SearchDocument.objects.filter(pk=document.pk).update(document=old)
    empty = SearchDocument.objects.create(
        activity=wegweiser.district_wide,
        district_id=district,
        language="ar",
        document=f"qd{district}",
    )
    assert search.matching_offers(district, "de", ["sprachcafe"]) == []

    _run(migration.FORWARDS)
    assert SearchDocument.objects.get(pk=document.pk).document == new
    assert SearchDocument.objects.get(pk=empty.pk).document == ""
    assert search.matching_offers(district, "de", ["sprachcafe"]) == [wegweiser.cafe.pk]

    _run(migration.BACKWARDS)
    assert SearchDocument.objects.get(pk=document.pk).document == old
