"""The permission table, walked for every view and every persona.

Each view of the project must be in `PERMISSIONS`; for each, the personas request the view on
objects of their own and of another district (and, for municipal views, of their own and of
another municipality), and the status must be what the rule says. The expected outcome is
computed here from the persona's memberships, independently of the scoping code."""

import json
from collections.abc import Callable

import pytest
from django.conf import settings
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from teilhabe import testing
from teilhabe.accounts.models import Role, User
from teilhabe.allocation.models import AllocationPeriod, Arrival, Capacity
from teilhabe.core.permissions import PERMISSIONS, Access
from teilhabe.core.tests import (
    fixtures_everything,
    targets_accounts,
    targets_api,
    targets_corrections,
    targets_digest,
    targets_directory,
    targets_events,
    targets_history,
    targets_peers,
    targets_placement,
    targets_reports,
    targets_surveys,
)
from teilhabe.core.tests.fixtures_everything import OSTERHOLZ_MUNICIPALITY_ARS
from teilhabe.core.tests.targets import Target, asking_first
from teilhabe.core.tests.targets import both_districts as _both_districts
from teilhabe.inventory.models import Activity, Category
from teilhabe.regions.models import District, Municipality
from teilhabe.testing import SOTTRUM_ARS, ZEVEN_ARS


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


def _municipality(name: str, ars: str, **kw) -> Target:
    m = Municipality.objects.select_related("district").get(ars=ars)
    return Target(reverse(name, kwargs={"ars": ars}), m.district.ags, ars, **kw)


EDIT = {"website": "https://example.org", "description": "Geändert im Test"}
ACTIVITY = {
    "title": "Neues Angebot",
    "status": "active",
    "provider_kind": "volunteers",
    "end_date": "",
    "version": "1",
}


def _activity_targets(name: str, **kw) -> list[Target]:
    targets = []
    for activity in Activity.objects.select_related("district", "municipality").order_by("pk"):
        ars = activity.municipality.ars if activity.municipality else None
        data = kw.get("data")
        if data is not None:
            data = {
                **data,
                "category": activity.category_id,
                "municipality": activity.municipality_id or "",
            }
        targets.append(
            Target(
                reverse(name, args=[activity.pk]),
                activity.district.ags,
                ars,
                kw.get("method", "get"),
                data,
            )
        )
    return targets


def _import_preview(user, name: str = "inventory:import-preview") -> list[Target]:
    """An uploaded file waiting for confirmation, one per user and district."""
    from teilhabe.core.tabular import uploads

    targets = []
    for ags in ["03357", "03356"]:
        token = uploads.store(
            user_id=user.pk if user else 0,
            district_id=District.objects.get(ags=ags).pk,
            purpose=name,
            data="Titel;Handlungsfeld;Status;Trägerart\r\n".encode(),
            filename="leer.csv",
        )
        url = reverse(name, kwargs={"ags": ags, "token": token})
        targets.append(Target(url, district=ags))
    return targets


def _periods(name: str, **kw) -> list[Target]:
    from teilhabe.allocation.models import AllocationPeriod

    return [
        Target(
            reverse(name, args=[p.pk]),
            p.district.ags,
            None,
            kw.get("method", "get"),
            kw.get("data"),
        )
        for p in AllocationPeriod.objects.select_related("district").order_by("pk")
    ]


def _transparency(user) -> list[Target]:
    from teilhabe.allocation.models import AllocationPeriod

    targets = []
    for p in AllocationPeriod.objects.select_related("district").order_by("pk"):
        ars = ZEVEN_ARS if p.district.ags == "03357" else OSTERHOLZ_MUNICIPALITY_ARS
        targets.append(Target(reverse("allocation:transparency", args=[p.pk, ars]), p.district.ags))
    return targets


def _for_municipalities(name: str, data: dict) -> list[Target]:
    return [
        _municipality(name, ars, method=method, data=payload)
        for ars in [ZEVEN_ARS, SOTTRUM_ARS, OSTERHOLZ_MUNICIPALITY_ARS]
        for method, payload in [("get", None), ("post", data)]
    ]


def _network_rows() -> list[tuple]:
    from teilhabe.network.models import Contact, Organisation

    return [
        *Contact.objects.order_by("pk").values_list("pk", "name", "email", "erased_at"),
        *Organisation.objects.order_by("pk").values_list("pk", "name"),
    ]


LINKS: dict[str, str] = {}  # a valid personal link per district, set by the fixture


