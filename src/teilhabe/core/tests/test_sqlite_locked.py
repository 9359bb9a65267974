"""SQLite's "database is locked" never reaches a user as an error: a write waits for the lock
(busy timeout, WAL, IMMEDIATE transactions: dburl.py), and if the lock outlasts the timeout the
user gets a German 503 "try again in a few seconds" with Retry-After, not a 500."""

import datetime
import sqlite3
import threading
import time

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from teilhabe.regions.models import Municipality
from teilhabe.surveys import services
from teilhabe.surveys.models import Answer
from teilhabe.surveys.xlsform import Form, Question, Section
from teilhabe.testing import ZEVEN_ARS

pytestmark = [
    pytest.mark.serial,  # waits on lock timeouts: not beside other tests
    pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's write lock"),
    pytest.mark.django_db(transaction=True),  # the other connection must see committed data
]


@pytest.fixture
def token(rotenburg):
    form = Form(
        "Kurz",
        "kurz",
        "1",
        "de",
        (Section("s", {"de": "Teil"}, questions=(Question("needs", "text"),)),),
    )
    version = services.create_questionnaire(rotenburg, form)
    today = timezone.localdate()
    zeven = Municipality.objects.get(ars=ZEVEN_ARS)
    _wave, tokens = services.create_wave(
        version, "Herbst", today, today + datetime.timedelta(days=30), [zeven]
    )
    return tokens[zeven.pk]


def writer_lock() -> sqlite3.Connection:
    """Another process's writer: holds the database's write lock until it rolls back."""
    other = sqlite3.connect(
        connection.settings_dict["NAME"], isolation_level=None, check_same_thread=False
    )
    other.execute("BEGIN IMMEDIATE")
    return other


def autosave(token: str, value: str):
    client = Client(raise_request_exception=False)  # as a server answers: no re-raise
    url = reverse("surveys:autosave-by-link", args=[token, "needs"])
    return client.post(url, {"needs": value, "v-needs": "0"}, HTTP_ACCEPT_LANGUAGE="de")


def test_a_write_waits_for_the_lock_and_succeeds(token):
    other = writer_lock()
    release = threading.Timer(1.0, other.rollback)  # the other writer needs a second
    release.start()
    started = time.monotonic()
    try:
        response = autosave(token, "Räume")
    finally:
        release.join()
        other.close()
    assert time.monotonic() - started >= 1.0  # it waited …
    assert response.status_code == 200 and "gespeichert" in response.content.decode()
    assert Answer.objects.get(question="needs").value == "Räume"  # … and saved


def test_a_lock_longer_than_the_timeout_gives_a_german_503_to_retry(token):
    options = connection.settings_dict["OPTIONS"]
    timeout = options["timeout"]
    options["timeout"] = 0.3  # instead of 20 s; the next connection uses it
    connection.close()
    other = writer_lock()
    try:
        response = autosave(token, "Räume")
    finally:
        other.rollback()
        other.close()
        options["timeout"] = timeout
        connection.close()
    page = response.content.decode()
    assert response.status_code == 503, page[:500]
    assert response["Retry-After"] == "5"
    assert (
        "Die Datenbank ist gerade ausgelastet – bitte in einigen Sekunden erneut versuchen" in page
    )
    assert "Traceback" not in page and "OperationalError" not in page
    assert not Answer.objects.exists()


def test_other_errors_still_get_the_500_page(token, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(services, "save_answer", broken)
    response = autosave(token, "Räume")
    assert response.status_code == 500
    assert "Ein Fehler ist aufgetreten" in response.content.decode()
