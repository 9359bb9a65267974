"""The log lines of requests and background tasks, as the JSON formatter writes them: parsed
back with json.loads, carrying the request id, the user's id and the district, and nothing
personal (no name, e-mail address, client address, query string or body)."""

import io
import json
import logging
import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.tasks import task
from django.urls import reverse

from teilhabe.accounts.models import Role
from teilhabe.core.ops.logs import JsonFormatter, TextFormatter
from teilhabe.testing import ZEVEN_ARS, make_user

Lines = Callable[[], list[dict[str, Any]]]


@task
def double(n: int) -> int:
    return 2 * n


@task
def fail() -> None:
    raise ValueError("kaputt")


@pytest.fixture
def raw() -> Iterator[io.StringIO]:
    """What the console handler of a JSON installation writes, for both loggers."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    loggers = [logging.getLogger(name) for name in ("teilhabe.request", "teilhabe.task")]
    for logger in loggers:
        logger.addHandler(handler)
    yield stream
    for logger in loggers:
        logger.removeHandler(handler)


@pytest.fixture
def lines(raw: io.StringIO) -> Lines:
    return lambda: [json.loads(line) for line in raw.getvalue().splitlines()]


@pytest.fixture
def frieda(rotenburg):
    return make_user(
        "frieda",
        Role.COORDINATOR,
        rotenburg,
        first_name="Frieda",
        last_name="Oezdemir-Lindqvist",
        email="frieda.lindqvist@landkreis.example",
    )


def test_a_request_line_names_view_user_and_district_and_nothing_personal(
    client, frieda, raw, lines
):
    client.force_login(frieda)
    response = client.get("/districts/03357/?suche=Lindqvist-geheim", REMOTE_ADDR="198.51.100.7")
    assert response.status_code == 200
    [line] = lines()
    assert line["event"] == "request" and line["level"] == "INFO"
    assert line["logger"] == "teilhabe.request"
    assert line["method"] == "GET"
    assert line["path"] == "/districts/03357/"
    assert line["view"] == "regions:district-detail"
    assert line["status"] == 200
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] > 0
    assert line["request_id"] == response["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", line["request_id"])
    assert line["user_id"] == frieda.pk
    assert line["district"] == "03357"
    text = raw.getvalue()
    for personal in ("Frieda", "Lindqvist", "frieda", "landkreis.example", "198.51.100.7"):
        assert personal not in text
    assert "suche" not in text and "?" not in text


def test_a_municipality_page_names_its_district(client, frieda, lines):
    client.force_login(frieda)
    response = client.get(reverse("regions:municipality-detail", args=[ZEVEN_ARS]))
    assert response.status_code == 200
    assert lines()[0]["district"] == "03357"
    assert lines()[0]["view"] == "regions:municipality-detail"


def test_an_anonymous_request_has_no_user_and_no_district(client, db, lines):
    client.get("/health/")
    [line] = lines()
    assert line["user_id"] is None and line["district"] is None
    assert line["view"] == "core:health"


def test_static_files_and_missing_pages_have_a_view_name_of_their_own(client, db, lines):
    assert client.get("/static/teilhabe/teilhabe.css").status_code == 200
    assert client.get("/gibt-es-nicht/").status_code == 404
    assert [(line["view"], line["status"]) for line in lines()] == [
        ("static", 200),
        ("unresolved", 404),
    ]


def test_a_failed_login_logs_neither_name_nor_password(client, frieda, raw, lines):
    response = client.post(
        reverse("accounts:login"),
        {"username": "frieda.lindqvist@landkreis.example", "password": "Falsch-Passwort-9"},
    )
    assert response.status_code == 200  # the form again, with its error
    [line] = lines()
    assert line["method"] == "POST" and line["user_id"] is None
    assert "lindqvist" not in raw.getvalue() and "Falsch" not in raw.getvalue()


def test_the_secret_of_a_personal_link_stays_out_of_the_log(client, db, raw, lines):
    """Neither in the request line nor in Django's own "Not Found: <path>" (django.request,
    filtered as settings.LOGGING configures it)."""
    secret = "Zq9xSecretLinkKey4711"
    django_request = logging.getLogger("django.request")
    handler = logging.StreamHandler(raw)
    handler.setFormatter(JsonFormatter())
    django_request.addHandler(handler)
    try:
        response = client.get(reverse("digest:unsubscribe", args=[secret]))
    finally:
        django_request.removeHandler(handler)
    assert response.status_code == 404
    request_line, not_found = lines()
    assert request_line["view"] == "digest:unsubscribe"
    assert request_line["path"] == "/digest/unsubscribe/<token>/"
    assert not_found["message"] == f"Not Found: {request_line['path']}"
    assert not_found["request_id"] == response["X-Request-ID"]
    assert secret not in raw.getvalue()


def test_a_safe_request_id_is_taken_over_and_echoed(client, db, lines):
    response = client.get("/health/", headers={"X-Request-ID": "lb-4711.node_A"})
    assert response["X-Request-ID"] == "lb-4711.node_A"
    assert lines()[0]["request_id"] == "lb-4711.node_A"


@pytest.mark.parametrize("given", ["a b", "x" * 65, "<script>", "id\u00e4", ""])
def test_an_unsafe_request_id_is_replaced(client, db, lines, given):
    response = client.get("/health/", headers={"X-Request-ID": given})
    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])
    assert lines()[0]["request_id"] == response["X-Request-ID"]


def test_a_task_run_is_one_line(lines):
    result = double.enqueue(21)
    assert result.return_value == 42
    [line] = [line for line in lines() if line["event"] == "task"]
    assert line["task"] == f"{__name__}.double"
    assert line["task_id"] == result.id
    assert line["status"] == "SUCCESSFUL" and line["level"] == "INFO"
    assert line["worker_id"] == result.worker_ids[-1] and line["worker_id"]
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] >= 0


def test_a_failed_task_is_an_error_line(lines):
    result = fail.enqueue()
    [line] = [line for line in lines() if line["event"] == "task"]
    assert line["status"] == "FAILED" and line["level"] == "ERROR"
    assert line["task_id"] == result.id


def test_a_line_logged_while_serving_carries_the_request_id(client, db, raw):
    """A view's own warning (here Django's for a missing page) can be found by its request."""
    logger = logging.getLogger("django.request")
    handler = logging.StreamHandler(raw)
    handler.setFormatter(JsonFormatter())
    logger.addHandler(handler)
    try:
        response = client.get("/gibt-es-nicht/")
    finally:
        logger.removeHandler(handler)
    warnings = [json.loads(x) for x in raw.getvalue().splitlines() if '"django.request"' in x]
    assert warnings and warnings[0]["request_id"] == response["X-Request-ID"]
    assert warnings[0]["level"] == "WARNING"


def test_the_text_format_puts_the_fields_after_the_message():
    record = logging.LogRecord("teilhabe.request", logging.INFO, "", 0, "GET %s", ("/x/",), None)
    record.fields = {"status": 200, "user_id": None}
    assert TextFormatter().format(record) == "GET /x/  [status=200 user_id=-]"


def test_a_page_that_does_not_look_at_the_user_is_not_made_to_load_it(
    client, frieda, lines, django_assert_num_queries
):
    """/health/ with a session cookie: its one query, not the session's and the user's too."""
    client.force_login(frieda)
    with django_assert_num_queries(1):
        client.get("/health/")
    assert lines()[0]["user_id"] is None


def _formatter_of_a_process(tmp_path, **env: str) -> str:
    """The console handler's formatter in a process started with these variables, or its
    error."""
    import os
    import subprocess
    import sys

    code = (
        "import logging, django; django.setup(); "
        "print(type(logging.getLogger().handlers[0].formatter).__name__)"
    )
    base = {k: v for k, v in os.environ.items() if not k.startswith(("TEILHABE_", "DJANGO_"))}
    done = subprocess.run(
        [sys.executable, "-c", code],
        env=base
        | {"DJANGO_SETTINGS_MODULE": "teilhabe.settings", "TEILHABE_DATA_DIR": str(tmp_path)}
        | env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    return done.stdout.strip() or done.stderr.strip().splitlines()[-1]


def test_production_logs_json_and_elsewhere_text_unless_set(tmp_path):
    production = {"TEILHABE_ENV": "production", "TEILHABE_SECRET_KEY": "x" * 50}
    assert _formatter_of_a_process(tmp_path, **production) == "JsonFormatter"
    assert _formatter_of_a_process(tmp_path) == "TextFormatter"
    assert _formatter_of_a_process(tmp_path, TEILHABE_LOG_FORMAT="json") == "JsonFormatter"
    wrong = _formatter_of_a_process(tmp_path, TEILHABE_LOG_FORMAT="xml")
    assert "TEILHABE_LOG_FORMAT must be json or text" in wrong