def _survey_objects(model_name: str):
    from teilhabe.surveys import models

    return getattr(models, model_name).objects.order_by("pk")


def _questionnaires(name: str, **kw) -> list[Target]:
    return [
        Target(
            reverse(name, args=[q.pk]),
            q.district.ags,
            None,
            kw.get("method", "get"),
            kw.get("data"),
        )
        for q in _survey_objects("Questionnaire").select_related("district")
    ]


def _waves(name: str) -> list[Target]:
    return [
        Target(reverse(name, args=[w.pk]), w.district.ags)
        for w in _survey_objects("Wave").select_related("district")
    ]


def _invitations(name: str) -> list[Target]:
    return [
        Target(reverse(name, args=[i.pk]), i.wave.district.ags, i.municipality.ars, "post")
        for i in _survey_objects("Invitation").select_related("wave__district", "municipality")
        if i.municipality.ars in (ZEVEN_ARS, OSTERHOLZ_MUNICIPALITY_ARS)
    ]


def _responses(name: str, method: str = "get", data: dict | None = None, *args) -> list[Target]:
    return [
        Target(
            reverse(name, args=[r.pk, *args]),
            r.invitation.wave.district.ags,
            r.invitation.municipality.ars,
            method,
            data,
        )
        for r in _survey_objects("Response").select_related(
            "invitation__wave__district", "invitation__municipality"
        )
        if r.invitation.municipality.ars in (ZEVEN_ARS, SOTTRUM_ARS, OSTERHOLZ_MUNICIPALITY_ARS)
    ]


def _by_link(name: str, *args, method: str = "get", data: dict | None = None) -> list[Target]:
    return [
        Target(reverse(name, args=[token, *args]), method=method, data=data)
        for token in LINKS.values()
    ]


def _contacts(name: str, method: str = "get") -> list[Target]:
    from teilhabe.network.models import Contact

    return [
        Target(reverse(name, args=[c.pk]), c.district.ags, c.municipality.ars, method)
        for c in Contact.objects.listed().select_related("district", "municipality").order_by("pk")
    ]


ARRIVAL = {
    "date": "2026-05-01",
    "persons": "3",
    "households": "1",
    "kind": "asylum",
    "counts_toward_quota": "on",
}
CAPACITY = {
    "date": "2026-05-01",
    "housing_total": "20",
    "housing_occupied": "5",
    "staff_fte": "1.5",
}

