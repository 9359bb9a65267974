"""Who owns an account, with two districts: an administrator sees only their district's
accounts, changes an account as a whole only when all its roles lie in their districts, gets
another district's person only by invitation, and never sets anybody's password."""

import pytest
from django.urls import reverse

from teilhabe.accounts.models import Membership
from teilhabe.accounts.tests.conftest import FOREIGN

pytestmark = pytest.mark.django_db


def admin_pages(people) -> list[str]:
    urls = [
        reverse(n, args=["03357"])
        for n in ("accounts:administration", "accounts:invite", "accounts:audit-log")
    ]
    for name in ("alice", "bob", "carol", "erin", "sam"):
        urls.append(reverse("accounts:account", args=["03357", people[name].pk]))
    return urls


def test_the_administrator_sees_their_people_and_nobody_elses(client, people):
    client.force_login(people["olga"])  # writes a login into Osterholz's log, naming olga
    client.force_login(people["dave"])
    client.force_login(people["erin"])
    page = client.get(reverse("accounts:administration", args=["03357"])).content.decode()
    for name in ("alice", "bob", "carol", "erin", "sam"):
        assert f">{name}<" in page
    for url in admin_pages(people):
        page = client.get(url).content.decode()
        for foreign in FOREIGN:
            assert foreign not in page, (url, foreign)
        assert "Osterholz" not in page, url  # no drop-down offers another district's places


@pytest.mark.parametrize("name", ["dave", "olga", "nora", "root"])
def test_accounts_outside_the_district_are_not_there(client, people, name):
    client.force_login(people["erin"])
    pk = people[name].pk
    for ags in ("03357", "03356"):
        for url_name, method in (
            ("accounts:account", "get"),
            ("accounts:role-add", "post"),
            ("accounts:deactivate", "post"),
            ("accounts:reactivate", "post"),
        ):
            response = getattr(client, method)(
                reverse(url_name, args=[ags, pk]), {"role": "viewer"}
            )
            assert response.status_code == 404, (url_name, ags)
    assert not people[name].memberships.filter(district__ags="03357").exists() or name == "root"


def test_roles_of_another_district_cannot_be_taken_through_ones_own(client, people):
    client.force_login(people["erin"])
    dave_role = people["dave"].memberships.get()
    sam_osterholz = people["sam"].memberships.get(district__ags="03356")
    for membership in (dave_role, sam_osterholz):
        for ags in ("03357", "03356"):
            response = client.post(reverse("accounts:role-remove", args=[ags, membership.pk]))
            assert response.status_code == 404
        assert Membership.objects.filter(pk=membership.pk).exists()


def test_an_owned_account_can_be_deactivated_and_reactivated(client, people):
    alice = people["alice"]
    client.force_login(people["erin"])
    client.post(reverse("accounts:deactivate", args=["03357", alice.pk]), {"confirmed": "yes"})
    alice.refresh_from_db()
    assert not alice.is_active
    client.post(reverse("accounts:reactivate", args=["03357", alice.pk]), {"confirmed": "yes"})
    alice.refresh_from_db()
    assert alice.is_active


def test_a_shared_account_keeps_running_only_its_roles_here_can_go(client, people):
    sam = people["sam"]
    client.force_login(people["erin"])
    response = client.post(
        reverse("accounts:deactivate", args=["03357", sam.pk]), {"confirmed": "yes"}, follow=True
    )
    sam.refresh_from_db()
    assert sam.is_active
    assert "anderen Landkreis" in response.content.decode()
    here = sam.memberships.get(district__ags="03357")
    client.post(reverse("accounts:role-remove", args=["03357", here.pk]), {"confirmed": "yes"})
    sam.refresh_from_db()
    assert sam.is_active
    assert list(sam.memberships.values_list("district__ags", flat=True)) == ["03356"]
    # Now sam belongs to Osterholz alone: Osterholz's administrator owns the account.
    client.force_login(people["olga"])
    client.post(reverse("accounts:deactivate", args=["03356", sam.pk]), {"confirmed": "yes"})
    sam.refresh_from_db()
    assert not sam.is_active


def test_taking_the_last_role_deactivates_and_hides_the_account(client, people):
    carol = people["carol"]
    client.force_login(people["erin"])
    client.post(
        reverse("accounts:role-remove", args=["03357", carol.memberships.get().pk]),
        {"confirmed": "yes"},
    )
    carol.refresh_from_db()
    assert not carol.is_active and not carol.memberships.exists()
    assert client.get(reverse("accounts:account", args=["03357", carol.pk])).status_code == 404


def test_the_last_administrator_keeps_the_role(client, people):
    erin = people["erin"]
    client.force_login(erin)
    response = client.post(
        reverse("accounts:role-remove", args=["03357", erin.memberships.get().pk]),
        {"confirmed": "yes"},
        follow=True,
    )
    assert erin.memberships.exists()
    assert "letzte Person mit der Rolle Administration" in response.content.decode()


def test_roles_are_given_only_within_the_district(client, people):
    bob = people["bob"]
    client.force_login(people["erin"])
    from teilhabe.regions.models import Municipality
    from teilhabe.testing import SOTTRUM_ARS

    osterholz_place = Municipality.objects.filter(district__ags="03356").first()
    client.post(
        reverse("accounts:role-add", args=["03357", bob.pk]),
        {"role": "editor", "municipality": osterholz_place.pk},
    )
    assert not bob.memberships.filter(municipality=osterholz_place).exists()
    place = Municipality.objects.get(ars=SOTTRUM_ARS)
    client.post(
        reverse("accounts:role-add", args=["03357", bob.pk]),
        {"role": "editor", "municipality": place.pk},
    )
    assert bob.memberships.filter(municipality=place, role="editor").exists()


def test_no_page_of_the_administration_sets_a_password(client, people):
    alice = people["alice"]
    before = alice.password
    client.force_login(people["erin"])
    fields = {
        "password": "Übernommen-2026!",
        "password1": "Übernommen-2026!",
        "password2": "Übernommen-2026!",
        "new_password1": "Übernommen-2026!",
        "new_password2": "Übernommen-2026!",
        "role": "viewer",
        "confirmed": "yes",
    }
    for url in admin_pages(people):
        client.post(url, fields)
    for name in ("deactivate", "reactivate", "role-add"):
        client.post(reverse(f"accounts:{name}", args=["03357", alice.pk]), fields)
    client.post(reverse("accounts:password-change"), {**fields, "old_password": "falsch"})
    alice.refresh_from_db()
    assert alice.password == before


def test_other_members_of_the_district_may_not_administer(client, people):
    for name in ("alice", "bob", "carol"):
        client.force_login(people[name])
        response = client.get(reverse("accounts:administration", args=["03357"]))
        assert response.status_code == 403
    client.force_login(people["alice"])  # coordinators read the log
    assert client.get(reverse("accounts:audit-log", args=["03357"])).status_code == 200
