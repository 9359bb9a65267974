"""The promises of the scoping mechanism, spelled out case by case."""

import json

import pytest
from django.http import Http404
from django.urls import reverse

from teilhabe.accounts.models import User
from teilhabe.core.permissions import PERMISSIONS, Access
from teilhabe.core.scoping import Scope
from teilhabe.regions.models import District, MemberMunicipality, Municipality, PopulationFigure
from teilhabe.testing import SOTTRUM_ARS, ZEVEN_ARS


def test_an_editor_of_zeven_can_change_zeven_but_not_sottrum(client, personas):
    client.force_login(personas["bob"])
    data = {"website": "https://www.zeven.de", "description": "Sprachcafé im Rathaus"}
    assert (
        client.post(reverse("regions:municipality-edit", args=[ZEVEN_ARS]), data).status_code == 302
    )
    assert Municipality.objects.get(ars=ZEVEN_ARS).website == "https://www.zeven.de"

    response = client.post(reverse("regions:municipality-edit", args=[SOTTRUM_ARS]), data)
    assert response.status_code == 403
    assert Municipality.objects.get(ars=SOTTRUM_ARS).website == ""
    # ... but may read Sottrum, to learn from the other municipalities
    assert client.get(reverse("regions:municipality-detail", args=[SOTTRUM_ARS])).status_code == 200


def test_a_viewer_changes_nothing(client, personas, rotenburg):
    """Every POST the permission table knows, sent by a committee member: all refused."""
    from teilhabe.core.tests.test_permissions import TARGETS, snapshot
    from teilhabe.testing import make_activity

    make_activity(rotenburg, Municipality.objects.get(ars=ZEVEN_ARS))
    carol = personas["carol"]
    client.force_login(carol)
    writes = [
        target
        for name, access in PERMISSIONS.items()
        if access not in (Access.PUBLIC, Access.LOGIN)
        for target in TARGETS[name](carol)
        if target.method == "post" and target.district == "03357"
    ]
    assert len(writes) >= 5
    before = snapshot()
    for target in writes:
        if target.json:
            response = client.post(
                target.url, json.dumps(target.data or {}), content_type="application/json"
            )
        else:
            response = client.post(target.url, target.data or {})
        assert response.status_code == 403, target.url
    assert snapshot() == before


def test_a_user_of_another_district_sees_nothing_of_rotenburg(client, personas, rotenburg):
    client.force_login(personas["dave"])
    urls = [
        reverse("regions:district-detail", args=["03357"]),
        reverse("regions:district-boundaries", args=["03357"]),
    ]
    urls += [
        reverse("regions:municipality-detail", args=[m.ars]) for m in rotenburg.municipalities.all()
    ]
    urls += [
        reverse("regions:municipality-edit", args=[m.ars]) for m in rotenburg.municipalities.all()
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Rotenburg" not in response.content.decode()
    # and the district list offers only his own district
    response = client.get(reverse("regions:district-list"), follow=True)
    assert "Rotenburg" not in response.content.decode()
    assert "Osterholz" in response.content.decode()


def test_scope_filters_every_district_model(personas, rotenburg, osterholz):
    scope = Scope.for_user(personas["dave"])
    for model in (District, Municipality, MemberMunicipality, PopulationFigure):
        visible = scope.filter(model.objects.all())
        assert visible.exists(), model
        path = model.district_path
        assert set(visible.values_list(path, flat=True)) == {osterholz.pk}, model


def test_a_district_is_found_by_its_key_only_when_visible(personas, rotenburg, osterholz):
    scope = Scope.for_user(personas["dave"])
    assert scope.district(osterholz.ags) == osterholz
    for hidden in (rotenburg.ags, "99999"):  # someone else's, and none at all: alike
        with pytest.raises(Http404):
            scope.district(hidden)
    admin = User.objects.create_superuser("installation-admin", password="x")
    assert Scope.for_user(admin).district(rotenburg.ags) == rotenburg


def test_anonymous_scope_sees_nothing(rotenburg):
    from django.contrib.auth.models import AnonymousUser

    scope = Scope.for_user(AnonymousUser())
    assert not scope.filter(Municipality.objects.all()).exists()


def test_unknown_url_and_unknown_object_are_404_not_500(client, personas):
    client.force_login(personas["alice"])
    assert client.get("/does-not-exist/").status_code == 404
    assert client.get(reverse("regions:district-detail", args=["99999"])).status_code == 404
    assert client.get(reverse("regions:municipality-detail", args=["x" * 40])).status_code == 404