TARGETS: dict[str, Callable[[User | None], list[Target]]] = {
    "core:home": lambda u: [Target(reverse("core:home"))],
    "tasklist:my-tasks": lambda u: [Target(reverse("tasklist:my-tasks"))],
    "regions:about": lambda u: [Target(reverse("regions:about"))],
    "core:health": lambda u: [Target(reverse("core:health"))],
    "core:ready": lambda u: [Target(reverse("core:ready"))],
    "core:metrics": lambda u: [Target(reverse("core:metrics"))],  # from 127.0.0.1: allowed
    "set_language": lambda u: [
        Target(reverse("set_language"), method="post", data={"language": "en", "next": "/"})
    ],
    "accounts:login": lambda u: [Target(reverse("accounts:login"))],
    "accounts:logout": lambda u: [Target(reverse("accounts:logout"), method="post")],
    "regions:district-list": lambda u: [Target(reverse("regions:district-list"))],
    "regions:district-detail": lambda u: _both_districts("regions:district-detail"),
    "regions:district-boundaries": lambda u: _both_districts("regions:district-boundaries"),
    "regions:municipality-detail": lambda u: [
        _municipality("regions:municipality-detail", ars)
        for ars in [ZEVEN_ARS, SOTTRUM_ARS, OSTERHOLZ_MUNICIPALITY_ARS]
    ],
    "regions:municipality-edit": lambda u: [
        _municipality("regions:municipality-edit", ars, method=method, data=data)
        for ars in [ZEVEN_ARS, SOTTRUM_ARS, OSTERHOLZ_MUNICIPALITY_ARS]
        for method, data in [("get", None), ("post", EDIT)]
    ],
    "inventory:matrix": lambda u: _both_districts("inventory:matrix"),
    "inventory:matrix-export": lambda u: _both_districts("inventory:matrix-export", fmt="xlsx"),
    "inventory:activity-list": lambda u: _both_districts("inventory:activity-list"),
    "inventory:activity-export": lambda u: _both_districts("inventory:activity-export", fmt="csv"),
    "inventory:changes": lambda u: _both_districts("inventory:changes"),
    "inventory:import": lambda u: _both_districts("inventory:import"),
    "inventory:import-preview": _import_preview,
    "inventory:categories": lambda u: [
        *_both_districts("inventory:categories"),
        *[
            Target(t.url, t.district, method="post", data={"name": "Neues Feld", "order": 5})
            for t in _both_districts("inventory:categories")
        ],
    ],
    "inventory:activity-create": lambda u: [
        *_both_districts("inventory:activity-create"),
        *[
            Target(
                t.url,
                t.district,
                method="post",
                data={**ACTIVITY, "category": "", "municipality": ""},
            )
            for t in _both_districts("inventory:activity-create")
        ],
    ],
    "inventory:activity-detail": lambda u: _activity_targets("inventory:activity-detail"),
    "allocation:period-list": lambda u: _both_districts("allocation:period-list"),
    "allocation:arrival-import": lambda u: _both_districts("allocation:arrival-import"),
    "network:network": lambda u: _both_districts("network:network"),
    "network:contact-create": lambda u: [
        *_both_districts("network:contact-create"),
        *[
            Target(t.url, t.district, method="post", data={"name": ""})
            for t in _both_districts("network:contact-create")
        ],
    ],
    "network:organisation-create": lambda u: [
        *_both_districts("network:organisation-create"),
        *[
            Target(t.url, t.district, method="post", data={"name": ""})
            for t in _both_districts("network:organisation-create")
        ],
    ],
    "network:contacts-export": lambda u: _both_districts("network:contacts-export"),
    "network:contact-edit": lambda u: _contacts("network:contact-edit"),
    "network:contact-erase": lambda u: asking_first(_contacts("network:contact-erase", "post")),
    "surveys:questionnaire-list": lambda u: _both_districts("surveys:questionnaire-list"),
    "surveys:questionnaire-import": lambda u: [
        *_both_districts("surveys:questionnaire-import"),
        *[
            Target(t.url, t.district, method="post", data={})
            for t in _both_districts("surveys:questionnaire-import")
        ],
    ],
    "surveys:questionnaire-detail": lambda u: _questionnaires("surveys:questionnaire-detail"),
    "surveys:questionnaire-export": lambda u: _questionnaires("surveys:questionnaire-export"),
    "surveys:wave-create": lambda u: [
        *_questionnaires("surveys:wave-create"),
        *_questionnaires("surveys:wave-create", method="post", data={"name": ""}),
    ],
    "surveys:wave-detail": lambda u: _waves("surveys:wave-detail"),
    "surveys:question-add": lambda u: [
        Target(
            reverse("surveys:question-add", args=[t.url.split("/")[2], 1]),
            t.district,
            method=m,
            data={"name": ""} if m == "post" else None,
        )
        for t in _questionnaires("surveys:questionnaire-detail")
        for m in ("get", "post")
    ],
    "surveys:question-edit": lambda u: [
        Target(
            reverse("surveys:question-edit", args=[t.url.split("/")[2], 1, "language_needs"]),
            t.district,
        )
        for t in _questionnaires("surveys:questionnaire-detail")
    ],
    "surveys:question-delete": lambda u: [
        Target(
            reverse("surveys:question-delete", args=[t.url.split("/")[2], 1, "language_needs"]),
            t.district,
            method="post",
        )
        for t in _questionnaires("surveys:questionnaire-detail")
    ],
    "surveys:proposals": lambda u: _waves("surveys:proposals"),
    "surveys:results": lambda u: _waves("surveys:results"),
    "surveys:compare": lambda u: [
        Target(reverse("surveys:compare", args=[w.pk, w.pk]), w.district.ags)
        for w in _survey_objects("Wave").select_related("district")
    ],
    "surveys:wave-export": lambda u: [
        Target(reverse("surveys:wave-export", args=[w.pk, "xlsx"]), w.district.ags)
        for w in _survey_objects("Wave").select_related("district")
    ],
    "surveys:invitation-revoke": lambda u: asking_first(_invitations("surveys:invitation-revoke")),
    "surveys:invitation-renew": lambda u: asking_first(_invitations("surveys:invitation-renew")),
    "surveys:invitation-send": lambda u: [
        Target(t.url, t.district, t.municipality, "post", {"email": "zeven@example.org"})
        for t in _invitations("surveys:invitation-send")
    ],
    "surveys:response-reopen": lambda u: _responses("surveys:response-reopen", "post"),
    "surveys:response-detail": lambda u: [
        Target(t.url, t.district) for t in _responses("surveys:response-detail")
    ],
    "surveys:answer-as-member": lambda u: _responses("surveys:answer-as-member"),
    "surveys:autosave-as-member": lambda u: _responses(
        "surveys:autosave-as-member", "post", {"language_exists": "yes"}, "language_exists"
    ),
    "surveys:submit-as-member": lambda u: _responses("surveys:submit-as-member", "post"),
    "surveys:repeat-as-member": lambda u: _responses("surveys:repeat-as-member", "post"),
    "surveys:answer-by-link": lambda u: _by_link("surveys:answer-by-link"),
    "surveys:autosave-by-link": lambda u: _by_link(
        "surveys:autosave-by-link",
        "language_needs",
        method="post",
        data={"language_needs": "Räume"},
    ),
    "surveys:submit-by-link": lambda u: _by_link("surveys:submit-by-link", method="post"),
    "surveys:file-by-link": lambda u: _by_link("surveys:file-by-link", targets_surveys.ATTACHMENT),
    "surveys:repeat-by-link": lambda u: _by_link("surveys:repeat-by-link", method="post"),
    "allocation:arrival-import-preview": lambda u: _import_preview(
        u, "allocation:arrival-import-preview"
    ),
    "allocation:period-create": lambda u: [
        *_both_districts("allocation:period-create"),
        *[
            Target(t.url, t.district, method="post", data={"name": ""})
            for t in _both_districts("allocation:period-create")
        ],
    ],
    "allocation:period-detail": lambda u: _periods("allocation:period-detail"),
    "allocation:period-close": lambda u: asking_first(
        _periods("allocation:period-close", method="post")
    ),
    "allocation:adjustment-create": lambda u: [
        *_periods("allocation:adjustment-create"),
        *_periods("allocation:adjustment-create", method="post", data={"reason": ""}),
    ],
    "allocation:whatif": lambda u: _periods("allocation:whatif"),
    "allocation:period-export": lambda u: _periods("allocation:period-export"),
    "allocation:transparency": _transparency,
    "allocation:arrival-create": lambda u: _for_municipalities(
        "allocation:arrival-create", ARRIVAL
    ),
    "allocation:capacity-create": lambda u: _for_municipalities(
        "allocation:capacity-create", CAPACITY
    ),
    "inventory:activity-edit": lambda u: [
        *_activity_targets("inventory:activity-edit"),
        *_activity_targets("inventory:activity-edit", method="post", data=ACTIVITY),
    ],
    "inventory:activity-end": lambda u: [
        *_activity_targets("inventory:activity-end"),
        *_activity_targets(
            "inventory:activity-end", method="post", data={"end_date": "2026-11-01", "version": "1"}
        ),
    ],
}


