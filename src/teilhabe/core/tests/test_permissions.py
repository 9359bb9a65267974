"""The permission table, walked for every view and every persona.

Each view of the project must be in `PERMISSIONS`; for each, the personas request the view on
objects of their own and of another district (and, for municipal views, of their own and of
another municipality), and the status must be what the rule says. The expected outcome is
computed here from the persona's memberships, independently of the scoping code."""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from teilhabe.accounts.models import Role, User
from teilhabe.core.permissions import PERMISSIONS, Access
from teilhabe.core.testing import SOTTRUM_ARS, ZEVEN_ARS
from teilhabe.regions.models import District, Municipality

OSTERHOLZ_MUNICIPALITY_ARS = "033560007007"  # Osterholz-Scharmbeck


def named_views(resolver: URLResolver | None = None, prefix: str = "") -> set[str]:
    names: set[str] = set()
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":  # covered by test_admin_scoping
                continue
            ns = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            names |= named_views(entry, ns)
        elif isinstance(entry, URLPattern) and entry.name:
            names.add(f"{prefix}{entry.name}")
    return names


def test_every_view_is_in_the_permission_table():
    assert named_views() == set(PERMISSIONS)


@dataclass(frozen=True)
class Target:
    url: str
    district: str | None = None  # AGS of the district the object belongs to
    municipality: str | None = None  # ARS of the municipality
    method: str = "get"
    data: dict | None = None


def _district(name: str, ags: str) -> Target:
    return Target(reverse(name, kwargs={"ags": ags}), district=ags)


def _municipality(name: str, ars: str, **kw) -> Target:
    m = Municipality.objects.select_related("district").get(ars=ars)
    return Target(reverse(name, kwargs={"ars": ars}), m.district.ags, ars, **kw)


EDIT = {"website": "https://example.org", "description": "Geändert im Test"}

TARGETS: dict[str, Callable[[], list[Target]]] = {
    "core:home": lambda: [Target(reverse("core:home"))],
    "core:about": lambda: [Target(reverse("core:about"))],
    "core:health": lambda: [Target(reverse("core:health"))],
    "set_language": lambda: [
        Target(reverse("set_language"), method="post", data={"language": "en", "next": "/"})
    ],
    "accounts:login": lambda: [Target(reverse("accounts:login"))],
    "accounts:logout": lambda: [Target(reverse("accounts:logout"), method="post")],
    "regions:district-list": lambda: [Target(reverse("regions:district-list"))],
    **{
        name: (lambda name=name: [_district(name, "03357"), _district(name, "03356")])
        for name in ["regions:district-detail", "regions:district-boundaries"]
    },
    "regions:municipality-detail": lambda: [
        _municipality("regions:municipality-detail", ars)
        for ars in [ZEVEN_ARS, SOTTRUM_ARS, OSTERHOLZ_MUNICIPALITY_ARS]
    ],
    "regions:municipality-edit": lambda: [
        _municipality("regions:municipality-edit", ars, method=method, data=data)
        for ars in [ZEVEN_ARS, SOTTRUM_ARS, OSTERHOLZ_MUNICIPALITY_ARS]
        for method, data in [("get", None), ("post", EDIT)]
    ],
}


def test_every_view_has_targets():
    assert set(TARGETS) == set(PERMISSIONS)


def expected(user: User | None, access: Access, target: Target) -> str:
    """What the rule promises: ok, login (redirect to the login page), forbidden or missing."""
    if access is Access.PUBLIC:
        return "ok"
    if user is None:
        return "login"
    if access is Access.LOGIN or user.is_superuser:
        return "ok"
    roles = {
        (m.role, m.district.ags, m.municipality.ars if m.municipality else None)
        for m in user.memberships.select_related("district", "municipality")
    }
    if target.district not in {d for _, d, _ in roles}:
        return "missing"
    if access is Access.DISTRICT_READ:
        return "ok"
    coordinator = (Role.COORDINATOR, target.district, None) in roles
    if access is Access.DISTRICT_MANAGE:
        return "ok" if coordinator else "forbidden"
    editor = (Role.EDITOR, target.district, target.municipality) in roles
    return "ok" if coordinator or editor else "forbidden"


def outcome(response) -> str:
    location = response.get("Location", "")
    if response.status_code == 302 and location.startswith(f"{reverse('accounts:login')}?next="):
        return "login"
    return {403: "forbidden", 404: "missing"}.get(
        response.status_code, "ok" if response.status_code < 400 else str(response.status_code)
    )


PERSONAS = ["anonymous", "alice", "bob", "carol", "erin", "dave", "root"]


@pytest.mark.parametrize("view_name", sorted(PERMISSIONS))
@pytest.mark.parametrize("persona", PERSONAS)
def test_view_follows_the_permission_table(client, personas, view_name, persona):
    user = personas.get(persona)
    if user:
        client.force_login(user)
    for target in TARGETS[view_name]():
        before = snapshot()
        response = getattr(client, target.method)(target.url, target.data or {})
        want = expected(user, PERMISSIONS[view_name], target)
        assert outcome(response) == want, (persona, target)
        if want != "ok":
            assert snapshot() == before, "a refused request changed data"
        if want == "missing":
            other = District.objects.get(ags=target.district).name
            assert other not in response.content.decode(), "a 404 page leaked the district"


def snapshot() -> list[tuple]:
    return list(Municipality.objects.order_by("pk").values_list("pk", "website", "description"))
