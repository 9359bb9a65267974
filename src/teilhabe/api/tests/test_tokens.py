"""Personal API tokens: stored hashed, revocable, expiring, limited in rate, and acting with
exactly their user's rights – an editor's token reads only its district and writes only its
municipality. Bad input gets a clear JSON 4xx, never a 500."""

import datetime
import json

import pytest
from django.urls import reverse

from teilhabe.accounts import tokens
from teilhabe.accounts.models import ApiToken
from teilhabe.inventory.models import Activity
from teilhabe.regions.models import Municipality
from teilhabe.testing import SOTTRUM_ARS, ZEVEN_ARS, make_activity

pytestmark = pytest.mark.django_db


def bearer(token: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


@pytest.fixture
def bob_token(personas):
    return tokens.create(personas["bob"], "Auswertung")[1]  # editor of Samtgemeinde Zeven


def post(client, url, body, token, **headers):  # type: ignore[no-untyped-def]
    data = body if isinstance(body, str) else json.dumps(body)
    return client.post(url, data, content_type="application/json", **bearer(token), **headers)


def test_only_the_hash_is_stored_and_the_token_works(client, bob_token):
    assert not ApiToken.objects.filter(token_hash=bob_token).exists()
    assert bob_token not in str(list(ApiToken.objects.values()))
    response = client.get(reverse("api:me"), **bearer(bob_token))
    assert response.json() == {"user": "bob", "districts": ["03357"]}


def test_an_editors_token_reads_only_its_district(client, bob_token):
    assert (
        client.get("/api/v1/districts/03357/municipalities", **bearer(bob_token)).status_code == 200
    )
    for url in (
        "/api/v1/districts/03356",
        "/api/v1/districts/03356/activities",
        "/api/v1/municipalities/033560007007",
    ):
        response = client.get(url, **bearer(bob_token))
        assert response.status_code == 404
        assert "Osterholz" not in response.content.decode()


def test_an_editors_token_writes_only_its_municipality(client, rotenburg, bob_token):
    url = "/api/v1/districts/03357/activities"
    body = {"title": "Sprachcafé", "field_of_action": "language"}
    assert post(client, url, {**body, "municipality": ZEVEN_ARS}, bob_token).status_code == 201
    assert post(client, url, {**body, "municipality": SOTTRUM_ARS}, bob_token).status_code == 403
    assert post(client, url, body, bob_token).status_code == 403  # the whole district
    other = make_activity(rotenburg, Municipality.objects.get(ars=SOTTRUM_ARS))
    response = client.patch(
        f"/api/v1/activities/{other.pk}",
        json.dumps({"title": "x"}),
        content_type="application/json",
        HTTP_IF_MATCH='"1"',
        **bearer(bob_token),
    )
    assert response.status_code == 403
    assert Activity.objects.filter(municipality__ars=ZEVEN_ARS).count() == 1
    assert Activity.objects.filter(municipality__ars=SOTTRUM_ARS).get().title == "Sprachcafé"


def test_if_match_protects_against_lost_updates(client, rotenburg, bob_token):
    activity = make_activity(rotenburg, Municipality.objects.get(ars=ZEVEN_ARS))
    url = f"/api/v1/activities/{activity.pk}"
    etag = client.get(url, **bearer(bob_token))["ETag"]
    assert etag == '"1"'

    def patch(body, **headers):  # type: ignore[no-untyped-def]
        return client.patch(
            url, json.dumps(body), content_type="application/json", **bearer(bob_token), **headers
        )

    assert patch({"title": "ohne Version"}).status_code == 428
    first = patch({"status": "paused"}, HTTP_IF_MATCH=etag)
    assert first.status_code == 200 and first["ETag"] == '"2"'
    stale = patch({"title": "überschreibt"}, HTTP_IF_MATCH=etag)
    assert stale.status_code == 412 and "version 2" in stale.json()["detail"]
    assert patch({"title": "mit Version", "version": 2}).status_code == 200
    activity.refresh_from_db()
    assert (activity.status, activity.title, activity.version) == ("paused", "mit Version", 3)


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ("{kein json", 400),
        ({"title": "x", "field_of_action": "language", "unbekannt": 1}, 422),
        ({"title": 5, "field_of_action": "language", "volunteers": "viele"}, 422),
        ({"title": "x", "field_of_action": "gibt-es-nicht"}, 422),
        ({"title": "x", "field_of_action": "language", "status": "irgendwie"}, 422),
        (
            {
                "title": "x",
                "field_of_action": "language",
                "start_date": "2026-05-01",
                "end_date": "2026-01-01",
            },
            422,
        ),
        ({"title": "x" * 5000, "field_of_action": "language"}, 422),
    ],
)
def test_bad_input_is_a_json_4xx_and_writes_nothing(client, rotenburg, bob_token, body, status):
    body = body if isinstance(body, str) else {**body, "municipality": ZEVEN_ARS}
    response = post(client, "/api/v1/districts/03357/activities", body, bob_token)
    assert response.status_code == status
    assert "detail" in response.json()
    assert not Activity.objects.exists()