TARGETS.update(targets_events.TARGETS)
TARGETS.update(targets_peers.TARGETS)
TARGETS.update(targets_placement.TARGETS)
TARGETS.update(targets_api.TARGETS)
TARGETS.update(targets_reports.TARGETS)
TARGETS.update(targets_accounts.TARGETS)
TARGETS.update(targets_directory.TARGETS)
TARGETS.update(targets_surveys.TARGETS)
TARGETS.update(targets_digest.TARGETS)
TARGETS.update(targets_corrections.TARGETS)
TARGETS.update(targets_history.TARGETS)


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
    if access is Access.DISTRICT_READ_RELEASED:
        return "ok" if coordinator or not target.internal else "missing"
    administrator = (Role.ADMINISTRATOR, target.district, None) in roles
    if access is Access.DISTRICT_ADMINISTER:
        return "ok" if administrator else "forbidden"
    if access is Access.DISTRICT_AUDIT:
        return "ok" if administrator or coordinator else "forbidden"
    if access is Access.DISTRICT_MANAGE:
        return "ok" if coordinator else "forbidden"
    if access is Access.DISTRICT_CONTRIBUTE:
        editor_here = any(r == Role.EDITOR and d == target.district for r, d, _ in roles)
        return "ok" if coordinator or editor_here else "forbidden"
    editor = (Role.EDITOR, target.district, target.municipality) in roles
    return "ok" if coordinator or editor else "forbidden"


