"""The admin goes through the same scope: other districts' rows are invisible there too."""

import pytest
from django.urls import reverse

from teilhabe.accounts.models import Membership, Role
from teilhabe.core.testing import SOTTRUM_ARS, make_user
from teilhabe.regions.models import District, Municipality, PopulationFigure


@pytest.fixture
def olga(osterholz):
    """Administrator of Landkreis Osterholz."""
    return make_user("olga", Role.ADMINISTRATOR, osterholz, is_staff=True)


def test_a_district_administrator_sees_only_their_district(client, personas, olga):
    client.force_login(olga)
    for model in ("municipality", "populationfigure", "district"):
        response = client.get(reverse(f"admin:regions_{model}_changelist"))
        assert response.status_code == 200
        assert "Rotenburg" not in response.content.decode()
        assert "Sottrum" not in response.content.decode()
    users = client.get(reverse("admin:accounts_user_changelist")).content.decode()
    assert "alice" not in users and "olga" in users


@pytest.mark.parametrize(
    ("model", "lookup"),
    [
        (Municipality, {"ars": SOTTRUM_ARS}),
        (District, {"ags": "03357"}),
        (PopulationFigure, {"municipality__ars": SOTTRUM_ARS}),
    ],
)
def test_a_district_administrator_cannot_open_or_change_another_districts_rows(
    client, personas, olga, model, lookup
):
    obj = model.objects.filter(**lookup).first()
    name = model._meta.model_name
    client.force_login(olga)
    change = reverse(f"admin:regions_{name}_change", args=[obj.pk])
    response = client.get(change)  # Django's admin answers "does not exist" for out-of-scope rows
    assert (response.status_code, response["Location"]) == (302, reverse("admin:index"))
    response = client.post(change, {"name": "Übernommen"})
    assert response.status_code in (302, 403, 404)
    delete = reverse(f"admin:regions_{name}_delete", args=[obj.pk])
    client.post(delete, {"post": "yes"})
    assert model.objects.filter(pk=obj.pk).exists()
    obj.refresh_from_db()
    assert getattr(obj, "name", "") != "Übernommen"


def test_a_district_administrator_cannot_see_or_edit_other_districts_users(client, personas, olga):
    client.force_login(olga)
    alice = personas["alice"]
    response = client.get(reverse("admin:accounts_user_change", args=[alice.pk]))
    assert (response.status_code, response["Location"]) == (302, reverse("admin:index"))
    client.post(reverse("admin:accounts_user_delete", args=[alice.pk]), {"post": "yes"})
    assert type(alice).objects.filter(pk=alice.pk).exists()


def test_a_district_administrator_cannot_make_anyone_superuser(client, personas, olga):
    client.force_login(olga)
    response = client.get(reverse("admin:accounts_user_change", args=[olga.pk]))
    assert response.status_code == 200
    assert 'name="is_superuser"' not in response.content.decode()


def test_membership_choices_offer_only_the_administered_district(client, personas, olga):
    client.force_login(olga)
    page = client.get(reverse("admin:accounts_membership_add")).content.decode()
    assert "Landkreis Osterholz" in page
    assert "Rotenburg" not in page


@pytest.mark.parametrize("persona", ["alice", "bob", "carol", "dave"])
def test_coordinators_editors_and_viewers_have_no_admin(client, personas, persona):
    client.force_login(personas[persona])
    response = client.get(reverse("admin:regions_municipality_changelist"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_a_rotenburg_administrator_manages_rotenburg(client, personas):
    client.force_login(personas["erin"])
    page = client.get(reverse("admin:regions_municipality_changelist")).content.decode()
    assert "Samtgemeinde Sottrum" in page
    assert "Osterholz" not in page


def test_installation_administrator_sees_all(client, personas):
    client.force_login(personas["root"])
    page = client.get(reverse("admin:regions_district_changelist")).content.decode()
    assert "Rotenburg" in page and "Osterholz" in page
    assert Membership.objects.exists()
