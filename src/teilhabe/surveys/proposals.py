"""From a submitted questionnaire to proposed changes of the stock-take.

Sections of a questionnaire may carry a field of action (`category` on the begin_group row).
If the municipality answers that offers exist there, Teilhabe proposes to record one when the
inventory has none, or to confirm the recorded ones. Coordinators accept or reject each
proposal; nothing changes in the inventory before that.

A repeat group whose questions include a select_one over the fields of action (choices that
carry a `category`, as the default questionnaire's "offers") lists offers one by one: each
submitted instance proposes a new activity with its title, provider, status and target
groups."""

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from teilhabe.inventory import services as inventory
from teilhabe.inventory.models import (
    Activity,
    ActivityStatus,
    Category,
    ProviderKind,
    TargetGroup,
    encode_target_groups,
)
from teilhabe.surveys import repeats, runtime
from teilhabe.surveys.models import (
    InventoryProposal,
    ProposalKind,
    ProposalStatus,
    Response,
)
from teilhabe.surveys.xlsform import Section

# Provider choices of the shipped questionnaire whose names differ from the inventory's codes.
PROVIDER_CODES = {
    "volunteer_initiative": "volunteers",
    "religious": "church",
    "school": "education",
}


def _section_answers(section: Section, stored: dict[str, Any]) -> dict[str, Any]:
    """The answers of a section by role: exists (yes/no), since, providers, volunteers."""
    found: dict[str, Any] = {}
    for q in section.questions:
        value = stored.get(q.name)
        if q.type == "yes_no" and "exists" not in found:
            found["exists"] = value
        elif q.type == "select_multiple" and "providers" not in found:
            found["providers"] = value or []
        elif q.type == "integer" and "since" in q.name:
            found["since"] = value
        elif q.type == "integer" and "volunteer" in q.name:
            found["volunteers"] = value
    return found


@transaction.atomic
def propose(response: Response) -> list[InventoryProposal]:
    """Proposals for one submitted response (again after a reopened one is resubmitted)."""
    municipality = response.invitation.municipality
    form, _items = runtime.compile_version(response.invitation.wave.version)
    stored = dict(response.answers.values_list("question", "value"))
    categories = {c.key: c for c in Category.objects.filter(district=municipality.district_id)}
    recorded = set(
        Activity.objects.filter(municipality=municipality)
        .exclude(status=ActivityStatus.ENDED)
        .values_list("category__key", flat=True)
    )
    made = []
    response.proposals.filter(status=ProposalStatus.PENDING).delete()
    for section in form.sections:
        category = categories.get(section.extra.get("category", ""))
        answers = _section_answers(section, stored)
        if category is None or answers.get("exists") != "yes":
            continue
        providers = [PROVIDER_CODES.get(p, p) for p in answers.get("providers", [])]
        values = {
            "title": category.name,
            "provider_kind": providers[0] if providers else "other",
            "volunteers": answers.get("volunteers"),
            "since": answers.get("since"),
        }
        kind = ProposalKind.CONFIRM if category.key in recorded else ProposalKind.CREATE
        proposal, _created = InventoryProposal.objects.update_or_create(
            response=response,
            category=category,
            instance=0,
            defaults={"kind": kind, "values": values, "status": ProposalStatus.PENDING},
        )
        made.append(proposal)
    for section in form.sections:
        if section.repeat:
            made += _offers(response, section, stored.get(section.name), categories)
    return made


def _offers(
    response: Response, section: Section, value: Any, categories: dict[str, Category]
) -> list[InventoryProposal]:
    """One proposal per instance of a repeat of offers that names its field of action."""
    roles: dict[str, str] = {}
    for q in section.questions:
        if q.type == "select_one" and any("category" in c.extra for c in q.choices):
            roles.setdefault("category", q.name)
        elif q.type == "text":
            roles.setdefault("title", q.name)
        elif q.type == "select_one" and {c.name for c in q.choices} & set(PROVIDER_CODES):
            roles.setdefault("provider", q.name)
        elif q.type == "select_one" and {c.name for c in q.choices} <= set(ActivityStatus):
            roles.setdefault("status", q.name)
        elif q.type == "select_multiple" and {c.name for c in q.choices} <= set(TargetGroup):
            roles.setdefault("target_groups", q.name)
    if "category" not in roles:
        return []
    made = []
    for instance in repeats.instances(value):
        field = instance.get(roles["category"])
        choice = next(
            (
                c
                for q in section.questions
                if q.name == roles["category"]
                for c in q.choices
                if c.name == field
            ),
            None,
        )
        category = categories.get(choice.extra.get("category", "")) if choice else None
        if category is None:
            continue
        provider = PROVIDER_CODES.get(instance.get(roles.get("provider", "")) or "", "")
        provider = provider or instance.get(roles.get("provider", "")) or ProviderKind.OTHER
        values = {
            "title": str(instance.get(roles.get("title", "")) or category.name)[:200],
            "provider_kind": provider if provider in ProviderKind else ProviderKind.OTHER,
            "status": instance.get(roles.get("status", "")) or ActivityStatus.ACTIVE,
            "target_groups": list(instance.get(roles.get("target_groups", "")) or []),
            "volunteers": None,
            "since": None,
        }
        proposal, _created = InventoryProposal.objects.update_or_create(
            response=response,
            category=category,
            instance=int(instance[repeats.ID]),
            defaults={
                "kind": ProposalKind.CREATE,
                "values": values,
                "status": ProposalStatus.PENDING,
            },
        )
        made.append(proposal)
    return made


@transaction.atomic
def accept(proposal: InventoryProposal) -> None:
    municipality = proposal.response.invitation.municipality
    today = timezone.localdate()
    if proposal.kind == ProposalKind.CREATE:
        since = proposal.values.get("since")
        inventory.create_activity(
            municipality.district,
            {
                "municipality": municipality,
                "category": proposal.category,
                "title": proposal.values["title"],
                "status": proposal.values.get("status") or ActivityStatus.ACTIVE,
                "provider_kind": proposal.values["provider_kind"],
                "volunteers": proposal.values.get("volunteers"),
                "start_date": datetime.date(int(since), 1, 1) if since else None,
                "last_confirmed": today,
                "target_groups": encode_target_groups(proposal.values.get("target_groups", [])),
            },
        )
    else:
        for activity in Activity.objects.filter(
            municipality=municipality, category=proposal.category
        ).exclude(status=ActivityStatus.ENDED):
            inventory.update_activity(activity.pk, {"last_confirmed": today}, activity.version)
    proposal.status = ProposalStatus.ACCEPTED
    proposal.decided_at = timezone.now()
    proposal.save(update_fields=["status", "decided_at"])


def reject(proposal: InventoryProposal) -> None:
    proposal.status = ProposalStatus.REJECTED
    proposal.decided_at = timezone.now()
    proposal.save(update_fields=["status", "decided_at"])