def outcome(response) -> str:
    location = response.get("Location", "")
    if response.status_code == 302 and location.startswith(f"{reverse('accounts:login')}?next="):
        return "login"
    if response.status_code == 401 and response["Content-Type"].startswith("application/json"):
        return "login"  # the API answers 401 where the web redirects to the login page
    return {403: "forbidden", 404: "missing"}.get(
        response.status_code, "ok" if response.status_code < 400 else str(response.status_code)
    )


PERSONAS = ["anonymous", *testing.PERSONAS]


@pytest.mark.parametrize("view_name", sorted(PERMISSIONS))
@pytest.mark.parametrize("persona", PERSONAS)
def test_view_follows_the_permission_table(client, personas, sessions, view_name, persona):
    user = personas.get(persona)
    if user:
        client.cookies[settings.SESSION_COOKIE_NAME] = sessions[persona]
    for target in TARGETS[view_name](user):
        rule = PERMISSIONS[view_name]
        access = rule[target.method.upper()] if isinstance(rule, dict) else rule
        want = expected(user, access, target)
        if want == "ok":
            response = _request(client, target)
        else:
            response = _refused_request_changes_nothing(client, target)
        assert outcome(response) == want, (persona, target)
        if want == "missing":
            other = District.objects.get(ags=target.district).name
            assert other not in response.content.decode(), "a 404 page leaked the district"


def _request(client, target: Target):  # type: ignore[no-untyped-def]
    if target.json:
        return getattr(client, target.method)(
            target.url, json.dumps(target.data or {}), content_type="application/json"
        )
    return getattr(client, target.method)(target.url, target.data or {})


class _Undo(Exception):
    pass


def _refused_request_changes_nothing(client, target: Target):  # type: ignore[no-untyped-def]
    """Send a request that must be refused, and fail if it changed the snapshot's data. The
    database counts every row written; only when it counts some is the snapshot compared:
    taken after the request, and again once the request's writes are rolled back."""
    written = testing.rows_written()
    after = None
    try:
        with transaction.atomic():
            response = _request(client, target)
            if testing.rows_written() != written:
                after = snapshot()
                raise _Undo
    except _Undo:
        assert snapshot() == after, "a refused request changed data"
    return response


def test_a_request_that_changes_data_is_caught(client, personas):
    """The check behind every refused request: a write of the snapshot's data fails it (here
    a coordinator's allowed edit of her own municipality, sent as if it had to be refused),
    and the write is undone."""
    client.force_login(personas["alice"])
    target = _municipality("regions:municipality-edit", ZEVEN_ARS, method="post", data=EDIT)
    with pytest.raises(AssertionError, match="a refused request changed data"):
        _refused_request_changes_nothing(client, target)
    assert not Municipality.objects.filter(description=EDIT["description"]).exists()


def test_rows_written_counts_every_write(personas):
    before = testing.rows_written()
    Municipality.objects.filter(ars=ZEVEN_ARS).update(description="x")
    assert testing.rows_written() == before + 1


def snapshot() -> list[tuple]:
    return [
        *Municipality.objects.order_by("pk").values_list("pk", "website", "description"),
        *Activity.objects.order_by("pk").values_list("pk", "title", "status", "version"),
        *Category.objects.order_by("pk").values_list("pk", "name"),
        *Arrival.objects.order_by("pk").values_list("pk", "persons"),
        *Capacity.objects.order_by("pk").values_list("pk", "housing_total"),
        *AllocationPeriod.objects.order_by("pk").values_list("pk", "closed_at"),
        *_survey_objects("Answer").values_list("pk", "value", "version"),
        *_network_rows(),
        *targets_events.snapshot(),
        *targets_peers.snapshot(),
        *targets_placement.snapshot(),
        *targets_reports.snapshot(),
        *targets_accounts.snapshot(),
        *targets_directory.snapshot(),
        *targets_surveys.snapshot(),
        *targets_corrections.snapshot(),
        *_survey_objects("Invitation").values_list("pk", "token_hash", "revoked_at", "email"),
        *_survey_objects("Response").values_list("pk", "status"),
        *_survey_objects("Wave").values_list("pk", "name"),
        *_survey_objects("Questionnaire").values_list("pk", "title"),
        *_survey_objects("QuestionnaireVersion").values_list("pk", "number", "form"),
    ]


@pytest.fixture
def personas(world, db):
    return world


def with_objects(personas, rotenburg, osterholz):
    """The personas, with data of every kind in both districts (`fixtures_everything`); also
    used by test_csp.py."""
    LINKS.update(fixtures_everything.populate(personas, rotenburg, osterholz))
    return personas