def test_an_oversized_body_is_refused(client, settings, bob_token):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = {"title": "x" * 2000, "field_of_action": "language", "municipality": ZEVEN_ARS}
    response = post(client, "/api/v1/districts/03357/activities", body, bob_token)
    assert response.status_code == 413 and response.json()["detail"]


def test_revoked_expired_and_unknown_tokens_get_401(client, personas):
    record, token = tokens.create(personas["carol"], "alt", expires_on=datetime.date(2026, 1, 1))
    assert client.get("/api/v1/districts", **bearer(token)).status_code == 401
    record, token = tokens.create(personas["carol"], "neu")
    assert client.get("/api/v1/districts", **bearer(token)).status_code == 200
    tokens.revoke(record)
    for candidate in (token, "th_erfunden", "kein-token"):
        response = client.get("/api/v1/districts", **bearer(candidate))
        assert response.status_code == 401 and response.json()["detail"]


def test_rate_limit_per_token(client, settings, personas):
    settings.TEILHABE_API_RATE_PER_MINUTE = 3
    _record, token = tokens.create(personas["carol"], "schnell")
    codes = [client.get("/api/v1/districts", **bearer(token)).status_code for _ in range(5)]
    assert codes[:3] == [200, 200, 200] and codes[3:] == [429, 429]
    limited = client.get("/api/v1/districts", **bearer(token))
    assert int(limited["Retry-After"]) >= 1
    _other, fresh = tokens.create(personas["carol"], "andere")
    assert client.get("/api/v1/districts", **bearer(fresh)).status_code == 200


def test_tokens_are_made_and_revoked_on_the_profile_page(client, personas):
    client.force_login(personas["carol"])
    page = client.post(reverse("accounts:profile"), {"name": "Excel", "expires_on": ""})
    token = page.content.decode().split('id="new-token">')[1].split("<")[0]
    client.logout()
    assert client.get("/api/v1/districts", **bearer(token)).status_code == 200
    record = ApiToken.objects.get(user=personas["carol"])
    client.force_login(personas["bob"])  # somebody else cannot revoke it
    assert client.post(reverse("accounts:token-revoke", args=[record.pk])).status_code == 404
    client.force_login(personas["carol"])
    client.post(reverse("accounts:token-revoke", args=[record.pk]))
    client.logout()
    assert client.get("/api/v1/districts", **bearer(token)).status_code == 401


def test_the_session_needs_csrf_for_writes(personas, rotenburg):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(personas["alice"])
    body = {"title": "x", "field_of_action": "language", "municipality": ZEVEN_ARS}
    response = browser.post(
        "/api/v1/districts/03357/activities", json.dumps(body), content_type="application/json"
    )
    assert response.status_code in (401, 403)
    assert not Activity.objects.exists()
