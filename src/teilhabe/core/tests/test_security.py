"""Login security from day one: argon2, throttling, headers, and a clean `check --deploy`."""

import os
import subprocess
import sys

import pytest
from django.urls import reverse

import teilhabe.settings as production_settings
from teilhabe.testing import make_user


def test_passwords_are_hashed_with_argon2():
    assert production_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "teilhabe.settings",
        "TEILHABE_ENV": "production",
        "TEILHABE_SECRET_KEY": "k" * 20 + "-Wq8#zR!p2@Lm5^vX7&nB3*cT9(hJ4)sF6",
        "TEILHABE_ALLOWED_HOSTS": "teilhabe.example.org",
        "TEILHABE_DATA_DIR": str(tmp_path),
    }
    env.pop("TEILHABE_DATABASE_URL", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the browser tests' settings only
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "teilhabe.cli",
            "manage",
            "check",
            "--deploy",
            "--fail-level",
            "WARNING",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.django_db
def test_repeated_failed_logins_lock_the_account_for_that_address(client, rotenburg):
    make_user("alice", "coordinator", rotenburg)
    url = reverse("accounts:login")
    for _ in range(4):
        response = client.post(url, {"username": "alice", "password": "falsch"})
        assert response.status_code == 200
        assert "nicht korrekt" in response.content.decode()
    assert client.post(url, {"username": "alice", "password": "falsch"}).status_code == 429
    # Locked now: even the right password is refused, with an explanation.
    response = client.post(url, {"username": "alice", "password": "alice-pw-Teilhabe-2026"})
    assert response.status_code == 429
    assert "vorübergehend gesperrt" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_correct_login_works_and_lands_on_the_task_list(client, rotenburg):
    make_user("alice", "coordinator", rotenburg)
    response = client.post(
        reverse("accounts:login"),
        {"username": "alice", "password": "alice-pw-Teilhabe-2026"},
        follow=True,
    )
    # The start page is Meine Aufgaben (issue 20); the district is one link away.
    assert response.redirect_chain[-1][0] == reverse("tasklist:my-tasks")
    assert response.status_code == 200
    assert reverse("regions:district-list") in response.content.decode()


@pytest.mark.django_db
def test_security_headers_are_set(client):
    response = client.get(reverse("accounts:login"))
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response.cookies["csrftoken"]["samesite"] == "Lax"
