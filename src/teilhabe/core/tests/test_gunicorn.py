"""gunicorn as everything starts it (teilhabe/gunicorn_conf.py): it does not name itself in a
Server header, and the application's own headers, the Content-Security-Policy among them,
reach the client unchanged."""

import pytest

from teilhabe.core.tests import live

# Beside the load and crash tests, which prepare the same live installation once.
pytestmark = pytest.mark.serial


def test_gunicorn_sends_no_server_header_and_the_policy_arrives(installation):
    server = live.gunicorn(installation, workers=1)
    try:
        answers = {
            path: live.request(server.port, "GET", path)
            for path in ("/health/", "/accounts/login/", "/gibt-es-nicht/")
        }
    finally:
        live.stop(server.process)
    for path, (_status, headers, _body) in answers.items():
        assert "server" not in headers, (path, headers["server"])
        assert "gunicorn" not in str(headers).lower(), (path, headers)
        assert headers["date"] and headers["connection"] == "close", path  # the rest is kept
    status, headers, body = answers["/accounts/login/"]
    assert status == 200 and b'name="username"' in body
    assert headers["content-security-policy"].startswith("default-src 'self'; script-src 'self';")
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert answers["/gibt-es-nicht/"][0] == 404
