"""The Django admin is the installation administrator's emergency tool: for everyone else,
logged in or not, every admin address answers 404, as if it did not exist."""

import pytest
from django.contrib import admin
from django.urls import reverse

from teilhabe.accounts.models import Role
from teilhabe.testing import make_user


def admin_urls(personas) -> list[str]:
    """The index, login, logout, and every registered model's list, add and change page."""
    alice = personas["alice"]
    urls = [
        reverse("admin:index"),
        reverse("admin:login"),
        reverse("admin:logout"),
        reverse("admin:password_change"),
        "/admin/accounts/",
        "/admin/does-not-exist/",
    ]
    for model in admin.site._registry:
        info = (model._meta.app_label, model._meta.model_name)
        urls.append(reverse("admin:{}_{}_changelist".format(*info)))
        urls.append(reverse("admin:{}_{}_add".format(*info)))
        obj = model._default_manager.order_by("pk").first()
        if obj is not None:
            urls.append(reverse("admin:{}_{}_change".format(*info), args=[obj.pk]))
    urls.append(reverse("admin:auth_user_password_change", args=[alice.pk]))
    return urls


@pytest.fixture
def olga(osterholz):
    """Administrator of Landkreis Osterholz, even with the old staff flag set."""
    return make_user("olga", Role.ADMINISTRATOR, osterholz, is_staff=True)


@pytest.mark.parametrize("persona", ["anonymous", "alice", "bob", "carol", "erin", "dave", "olga"])
def test_everyone_but_the_superuser_gets_404_everywhere_in_the_admin(
    client, personas, olga, persona
):
    user = olga if persona == "olga" else personas.get(persona)
    if user:
        client.force_login(user)
    for url in admin_urls(personas):
        for method in ("get", "post"):
            response = getattr(client, method)(url, {"username": "root", "password": "x"})
            assert response.status_code == 404, (persona, method, url)


def test_a_staff_flag_alone_opens_nothing(client, personas, rotenburg):
    staff = make_user("stefan", None, is_staff=True)
    client.force_login(staff)
    assert client.get(reverse("admin:index")).status_code == 404


def test_the_superuser_uses_the_admin(client, personas):
    client.force_login(personas["root"])
    for url in admin_urls(personas):
        if url.endswith(("/logout/", "/does-not-exist/")):
            continue
        response = client.get(url)
        if url.endswith("/add/"):  # logs (axes, tasks, audit) refuse to be written by hand
            assert response.status_code in (200, 403), url
        else:
            assert response.status_code in (200, 302), url


def test_a_district_administrators_post_changes_nothing(client, personas, olga):
    """The reported attack: Osterholz's administrator adds a membership to Rotenburg's
    coordinator and sets her password through the admin. Neither is possible any more."""
    alice = personas["alice"]
    password = alice.password
    client.force_login(olga)
    client.post(
        reverse("admin:auth_user_password_change", args=[alice.pk]),
        {"password1": "Übernommen-2026!", "password2": "Übernommen-2026!"},
    )
    client.post(
        reverse("admin:accounts_membership_add"),
        {"user": alice.pk, "role": "viewer", "district": olga.memberships.get().district_id},
    )
    client.post(reverse("admin:accounts_user_change", args=[alice.pk]), {"is_active": ""})
    alice.refresh_from_db()
    assert alice.password == password and alice.is_active
    assert list(alice.memberships.values_list("role", flat=True)) == ["coordinator"]
