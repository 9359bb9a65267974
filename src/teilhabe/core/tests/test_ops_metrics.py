"""/metrics/: readable from the operator's networks (loopback by default) or with the token,
a missing page for everyone else; the counters move with requests, failed logins and tasks,
and the queue depth is the database's."""

import pytest
from django.test import override_settings
from django.urls import reverse
from prometheus_client.parser import text_string_to_metric_families

from teilhabe.core.tests.test_ops_logs import double
from teilhabe.testing import make_user

TOKEN = "s3cret-metrics-token-for-the-tests-0815"
OUTSIDE = "203.0.113.9"  # TEST-NET-3: never an allowed network here


def samples(body: bytes) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(body.decode())
        for sample in family.samples
    }


def scrape(client) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    response = client.get("/metrics/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain; version=")
    assert not response.cookies
    return samples(response.content)


def value(found: dict, name: str, **labels: str) -> float:
    return found.get((name, frozenset(labels.items())), 0.0)


def test_loopback_reads_the_metrics(client, db):
    found = scrape(client)  # the test client's address is 127.0.0.1
    assert ("teilhabe_failed_logins_total", frozenset()) in found


def test_ipv6_loopback_reads_the_metrics(client, db):
    assert client.get("/metrics/", REMOTE_ADDR="::1").status_code == 200


def test_another_address_gets_the_page_every_missing_address_gets(client, db):
    response = client.get("/metrics/", REMOTE_ADDR=OUTSIDE)
    missing = client.get("/gibt-es-nicht/", REMOTE_ADDR=OUTSIDE)
    assert response.status_code == missing.status_code == 404
    assert b"teilhabe_" not in response.content
    assert client.post("/metrics/", REMOTE_ADDR=OUTSIDE).status_code == 404  # not 403 or 405


@override_settings(TEILHABE_METRICS_TOKEN=TOKEN)
def test_the_token_opens_it_from_anywhere(client, db):
    with_token = client.get("/metrics/", REMOTE_ADDR=OUTSIDE, HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert with_token.status_code == 200 and b"teilhabe_task_queue_depth" in with_token.content
    for wrong in (f"Bearer {TOKEN}x", f"Bearer {TOKEN[:-1]}", "Bearer ", TOKEN, f"Basic {TOKEN}"):
        refused = client.get("/metrics/", REMOTE_ADDR=OUTSIDE, HTTP_AUTHORIZATION=wrong)
        assert refused.status_code == 404, wrong


def test_without_a_configured_token_no_bearer_opens_it(client, db):
    response = client.get("/metrics/", REMOTE_ADDR=OUTSIDE, HTTP_AUTHORIZATION="Bearer ")
    assert response.status_code == 404


@override_settings(TEILHABE_METRICS_ALLOW=["10.20.0.0/16"])
def test_the_allowed_networks_are_the_setting(client, db):
    assert client.get("/metrics/", REMOTE_ADDR="10.20.3.4").status_code == 200
    assert client.get("/metrics/", REMOTE_ADDR="::ffff:10.20.3.4").status_code == 200
    assert client.get("/metrics/", REMOTE_ADDR="10.21.0.1").status_code == 404
    assert client.get("/metrics/").status_code == 404  # loopback is no longer in the list


@override_settings(TEILHABE_TRUSTED_PROXIES=1)
def test_behind_a_proxy_the_client_is_the_proxys_entry(client, db):
    """The address the proxy appended decides (core/net.py); an entry the client wrote itself
    further left does not."""
    proxy = "192.0.2.10"
    ok = client.get("/metrics/", REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="127.0.0.1")
    assert ok.status_code == 200
    forged = client.get(
        "/metrics/", REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR=f"127.0.0.1, {OUTSIDE}"
    )
    assert forged.status_code == 404


def test_a_request_moves_the_latency_histogram_of_its_view(client, db):
    labels = {"view": "core:health", "method": "GET", "status": "2xx"}
    before = value(scrape(client), "teilhabe_request_duration_seconds_count", **labels)
    assert client.get("/health/?x=1").status_code == 200
    client.get("/health/")
    after = scrape(client)
    assert value(after, "teilhabe_request_duration_seconds_count", **labels) == before + 2
    assert not [key for key in after if ("view", "/health/") in key[1]]  # never the raw path


def test_an_unknown_method_is_counted_as_other(client, db):
    client.generic("BREW", "/health/")
    found = scrape(client)
    labels = {"view": "core:health", "method": "other", "status": "4xx"}
    assert value(found, "teilhabe_request_duration_seconds_count", **labels) >= 1
    assert not [key for key in found if ("method", "BREW") in key[1]]


def test_a_failed_login_moves_its_counter(client, db):
    make_user("greta", None)
    before = value(scrape(client), "teilhabe_failed_logins_total")
    client.post(reverse("accounts:login"), {"username": "greta", "password": "nicht-richtig-1"})
    assert value(scrape(client), "teilhabe_failed_logins_total") == before + 1
    client.post(
        reverse("accounts:login"), {"username": "greta", "password": "greta-pw-Teilhabe-2026"}
    )
    assert value(scrape(client), "teilhabe_failed_logins_total") == before + 1  # success: no


def test_a_task_run_moves_the_duration_histogram(client, db):
    task = "teilhabe.core.tests.test_ops_logs.double"
    labels = {"task": task, "status": "successful"}
    before = value(scrape(client), "teilhabe_task_duration_seconds_count", **labels)
    double.enqueue(2)
    assert value(scrape(client), "teilhabe_task_duration_seconds_count", **labels) == before + 1


@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
def test_the_queue_depth_counts_a_queued_task(client, db):
    assert value(scrape(client), "teilhabe_task_queue_depth", status="ready") == 0
    result = double.enqueue(5)  # stored, not run: no worker in the test
    found = scrape(client)
    assert value(found, "teilhabe_task_queue_depth", status="ready") == 1
    assert value(found, "teilhabe_task_queue_depth", status="running") == 0
    assert result.status == "READY"


@pytest.mark.parametrize("value_", ["", "10.0.0.0/33", "nobody"])
def test_a_wrong_network_setting_stops_the_start(monkeypatch, value_):
    from django.core.exceptions import ImproperlyConfigured

    from teilhabe.settings import env_networks

    monkeypatch.setenv("TEILHABE_METRICS_ALLOW", value_)
    if not value_:
        assert env_networks("TEILHABE_METRICS_ALLOW", ["127.0.0.1"]) == ["127.0.0.1/32"]
        return
    with pytest.raises(ImproperlyConfigured):
        env_networks("TEILHABE_METRICS_ALLOW", [])
